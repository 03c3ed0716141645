// Fills an empty ledger with a believable cooperative grocery in Belgium, for `--demo`, for the
// `ledger demo` command and for trying the tills and the back office without real data. Every
// wallet balance comes from a real bank top-up transaction, so the books of the demo pass
// `ledger check` like any other. The same seed gives the same names, prices, cards and balances;
// ids and booking times are fresh, as they are made where the data is made.
import type { PaymentMethod } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { asNumber, one } from '../storage/database.ts';
import { defaultSettings, type NewPaymentMethod } from '../ledger/catalog.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { planProducts } from './catalogue.ts';
import { planMembers, planTopUps, type MemberPlan, type PlannedTopUp } from './members.ts';
import { createRandom, type Random } from './random.ts';

export const demoStoreName = 'Coopérative Le Panier Partagé';
export const defaultDemoSeed = 1;

export interface DemoFilled {
  status: 'filled';
  seed: number;
  customerCount: number;
  walletUserCount: number;
  householdCount: number;
  /** Articles on the shelves, the wallet top-up product included. */
  productCount: number;
  weighedProductCount: number;
  paymentMethodCount: number;
  topUpCount: number;
  /** The sum of every wallet balance: what the store owes its members. */
  walletTotalMinor: number;
  topUpProductId: string;
  staffCount: number;
}

/** A demo fills only an empty database, so running `--demo` twice never doubles the data. */
export interface DemoRefused {
  status: 'refused';
  reason: 'database_not_empty';
  detail: string;
}

export type DemoSummary = DemoFilled | DemoRefused;

const demoPaymentMethods: NewPaymentMethod[] = [
  { name: 'Espèces', kind: 'cash', minimumWalletMinor: 0, requiresCustomer: false, sortOrder: 1 },
  {
    name: 'Carte bancaire',
    kind: 'card',
    minimumWalletMinor: 0,
    requiresCustomer: false,
    sortOrder: 2,
  },
  // Minimum 0: a wallet may not be overdrawn, as in most cooperatives.
  {
    name: 'Portefeuille client',
    kind: 'wallet',
    minimumWalletMinor: 0,
    requiresCustomer: true,
    sortOrder: 3,
  },
];

/**
 * Who signs in at the demo tills. The PINs are printed in the README: a demo is for trying the
 * till, and anyone trying it needs them.
 */
export const demoStaff = [
  { name: 'Claire', role: 'manager', pin: '1234' },
  { name: 'Julien', role: 'cashier', pin: '0000' },
] as const;

const catalogueTables = [
  'customers',
  'households',
  'products',
  'payment_methods',
  'staff',
] as const;

/** Returns why the database is not empty, or null when the demo may fill it. */
async function existingData(ledger: Ledger): Promise<string | null> {
  const counters = catalogueTables.map((table) => `(SELECT COUNT(*) FROM ${table}) AS ${table}`);
  const row = await ledger.database.read((sql) =>
    one<Record<string, unknown>>(sql, `SELECT ${counters.join(', ')}`),
  );
  const found = catalogueTables
    .map((table) => ({ table, count: asNumber(row?.[table] ?? 0) }))
    .filter(({ count }) => count > 0);
  if (found.length === 0) return null;
  const listed = found.map(({ table, count }) => `${count} ${table.replaceAll('_', ' ')}`);
  return `the database already holds ${listed.join(', ')}; the demo store fills only an empty one`;
}

async function createCatalogue(ledger: Ledger, random: Random) {
  const paymentMethods: PaymentMethod[] = [];
  for (const method of demoPaymentMethods) {
    paymentMethods.push(await ledger.createPaymentMethod(method));
  }

  // One unit sold puts one euro (100 cents) on the wallet. No VAT: a top-up is prepaid money,
  // taxed when it is spent on goods.
  const topUpProduct = await ledger.createProduct({
    name: 'Crédit de compte client',
    barcode: null,
    priceMinor: 100,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
    isService: true,
  });
  await ledger.saveSettings({
    ...defaultSettings,
    storeName: demoStoreName,
    currency: 'EUR',
    locale: 'fr-BE',
    walletTopUpProductId: topUpProduct.id,
  });

  const plannedProducts = planProducts(random);
  for (const { product } of plannedProducts) await ledger.createProduct(product);
  const weighedProductCount = plannedProducts.filter((planned) => planned.isWeighed).length;
  return {
    topUpProductId: topUpProduct.id,
    productCount: plannedProducts.length + 1,
    weighedProductCount,
    paymentMethodCount: paymentMethods.length,
  };
}

