// Fills the benchmark's ledger with a large store quickly. Payment methods, the top-up product,
// the settings and the wallet funding go through the ledger API (they are few, and the funding
// must leave balanced entries); the 100,000 customers and 50,000 products are raw inserts in one
// transaction, which would take minutes one API call at a time. The raw rows keep the schema's
// invariants: each customer has its own wallet account (zero balance, no entries) and every row
// has its own change number from one block reserved on the change counter, as the API does.
import type { PaymentMethod, Product } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { walletControlCode } from '../../server/ledger/accounts.ts';
import { defaultSettings } from '../../server/ledger/catalog.ts';
import { reserveChangeSeqs } from '../../server/ledger/context.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';

export interface BenchWalletUser {
  id: string;
  name: string;
  balanceMinor: number;
}

export interface SeededBenchStore {
  cash: PaymentMethod;
  wallet: PaymentMethod;
  sampleProducts: Product[];
  /** Wallet users funded through the API, for the validation and drain runs. */
  walletUsers: BenchWalletUser[];
  till: { id: string; token: string; name: string };
}

export interface BenchStoreSize {
  customerCount: number;
  productCount: number;
  fundedWalletCount: number;
  fundedBalanceMinor: number;
}

// French, Belgian and Swiss names with the accents a search must see through.
// prettier-ignore
const firstNames = [
  'Gérard', 'Françoise', 'Léa', 'Noémie', 'Loïc', 'Hélène', 'Jérôme', 'Zoé', 'Anaïs', 'Benoît',
  'Cédric', 'Maëlle', 'Éric', 'Émilie', 'Agnès', 'Aurélie', 'Céline', 'Clément', 'Daniël',
  'Frédéric', 'Gaëtan', 'Inès', 'Jérémie', 'Joël', 'Léon', 'Mélanie', 'Michaël', 'Nathanaël',
  'Océane', 'Raphaël', 'Renée', 'Sébastien', 'Stéphane', 'Thérèse', 'Valérie', 'Yannick',
  'Marie', 'Pierre', 'Jean', 'Sophie', 'Luc', 'Anne', 'Paul', 'Julie', 'Marc', 'Claire',
];
// prettier-ignore
const lastNames = [
  'Lefèvre', 'Dubois', 'Peeters', 'Crèvecœur', "D'Hondt", 'Wéry', 'Maes', 'Dupont', 'Müller',
  'Gérardin', 'Lemaître', 'Bénard', 'Chevalier', 'Fèvre', 'Janssens', 'Lambert', 'Mertens',
  'Noël', 'Pétré', 'Renard', 'Séverin', 'Thiébaut', 'Vandenberghe', 'Wouters', 'Ménard',
  'Boulanger', 'Collignon', 'Delvaux', 'Englebert', 'François', 'Goossens', 'Hébert', 'Istasse',
  'Jacquemin', 'Kessler', 'Leclercq', 'Marchal', 'Nélis', 'Orban', 'Piérard', 'Quévy',
  'Rousseau', 'Simon', 'Thys', 'Urbain', 'Verhaegen', 'Willems', 'Zénon', 'Études', 'Château',
];
// prettier-ignore
const productKinds = [
  'Pain au levain', 'Lait entier', 'Fromage de Herve', 'Pommes Jonagold', 'Café moulu',
  'Riz complet', 'Chocolat noir', 'Yaourt nature', 'Savon à l’huile', 'Lessive écologique',
  'Bougie', 'Piles rechargeables', 'Éponge', 'Shampooing solide', 'Pâtes fraîches',
  'Crème fraîche', 'Bière trappiste', 'Confiture de groseilles', 'Thé vert', 'Épices',
];

