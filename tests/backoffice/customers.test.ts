// Finding customers the way the back office does: by any part of the name, e-mail or card
// whatever the accents and case, by their transfer reference, with the filters "wallet balance
// not zero" and "wallet users only"; and a household's members sharing one wallet. The
// structured references must be stable per customer and lead back to the right one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findCustomerByTransferReference,
  foldForSearch,
  searchCustomers,
  transferReferencesOfCustomer,
} from '../../server/backoffice/customers.ts';
import {
  isValidCreditorReference,
  parseTransferReference,
} from '../../server/backoffice/structured-reference.ts';
import type { Customer } from '../../shared/domain.ts';
import { engines } from '../support/databases.ts';
import { PageClient, startBackOffice, textOf, type BackOffice } from './support/back-office.ts';

describe('search folding', () => {
  it.each([
    ['Gérard Œuvray', 'gerard oeuvray'],
    ['JÖRG MÜLLER', 'jorg muller'],
    ['  Ève   Lœtitia  ', 'eve loetitia'],
    ['Straße', 'strasse'],
    ['Zoë@Example.BE', 'zoe@example.be'],
  ])('folds %s to %s', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });
});

describe.each(engines)('customers in the back office on %s', (engine) => {
  let server: BackOffice;
  let client: PageClient;
  let gerard: Customer;
  let anna: Customer;
  let jorg: Customer;
  let householdId: string;

  async function names(query: Record<string, string>): Promise<string[]> {
    const page = await client.get(`/backoffice/customers?${new URLSearchParams(query).toString()}`);
    expect(page.status).toBe(200);
    return [...page.body.matchAll(/<a href="\/backoffice\/customers\/[^"]+">([^<]+)<\/a>/g)].map(
      (match) => match[1] ?? '',
    );
  }

  beforeAll(async () => {
    server = await startBackOffice(engine);
    const { ledger } = server;
    gerard = await ledger.createCustomer({
      name: 'Gérard Œuvray',
      email: 'gerard.oeuvray@example.be',
      cardBarcode: '2000000000015',
      isWalletUser: true,
    });
    const household = await ledger.createHousehold({ name: 'Famille Müller' });
    householdId = household.id;
    anna = await ledger.createCustomer({
      name: 'Anna Müller',
      householdId,
      isWalletUser: true,
    });
    jorg = await ledger.createCustomer({
      name: 'Jörg Müller',
      householdId,
      isWalletUser: false,
    });
    await ledger.createCustomer({ name: '<script>alert(1)</script>', isWalletUser: false });
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: jorg.id,
      amountMinor: 2_500,
      description: 'Virement Müller',
    });
    client = new PageClient(server.url);
    await client.login();
  });

  afterAll(() => server?.close());

  it.each([
    ['gerard', ['Gérard Œuvray']],
    ['GÉRARD', ['Gérard Œuvray']],
    ['oeuvray', ['Gérard Œuvray']],
    ['muller', ['Anna Müller', 'Jörg Müller']],
    ['müll ANNA', ['Anna Müller']],
    ['jorg', ['Jörg Müller']],
    ['gerard.oeuvray@example', ['Gérard Œuvray']],
    ['2000000000015', ['Gérard Œuvray']],
    ['dupont alice', ['Alice Dupont']],
    ['%', []],
    ['_', []],
    ['nobody at all', []],
  ])('finds %s', async (query, expected) => {
    expect(await names({ q: query })).toEqual(expected);
  });

  it('says so when nothing matches', async () => {
    const page = await client.get('/backoffice/customers?q=zzzz');
    expect(textOf(page.body)).toContain('No customer matches.');
  });

  it('finds a customer by either of their transfer references', async () => {
    const references = await server.ledger.database.read((sql) =>
      transferReferencesOfCustomer(sql, gerard.id),
    );
    expect(references).not.toBeNull();
    expect(await names({ q: references!.structuredCommunication })).toEqual(['Gérard Œuvray']);
    expect(await names({ q: references!.creditorReference })).toEqual(['Gérard Œuvray']);
  });

  it('lists only the wallets with a balance under "wallet balance not zero"', async () => {
    // Alice has her opening balance, the Müllers share 25,00; Gérard and Bob have nothing.
    expect(await names({ nonZero: '1' })).toEqual(['Alice Dupont', 'Anna Müller', 'Jörg Müller']);
    expect(await names({ nonZero: '1', q: 'muller' })).toEqual(['Anna Müller', 'Jörg Müller']);
    const direct = await searchCustomers(
      server.ledger.database,
      { query: '', isNonZeroOnly: true, isWalletUsersOnly: false, limit: 50, offset: 0 },
      () => new Date(),
    );
    expect(direct.items.every((item) => item.balanceMinor !== 0)).toBe(true);
  });

  it('narrows to wallet users on request', async () => {
    expect(await names({ walletUsers: '1', q: 'muller' })).toEqual(['Anna Müller']);
    expect(await names({ walletUsers: '1', nonZero: '1' })).toEqual([
      'Alice Dupont',
      'Anna Müller',
    ]);
  });

  it('finds a customer whose name changed balance since the last search', async () => {
    const late = await server.ledger.createCustomer({ name: 'Zoé Lambert', isWalletUser: true });
    expect(await names({ q: 'zoe' })).toEqual(['Zoé Lambert']);
    await server.ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: late.id,
      amountMinor: 100,
      description: 'Virement',
    });
    expect(await names({ q: 'zoe', nonZero: '1' })).toEqual(['Zoé Lambert']);
  });

  it('shows a household with its members and their one shared wallet', async () => {
    const page = await client.get(`/backoffice/customers/${anna.id}`);
    const text = textOf(page.body);
    expect(text).toContain('Household: Famille Müller');
    expect(text).toContain('The members of the household "Famille Müller" share one wallet.');
    expect(text).toContain('Jörg Müller');
    // Anna sees the 25,00 Jörg's transfer put on the household's wallet.
    expect(text).toMatch(/Wallet balance €25\.00/);

    const household = await client.get(`/backoffice/households/${householdId}`);
    expect(household.status).toBe(200);
    expect(textOf(household.body)).toContain('Household: Famille Müller');
    expect(
      [...household.body.matchAll(/customers\/[^"]+">([^<]+)</g)].map((match) => match[1]),
    ).toEqual(['Anna Müller', 'Jörg Müller']);
  });

  it('escapes what customers are called', async () => {
    const page = await client.get('/backoffice/customers?q=script');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>');
  });

  it('answers an unknown or malformed customer id with a page that says so', async () => {
    for (const id of ['01900000-0000-7000-8000-000000000000', 'not-an-id', "1' OR '1'='1"]) {
      const page = await client.get(`/backoffice/customers/${encodeURIComponent(id)}`);
      expect(page.status, id).toBe(404);
      expect(textOf(page.body)).toContain('This customer does not exist.');
    }
  });

  it('gives each customer stable references with valid check digits', async () => {
    const first = await server.ledger.database.read((sql) =>
      transferReferencesOfCustomer(sql, gerard.id),
    );
    await server.ledger.bookWalletTransfer({
      kind: 'adjustment',
      customerId: gerard.id,
      amountMinor: 100,
      description: 'Geste commercial',
    });
    const again = await server.ledger.database.read((sql) =>
      transferReferencesOfCustomer(sql, gerard.id),
    );
    expect(again).toEqual(first);
    expect(parseTransferReference(first!.structuredCommunication)).not.toBeNull();
    expect(isValidCreditorReference(first!.creditorReference)).toBe(true);

    const page = await client.get(`/backoffice/customers/${gerard.id}`);
    expect(page.body).toContain(first!.structuredCommunication);
    expect(page.body).toContain(first!.creditorReference);

    const everyone = [server.store.alice, server.store.bob, gerard, anna, jorg];
    const all = await server.ledger.database.read(async (sql) =>
      Promise.all(everyone.map((customer) => transferReferencesOfCustomer(sql, customer.id))),
    );
    const communications = all.map((references) => references?.structuredCommunication);
    expect(new Set(communications).size).toBe(everyone.length);
  });

  it('looks up the customer of a reference for the statement importer', async () => {
    const references = await server.ledger.database.read((sql) =>
      transferReferencesOfCustomer(sql, anna.id),
    );
    const lookup = (text: string) =>
      server.ledger.database.read((sql) => findCustomerByTransferReference(sql, text));
    expect((await lookup(references!.structuredCommunication))?.customerId).toBe(anna.id);
    expect((await lookup(references!.creditorReference.replace(/ /g, '')))?.customerId).toBe(
      anna.id,
    );
    const digits = references!.structuredCommunication.replace(/\D/g, '');
    expect((await lookup(digits))?.customerId).toBe(anna.id);
    // One wrong check digit, and a valid reference nobody has.
    const wrong = `${digits.slice(0, 10)}${(Number(digits.slice(10)) % 97) + 1}`.padEnd(12, '0');
    expect(await lookup(wrong)).toBeNull();
    expect(await lookup('+++999/9999/99948+++')).toBeNull();
    expect(await lookup('Alice Dupont')).toBeNull();
  });
});