async function createStaff(ledger: Ledger): Promise<number> {
  for (const person of demoStaff) {
    const saved = await ledger.saveStaffMember(newId(), { ...person, isActive: true });
    if (!saved.ok)
      throw new Error(`The demo staff member ${person.name} was refused: ${saved.reason}`);
  }
  return demoStaff.length;
}

/** Writes the households and members; returns the customer id of each planned member. */
async function createMembers(ledger: Ledger, plan: MemberPlan): Promise<string[]> {
  const householdIds: string[] = [];
  for (const household of plan.households) {
    householdIds.push((await ledger.createHousehold({ name: household.name })).id);
  }

  const customerIds: string[] = [];
  for (const member of plan.members) {
    const householdId = member.householdIndex === null ? null : householdIds[member.householdIndex];
    if (householdId === undefined) throw new Error(`No household ${member.householdIndex}`);
    const customer = await ledger.createCustomer({
      name: member.name,
      email: member.email,
      cardBarcode: member.cardBarcode,
      iban: member.iban,
      householdId,
      isWalletUser: member.isWalletUser,
    });
    customerIds.push(customer.id);
  }
  return customerIds;
}

/** Books each planned bank transfer as a real ledger transaction; returns their total. */
async function bookTopUps(
  ledger: Ledger,
  topUps: readonly PlannedTopUp[],
  customerIds: readonly string[],
): Promise<number> {
  let totalMinor = 0;
  for (const topUp of topUps) {
    const customerId = customerIds[topUp.memberIndex];
    if (customerId === undefined) throw new Error(`No customer for member ${topUp.memberIndex}`);
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId,
      amountMinor: topUp.amountMinor,
      description: topUp.description,
      occurredAt: topUp.occurredAt,
    });
    totalMinor += topUp.amountMinor;
  }
  return totalMinor;
}

/**
 * Fills an empty database with the demo store. A database that already has customers, households,
 * products or payment methods is left untouched and the result says so (`status: 'refused'`):
 * a server started with `--demo` again simply keeps its data.
 */
export async function fillDemoStore(
  ledger: Ledger,
  options: { seed?: number } = {},
): Promise<DemoSummary> {
  const seed = options.seed ?? defaultDemoSeed;
  const logger = ledger.context.logger.child('demo');
  const refusal = await existingData(ledger);
  if (refusal !== null) {
    logger.info('demo store not filled: the database is not empty');
    return { status: 'refused', reason: 'database_not_empty', detail: refusal };
  }

  const startedAtMs = performance.now();
  const random = createRandom(seed);
  const catalogue = await createCatalogue(ledger, random);
  const staffCount = await createStaff(ledger);
  const plan = planMembers(random);
  const customerIds = await createMembers(ledger, plan);
  const topUps = planTopUps(random, plan, ledger.context.now());
  const walletTotalMinor = await bookTopUps(ledger, topUps, customerIds);

  logger.info('demo store filled', {
    seed,
    customerCount: plan.members.length,
    productCount: catalogue.productCount,
    topUpCount: topUps.length,
    durationMs: Math.round(performance.now() - startedAtMs),
  });
  return {
    status: 'filled',
    seed,
    customerCount: plan.members.length,
    walletUserCount: plan.members.filter((member) => member.isWalletUser).length,
    householdCount: plan.households.length,
    topUpCount: topUps.length,
    walletTotalMinor,
    staffCount,
    ...catalogue,
  };
}