/** A fixed-seed generator, so that two runs fill the same store and their figures compare. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

export async function seedBenchStore(ledger: Ledger, size: BenchStoreSize) {
  const random = createRandom(20_260_105);
  const method = (name: string, kind: PaymentMethod['kind'], sortOrder: number) =>
    ledger.createPaymentMethod({
      name,
      kind,
      minimumWalletMinor: 0,
      requiresCustomer: kind === 'wallet',
      sortOrder,
    });
  const cash = await method('Espèces', 'cash', 1);
  await method('Carte', 'card', 2);
  const wallet = await method('Portefeuille client', 'wallet', 3);
  const topUp = await ledger.createProduct({
    name: 'Crédit de compte client',
    barcode: null,
    priceMinor: 100,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
  });
  await ledger.saveSettings({ ...defaultSettings, walletTopUpProductId: topUp.id });
  const created = await ledger.createTill('Caisse banc');

  const customers = await insertCustomers(ledger, size.customerCount, random);
  const sampleProducts = await insertProducts(ledger, size.productCount, random);

  const walletUsers: BenchWalletUser[] = [];
  for (const customer of customers.slice(0, size.fundedWalletCount)) {
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: customer.id,
      amountMinor: size.fundedBalanceMinor,
      description: 'Virement bancaire',
    });
    walletUsers.push({ ...customer, balanceMinor: size.fundedBalanceMinor });
  }

  return {
    cash,
    wallet,
    sampleProducts,
    walletUsers,
    till: { id: created.till.id, token: created.token, name: created.till.name },
  } satisfies SeededBenchStore;
}

/** Every customer is a wallet user here, so each one is a candidate for the wallet runs. */
async function insertCustomers(ledger: Ledger, count: number, random: () => number) {
  const now = new Date().toISOString();
  return ledger.database.write(async (sql) => {
    const firstSeq = await reserveChangeSeqs(sql, count);
    const made: { id: string; name: string }[] = [];
    for (let index = 0; index < count; index += 1) {
      const id = newId();
      const walletId = newId();
      const name = `${pick(firstNames, random)} ${pick(lastNames, random)}`;
      const email = index % 3 === 0 ? `membre${index}@example.org` : null;
      const cardBarcode = index % 2 === 0 ? `29${String(index).padStart(11, '0')}` : null;
      await sql.run(
        'INSERT INTO accounts (id, code, name, kind, tax_rate_bp, balance_minor, entry_count, ' +
          "created_at) VALUES (?, ?, ?, 'wallet', NULL, 0, 0, ?)",
        [walletId, walletControlCode, `Wallet: ${name}`, now],
      );
      await sql.run(
        'INSERT INTO customers (id, name, email, card_barcode, iban, household_id, wallet_id, ' +
          'is_wallet_user, is_active, change_seq, created_at) ' +
          'VALUES (?, ?, ?, ?, NULL, NULL, ?, 1, 1, ?, ?)',
        [id, name, email, cardBarcode, walletId, firstSeq + index, now],
      );
      made.push({ id, name });
    }
    return made;
  });
}

async function insertProducts(ledger: Ledger, count: number, random: () => number) {
  const now = new Date().toISOString();
  return ledger.database.write(async (sql) => {
    const firstSeq = await reserveChangeSeqs(sql, count);
    const samples: Product[] = [];
    for (let index = 0; index < count; index += 1) {
      const isFood = index % 5 < 3;
      const product: Product = {
        id: newId(),
        name: `${pick(productKinds, random)} ${index + 1}`,
        barcode: `54${String(index).padStart(11, '0')}`,
        priceMinor: 80 + Math.floor(random() * 1_500),
        taxRateBasisPoints: isFood ? 600 : 2100,
        isWalletCredit: false,
        isService: false,
        isActive: true,
      };
      await sql.run(
        'INSERT INTO products (id, name, barcode, price_minor, tax_rate_bp, is_wallet_credit, ' +
          'is_active, change_seq, created_at) VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?)',
        [
          product.id,
          product.name,
          product.barcode,
          product.priceMinor,
          product.taxRateBasisPoints,
          firstSeq + index,
          now,
        ],
      );
      if (index < 20) samples.push(product);
    }
    return samples;
  });
}
