// The demo store, on every engine: it must look like a real Belgian cooperative (a few hundred
// members and articles, households sharing a wallet, Belgian VAT, valid barcodes and IBANs), keep
// the books as consistent as real use would, be the same for the same seed, and never add itself
// to a database that already holds a store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStaff, fillDemoStore, type DemoFilled } from '../../server/demo/demo-store.ts';
import {
  belgianIban,
  ean13CheckDigit,
  structuredCommunication,
} from '../../server/demo/identifiers.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { asNumber } from '../../server/storage/database.ts';
import { verifyPin } from '../../shared/pin.ts';
import { engines, openTestLedger } from '../support/databases.ts';

type Rows = Record<string, unknown>[];

function rowsOf(ledger: Ledger, text: string): Promise<Rows> {
  return ledger.database.read((sql) => sql.all(text));
}

async function countOf(ledger: Ledger, table: string): Promise<number> {
  const rows = await rowsOf(ledger, `SELECT COUNT(*) AS count FROM ${table}`);
  return asNumber(rows[0]?.count);
}

/** Written here from the GS1 rule, independently of the demo's own helper. */
function isValidEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const total = [...code].reduce((sum, digit, index) => {
    return sum + Number(digit) * (index % 2 === 0 ? 1 : 3);
  }, 0);
  return total % 10 === 0;
}

/** ISO 13616: country and check digits moved to the end, letters as 10-35, 1 modulo 97. */
function isValidIban(iban: string): boolean {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  const digits = rearranged.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  return /^BE\d{14}$/.test(iban) && BigInt(digits) % 97n === 1n;
}

function isFilled(summary: Awaited<ReturnType<typeof fillDemoStore>>): DemoFilled {
  if (summary.status !== 'filled') throw new Error(`The demo was refused: ${summary.detail}`);
  return summary;
}

describe('the check digits the demo computes', () => {
  it.each([
    ['400638133393', 1],
    ['540000000001', 0],
    ['000000000000', 0],
    ['978020137962', 4],
  ])('gives the EAN-13 body %s the check digit %i', (body, expected) => {
    expect(ean13CheckDigit(body)).toBe(expected);
  });

  it.each(['', '12345', '1234567890123', 'abcdefghijkl', '12345678901 '])(
    'refuses the EAN-13 body %j, which is not 12 digits',
    (body) => {
      expect(() => ean13CheckDigit(body)).toThrow(/12 digits/);
    },
  );

  it('builds the IBAN of the standard Belgian example and a valid structured communication', () => {
    expect(belgianIban('539', '0075470')).toBe('BE68539007547034');
    // 0000000097 is 0 modulo 97, which Belgian banks write as 97.
    expect(structuredCommunication('0000000097')).toBe('+++000/0000/09797+++');
    expect(structuredCommunication('5000000012')).toBe('+++500/0000/01285+++');
  });
});

describe.each(engines)('the demo store on %s', (engine) => {
  let ledger: Ledger;
  let close: () => Promise<void>;
  let summary: DemoFilled;

  beforeAll(async () => {
    ({ ledger, close } = await openTestLedger(engine));
    summary = isFilled(await fillDemoStore(ledger));
  });

  afterAll(() => close());

  it('fills an empty database with hundreds of members and articles, 40 % on wallets', async () => {
    const customerCount = await countOf(ledger, 'customers');
    const walletUserCount = await countOf(ledger, 'customers WHERE is_wallet_user = 1');
    expect(customerCount).toBeGreaterThanOrEqual(250);
    expect(customerCount).toBeLessThanOrEqual(350);
    expect(walletUserCount / customerCount).toBeGreaterThanOrEqual(0.35);
    expect(walletUserCount / customerCount).toBeLessThanOrEqual(0.45);
    expect(await countOf(ledger, 'products')).toBeGreaterThanOrEqual(250);
    expect(await countOf(ledger, 'products')).toBeLessThanOrEqual(350);
    expect(await countOf(ledger, 'households')).toBeGreaterThanOrEqual(15);
    expect(await countOf(ledger, 'households')).toBeLessThanOrEqual(25);
    expect(summary).toMatchObject({
      customerCount,
      walletUserCount,
      productCount: await countOf(ledger, 'products'),
      householdCount: await countOf(ledger, 'households'),
      paymentMethodCount: 3,
    });
  });

  it('has a manager and a cashier who sign in with the PINs the README gives', async () => {
    const staff = await ledger.listStaff();
    expect(summary.staffCount).toBe(2);
    expect(staff.map(({ name, role, isActive }) => ({ name, role, isActive }))).toEqual([
      { name: 'Claire', role: 'manager', isActive: true },
      { name: 'Julien', role: 'cashier', isActive: true },
    ]);
    for (const person of demoStaff) {
      const member = staff.find((candidate) => candidate.name === person.name);
      expect(await verifyPin(person.pin, member!.pinHash)).toBe(true);
    }
    const claire = staff.find((member) => member.role === 'manager')!;
    expect(await ledger.verifyManager({ staffId: claire.id, pin: '1234' })).toMatchObject({
      ok: true,
    });
  });

  it('gives each household 2 or 3 wallet users who spend from its one wallet', async () => {
    const households = await rowsOf(ledger, 'SELECT id, wallet_id FROM households');
    const members = await rowsOf(
      ledger,
      'SELECT id, household_id, wallet_id, is_wallet_user FROM customers ' +
        'WHERE household_id IS NOT NULL',
    );
    for (const household of households) {
      const own = members.filter((member) => member.household_id === household.id);
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(own.length).toBeLessThanOrEqual(3);
      expect(new Set(own.map((member) => member.wallet_id))).toEqual(
        new Set([household.wallet_id]),
      );
      expect(own.every((member) => asNumber(member.is_wallet_user) === 1)).toBe(true);

      const seen = await Promise.all(own.map((member) => ledger.readCustomer(String(member.id))));
      const balances = new Set(seen.map((customer) => customer?.walletBalanceMinor));
      expect(balances.size).toBe(1);
      expect([...balances][0]).toBeGreaterThan(0);
    }
  });

  it('gives wallet users money through bank top-ups, and the others nothing', async () => {
    const customers = await rowsOf(
      ledger,
      'SELECT c.is_wallet_user, a.balance_minor FROM customers c ' +
        'JOIN accounts a ON a.id = c.wallet_id',
    );
    for (const customer of customers) {
      const balance = asNumber(customer.balance_minor);
      if (asNumber(customer.is_wallet_user) === 1) expect(balance).toBeGreaterThan(0);
      else expect(balance).toBe(0);
    }

    const wallets = await rowsOf(
      ledger,
      "SELECT COALESCE(SUM(balance_minor), 0) AS total FROM accounts WHERE kind = 'wallet'",
    );
    expect(asNumber(wallets[0]?.total)).toBe(summary.walletTotalMinor);
    const kinds = await rowsOf(ledger, 'SELECT DISTINCT kind FROM transactions');
    expect(kinds.map((row) => row.kind)).toEqual(['bank_top_up']);
    expect(await countOf(ledger, 'transactions')).toBe(summary.topUpCount);
  });

  it('leaves books in which every invariant holds', async () => {
    expect(await ledger.check()).toEqual([]);
  });

  it('describes each top-up with a valid Belgian structured communication', async () => {
    const rows = await rowsOf(ledger, 'SELECT description FROM transactions');
    for (const row of rows) {
      const match = /^Virement \+\+\+(\d{3})\/(\d{4})\/(\d{5})\+\+\+$/.exec(
        String(row.description),
      );
      expect(match, String(row.description)).not.toBeNull();
      const digits = match?.slice(1).join('') ?? '';
      const remainder = Number(BigInt(digits.slice(0, 10)) % 97n) || 97;
      expect(Number(digits.slice(10))).toBe(remainder);
    }
  });

  it('prices articles in whole cents at the Belgian VAT rates, some per kilogram', async () => {
    const products = await rowsOf(
      ledger,
      'SELECT id, name, barcode, price_minor, tax_rate_bp, is_wallet_credit FROM products',
    );
    const articles = products.filter((product) => asNumber(product.is_wallet_credit) === 0);
    for (const article of articles) {
      expect(Number.isSafeInteger(article.price_minor)).toBe(true);
      expect(asNumber(article.price_minor)).toBeGreaterThan(0);
    }
    expect(new Set(articles.map((article) => asNumber(article.tax_rate_bp)))).toEqual(
      new Set([600, 2100]),
    );
    const weighed = articles.filter((article) => String(article.name).endsWith('(au kg)'));
    expect(weighed.length).toBeGreaterThanOrEqual(10);
    expect(weighed.length).toBe(summary.weighedProductCount);
    expect(weighed.every((article) => asNumber(article.tax_rate_bp) === 600)).toBe(true);
    expect(articles.some((article) => /Bière|Gueuze|Kriek/.test(String(article.name)))).toBe(true);
    expect(articles.find((article) => String(article.name).startsWith('Kriek'))?.tax_rate_bp).toBe(
      2100,
    );
  });

  it('gives every article and every member card a valid EAN-13 that no other one has', async () => {
    const products = await rowsOf(ledger, 'SELECT barcode FROM products WHERE barcode IS NOT NULL');
    const cards = await rowsOf(ledger, 'SELECT card_barcode AS barcode FROM customers');
    const codes = [...products, ...cards].map((row) => String(row.barcode));
    expect(products.length).toBe(summary.productCount - 1);
    expect(cards.length).toBe(summary.customerCount);
    expect(codes.filter((code) => !isValidEan13(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('sets up cash, card and the wallet, and the top-up product in the settings', async () => {
    const methods = await rowsOf(
      ledger,
      'SELECT name, kind, minimum_wallet_minor, requires_customer FROM payment_methods ' +
        'ORDER BY sort_order',
    );
    expect(methods.map((method) => [method.name, method.kind])).toEqual([
      ['Espèces', 'cash'],
      ['Carte bancaire', 'card'],
      ['Portefeuille client', 'wallet'],
    ]);
    expect(asNumber(methods[2]?.requires_customer)).toBe(1);
    expect(asNumber(methods[2]?.minimum_wallet_minor)).toBe(0);

    const settings = await ledger.readSettings();
    expect(settings).toMatchObject({ currency: 'EUR', locale: 'fr-BE' });
    expect(settings.walletTopUpProductId).toBe(summary.topUpProductId);
    const topUps = await rowsOf(
      ledger,
      'SELECT id, name, price_minor, tax_rate_bp FROM products WHERE is_wallet_credit = 1',
    );
    expect(topUps).toHaveLength(1);
    expect(topUps[0]).toMatchObject({
      id: summary.topUpProductId,
      name: 'Crédit de compte client',
    });
    expect(asNumber(topUps[0]?.price_minor)).toBe(100);
    expect(asNumber(topUps[0]?.tax_rate_bp)).toBe(0);
  });

  it('uses accented French names, unique e-mail addresses and valid Belgian IBANs', async () => {
    const customers = await rowsOf(
      ledger,
      'SELECT name, email, iban, is_wallet_user FROM customers',
    );
    const names = customers.map((customer) => String(customer.name));
    expect(names.filter((name) => /[àâçéèêëîïôûüœ]/i.test(name)).length).toBeGreaterThan(30);
    const textsOf = (column: string) =>
      customers.map((customer) => customer[column]).filter((value) => typeof value === 'string');
    const emails = textsOf('email');
    expect(emails.length).toBeGreaterThan(customers.length / 2);
    const malformed = emails.filter((email) => !/^[a-z0-9.-]+@[a-z0-9.-]+\.[a-z]{2,}$/.test(email));
    expect(malformed).toEqual([]);
    expect(new Set(emails).size).toBe(emails.length);
    const ibans = textsOf('iban');
    expect(ibans.length).toBe(summary.walletUserCount);
    expect(ibans.filter((iban) => !isValidIban(iban))).toEqual([]);
  });

  it('refuses to fill a database that already has customers, and changes nothing', async () => {
    const before = await countOf(ledger, 'customers');
    const again = await fillDemoStore(ledger);
    expect(again).toMatchObject({ status: 'refused', reason: 'database_not_empty' });
    expect(again.status === 'refused' && again.detail).toMatch(/already holds \d+ customers/);
    expect(await countOf(ledger, 'customers')).toBe(before);
    expect(await countOf(ledger, 'transactions')).toBe(summary.topUpCount);
  });
});

describe('the demo store on a database that already has a catalogue', () => {
  it('refuses a database holding a single product, without adding anything', async () => {
    const test = await openTestLedger('sqlite');
    try {
      await test.ledger.createProduct({
        name: 'Pain gris',
        barcode: null,
        priceMinor: 319,
        taxRateBasisPoints: 600,
        isWalletCredit: false,
      });
      const result = await fillDemoStore(test.ledger);
      expect(result).toMatchObject({ status: 'refused', reason: 'database_not_empty' });
      expect(await countOf(test.ledger, 'products')).toBe(1);
      expect(await countOf(test.ledger, 'customers')).toBe(0);
      expect(await countOf(test.ledger, 'payment_methods')).toBe(0);
    } finally {
      await test.close();
    }
  });
});

describe('the demo store seed', () => {
  async function contentOf(seed: number) {
    const test = await openTestLedger('sqlite');
    try {
      isFilled(await fillDemoStore(test.ledger, { seed }));
      const customers = await rowsOf(
        test.ledger,
        'SELECT c.name, c.email, c.card_barcode, c.iban, a.balance_minor FROM customers c ' +
          'JOIN accounts a ON a.id = c.wallet_id ORDER BY c.card_barcode',
      );
      const products = await rowsOf(
        test.ledger,
        'SELECT name, barcode, price_minor, tax_rate_bp FROM products ORDER BY barcode, name',
      );
      return { customers, products };
    } finally {
      await test.close();
    }
  }

  it('gives the same people, prices and balances for one seed, others for another', async () => {
    const first = await contentOf(7);
    const second = await contentOf(7);
    const other = await contentOf(8);
    expect(second).toEqual(first);
    expect(other.customers.map((row) => row.name)).not.toEqual(
      first.customers.map((row) => row.name),
    );
    expect(other.products.map((row) => row.price_minor)).not.toEqual(
      first.products.map((row) => row.price_minor),
    );
  });

  it('fills the store within a few seconds', async () => {
    const test = await openTestLedger('sqlite');
    try {
      const startedAtMs = performance.now();
      isFilled(await fillDemoStore(test.ledger));
      expect(performance.now() - startedAtMs).toBeLessThan(5_000);
    } finally {
      await test.close();
    }
  });
});
