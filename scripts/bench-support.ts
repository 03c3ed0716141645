// What the server benchmark needs besides the measurements: a store filled through the ledger
// API, a stream of realistic orders, the rows a booked order leaves in the books, a small HTTP
// client, scratch databases and the statistics. Kept apart so that bench-server.ts reads as the
// list of what is measured.
import type BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { Order, OrderLine, OrderPayment, PaymentMethod, Product } from '../shared/domain.ts';
import { newId } from '../shared/ids.ts';
import { lineTotalMinor, walletDeltaOf, walletMovementsOf } from '../shared/order-math.ts';
import { planOrderEntries } from '../server/ledger/booking.ts';
import { defaultSettings } from '../server/ledger/catalog.ts';
import type { Ledger } from '../server/ledger/ledger.ts';
import { hashOrder } from '../server/ledger/push.ts';
import type { SqlValue } from '../server/storage/database.ts';

export interface Random {
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(percent: number): boolean;
}

/** mulberry32, seeded so that two runs book the same orders and their figures compare. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[integer(0, items.length - 1)];
    if (item === undefined) throw new Error('Cannot pick from an empty list');
    return item;
  };
  return { integer, pick, chance: (percent) => next() * 100 < percent };
}

/** Runs `work` over the items with at most `limit` in flight, keeping the results in order. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex;
      nextIndex += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// The store

export interface BenchCustomer {
  id: string;
  walletId: string;
  isWalletUser: boolean;
}

export interface BenchStore {
  cash: PaymentMethod;
  card: PaymentMethod;
  wallet: PaymentMethod;
  topUp: Product;
  products: Product[];
  customers: BenchCustomer[];
  walletUsers: BenchCustomer[];
  /** What each wallet holds before the first order, by wallet id. */
  openingBalances: Map<string, number>;
}

export interface StoreSize {
  customerCount: number;
  productCount: number;
}

// PostgreSQL gains from a few writes in flight while seeding; SQLite runs them one by one anyway.
const seedWritesInFlightMax = 8;

const foodKinds = ['Pain', 'Lait', 'Fromage', 'Pommes', 'Café', 'Riz', 'Chocolat', 'Yaourt'];
const otherKinds = ['Savon', 'Lessive', 'Bougie', 'Piles', 'Éponge', 'Shampooing', 'Carnet'];
const firstNames = ['Françoise', 'Gérard', 'Léa', 'Noémie', 'Loïc', 'Hélène', 'Jérôme', 'Zoé'];
const lastNames = ['Lefèvre', 'Dubois', 'Peeters', 'Crèvecœur', "D'Hondt", 'Wéry', 'Maes'];

export async function seedBenchStore(
  ledger: Ledger,
  size: StoreSize,
  random: Random,
): Promise<BenchStore> {
  const methods = await createPaymentMethods(ledger);
  const topUp = await ledger.createProduct({
    name: 'Crédit de compte client',
    barcode: null,
    priceMinor: 100,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
  });
  await ledger.saveSettings({ ...defaultSettings, walletTopUpProductId: topUp.id });

  const products = await createProducts(ledger, size.productCount, random);
  const customers = await createCustomers(ledger, size.customerCount, random);
  const walletUsers = customers.filter((customer) => customer.isWalletUser);
  const openingBalances = await fundWallets(ledger, walletUsers, random);
  return { ...methods, topUp, products, customers, walletUsers, openingBalances };
}

async function createPaymentMethods(ledger: Ledger) {
  const method = (name: string, kind: PaymentMethod['kind'], sortOrder: number) =>
    ledger.createPaymentMethod({
      name,
      kind,
      minimumWalletMinor: 0,
      requiresCustomer: kind === 'wallet',
      sortOrder,
    });
  const cash = await method('Espèces', 'cash', 1);
  const card = await method('Carte', 'card', 2);
  const wallet = await method('Portefeuille client', 'wallet', 3);
  return { cash, card, wallet };
}

/** Three in five are food at 6 % VAT, the rest at 21 %, as on a cooperative's shelves. */
function createProducts(ledger: Ledger, count: number, random: Random): Promise<Product[]> {
  return mapLimited(range(count), seedWritesInFlightMax, (index) => {
    const isFood = index % 5 < 3;
    return ledger.createProduct({
      name: `${random.pick(isFood ? foodKinds : otherKinds)} n° ${index + 1}`,
      barcode: null,
      priceMinor: isFood ? random.integer(80, 1500) : random.integer(150, 2500),
      taxRateBasisPoints: isFood ? 600 : 2100,
      isWalletCredit: false,
    });
  });
}

/**
 * One customer in ten belongs to a two-person household sharing its wallet, and three in ten of
 * the others have a wallet of their own: a push then touches shared and single wallets alike.
 */
async function createCustomers(
  ledger: Ledger,
  count: number,
  random: Random,
): Promise<BenchCustomer[]> {
  const households = await mapLimited(range(Math.floor(count / 20)), seedWritesInFlightMax, (i) =>
    ledger.createHousehold({ name: `Ménage ${i + 1}` }),
  );
  const householdIds = households.flatMap((household) => [household.id, household.id]);
  const created = await mapLimited(range(count), seedWritesInFlightMax, (index) => {
    const householdId = householdIds[index] ?? null;
    return ledger.createCustomer({
      name: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
      householdId,
      isWalletUser: householdId !== null || index % 10 < 3,
    });
  });
  return created.map(({ id, walletId, isWalletUser }) => ({ id, walletId, isWalletUser }));
}

/** One bank transfer per wallet, large enough that the wallet sales rarely run it dry. */
async function fundWallets(
  ledger: Ledger,
  walletUsers: readonly BenchCustomer[],
  random: Random,
): Promise<Map<string, number>> {
  const holders = new Map(walletUsers.map((customer) => [customer.walletId, customer.id]));
  const balances = new Map<string, number>();
  await mapLimited([...holders], seedWritesInFlightMax, async ([walletId, customerId]) => {
    const amountMinor = random.integer(100, 600) * 100;
    balances.set(walletId, amountMinor);
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId,
      amountMinor,
      description: 'Virement bancaire',
    });
  });
  return balances;
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

// The orders

export interface OrderBatch {
  tillIndex: number;
  orders: Order[];
}

export interface BatchPlan {
  orderCount: number;
  batchSize: number;
  tillCount: number;
}

interface SaleContext {
  store: BenchStore;
  random: Random;
  /** Opening balance minus the wallet spends planned so far, by wallet id. */
  spendable: Map<string, number>;
}

type Sale = Pick<
  Order,
  'customerId' | 'lines' | 'payments' | 'changeGivenMinor' | 'changeToWalletMinor' | 'isOffline'
>;

const banknotesMinor = [500, 1000, 2000, 5000];
const topUpEuros = [10, 20, 50];
const cashierNames = ['Anaïs', 'Benoît', 'Cédric', 'Maëlle'];
const firstOrderTimeMs = Date.parse('2026-01-05T08:00:00.000Z');
const orderSpacingMs = 20_000;

/** Batches go to the tills in turn; each till numbers its own orders from 1. */
export function planBatches(store: BenchStore, plan: BatchPlan, random: Random): OrderBatch[] {
  const context: SaleContext = { store, random, spendable: new Map(store.openingBalances) };
  const sequences = range(plan.tillCount).map(() => 0);
  const batches: OrderBatch[] = [];
  for (let made = 0; made < plan.orderCount; made += plan.batchSize) {
    const tillIndex = batches.length % plan.tillCount;
    const size = Math.min(plan.batchSize, plan.orderCount - made);
    const orders = range(size).map((offset) => {
      const sequence = (sequences[tillIndex] ?? 0) + 1;
      sequences[tillIndex] = sequence;
      const createdAt = new Date(firstOrderTimeMs + (made + offset) * orderSpacingMs);
      return makeBenchOrder(context, sequence, createdAt.toISOString());
    });
    batches.push({ tillIndex, orders });
  }
  return batches;
}

/** Half paid in cash, a quarter by card, a quarter from a wallet. */
function makeBenchOrder(context: SaleContext, sequence: number, createdAt: string): Order {
  const roll = context.random.integer(1, 100);
  const sale =
    roll <= 50 ? cashSale(context) : roll <= 75 ? cardSale(context) : walletSale(context);
  return {
    id: newId(),
    sequence,
    currency: 'EUR',
    createdAt,
    cashierId: null,
    cashierName: context.random.pick(cashierNames),
    sessionId: null,
    walletAuthorizationId: null,
    refundOfOrderId: null,
    ...sale,
  };
}

function someCustomer(context: SaleContext): BenchCustomer | null {
  return context.random.chance(30) ? context.random.pick(context.store.customers) : null;
}

function cashSale(context: SaleContext): Sale {
  const customer = someCustomer(context);
  const lines = linesFor(context, customer, 20);
  const totalMinor = totalOf(lines);
  const tenderedMinor = roundUp(totalMinor, context.random.pick(banknotesMinor));
  const changeMinor = tenderedMinor - totalMinor;
  const isChangeKept = customer?.isWalletUser === true && changeMinor > 0;
  const changeToWalletMinor = isChangeKept && context.random.chance(40) ? changeMinor : 0;
  return {
    customerId: customer?.id ?? null,
    lines,
    payments: [payment(context.store.cash, tenderedMinor)],
    changeGivenMinor: changeMinor - changeToWalletMinor,
    changeToWalletMinor,
    isOffline: false,
  };
}

function cardSale(context: SaleContext): Sale {
  const customer = someCustomer(context);
  const lines = linesFor(context, customer, 15);
  return {
    customerId: customer?.id ?? null,
    lines,
    payments: [payment(context.store.card, totalOf(lines))],
    changeGivenMinor: 0,
    changeToWalletMinor: 0,
    isOffline: false,
  };
}

/**
 * Spends only from the opening balance minus earlier spends: a credit booked by another till
 * may arrive after the spend, and no wallet should dip below its minimum because of the order
 * in which concurrent tills happen to push. What the wallet cannot cover goes on the card.
 */
function walletSale(context: SaleContext): Sale {
  const { random, store } = context;
  const customer = random.pick(store.walletUsers);
  const lines = goodsLines(context, random.integer(1, 8));
  const totalMinor = totalOf(lines);
  const availableMinor = context.spendable.get(customer.walletId) ?? 0;
  const walletMinor = Math.min(totalMinor, availableMinor);
  context.spendable.set(customer.walletId, availableMinor - walletMinor);

  const payments: OrderPayment[] = [];
  if (walletMinor > 0) payments.push(payment(store.wallet, walletMinor));
  if (totalMinor > walletMinor) payments.push(payment(store.card, totalMinor - walletMinor));
  return {
    customerId: customer.id,
    lines,
    payments,
    changeGivenMinor: 0,
    changeToWalletMinor: 0,
    isOffline: walletMinor > 0 && random.chance(10),
  };
}

/** One to eight lines; for a wallet user now and then the last one is a wallet top-up. */
function linesFor(
  context: SaleContext,
  customer: BenchCustomer | null,
  topUpPercent: number,
): OrderLine[] {
  const isTopUp = customer?.isWalletUser === true && context.random.chance(topUpPercent);
  const lines = goodsLines(context, context.random.integer(1, isTopUp ? 7 : 8));
  if (isTopUp) {
    const euros = context.random.pick(topUpEuros);
    lines.push(productLine(context.store.topUp, euros * 1000));
  }
  return lines;
}

/** Mostly whole pieces; about one line in seven is weighed, in grams. */
function goodsLines(context: SaleContext, count: number): OrderLine[] {
  const { random, store } = context;
  return range(count).map(() => {
    const isWeighed = random.chance(15);
    const quantityMilli = isWeighed ? random.integer(150, 2500) : random.integer(1, 3) * 1000;
    return productLine(random.pick(store.products), quantityMilli);
  });
}

function productLine(product: Product, quantityMilli: number): OrderLine {
  return {
    productId: product.id,
    name: product.name,
    quantityMilli,
    unitPriceMinor: product.priceMinor,
    taxRateBasisPoints: product.taxRateBasisPoints,
    isWalletCredit: product.isWalletCredit,
    totalMinor: lineTotalMinor(product.priceMinor, quantityMilli),
  };
}

function payment(method: PaymentMethod, amountMinor: number): OrderPayment {
  return { methodId: method.id, kind: method.kind, amountMinor };
}

function totalOf(lines: readonly OrderLine[]): number {
  return lines.reduce((total, line) => total + line.totalMinor, 0);
}

function roundUp(amountMinor: number, stepMinor: number): number {
  return Math.ceil(amountMinor / stepMinor) * stepMinor;
}

// The rows a booked order leaves

export interface LedgerRows {
  transactions: SqlValue[][];
  entries: SqlValue[][];
  orders: SqlValue[][];
}

export const rowInserts = {
  transactions:
    'INSERT INTO transactions (id, kind, order_id, till_id, description, occurred_at, ' +
    'booked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  entries:
    'INSERT INTO entries (transaction_id, account_id, amount_minor, customer_id, ' +
    'payment_method_id, movement_kind) VALUES (?, ?, ?, ?, ?, ?)',
  orders:
    'INSERT INTO orders (id, till_id, sequence, content_hash, transaction_id, customer_id, ' +
    'wallet_id, wallet_delta_minor, is_offline, is_overdrawn, created_at, received_at, body) ' +
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
} as const satisfies Record<keyof LedgerRows, string>;

/** The same column values the ledger writes for these orders, built with its own pure parts. */
export function ledgerRowsOf(
  orders: readonly Order[],
  tillId: string,
  walletIds: ReadonlyMap<string, string>,
  bookedAt: string,
): LedgerRows {
  const rows: LedgerRows = { transactions: [], entries: [], orders: [] };
  for (const order of orders) {
    const isWalletTouched = order.customerId !== null && walletMovementsOf(order).length > 0;
    const walletId = isWalletTouched ? (walletIds.get(order.customerId ?? '') ?? null) : null;
    const { id } = order;
    rows.transactions.push([id, 'order', id, tillId, 'Till order', order.createdAt, bookedAt]);
    for (const entry of planOrderEntries(order, walletId)) {
      const { accountId, amountMinor, customerId, paymentMethodId, movementKind } = entry;
      rows.entries.push([id, accountId, amountMinor, customerId, paymentMethodId, movementKind]);
    }
    rows.orders.push([
      ...[id, tillId, order.sequence, hashOrder(order), id, order.customerId, walletId],
      ...[walletDeltaOf(order), order.isOffline ? 1 : 0, 0, order.createdAt, bookedAt],
      canonicalJson(order),
    ]);
  }
  return rows;
}

/**
 * Bank transfers written straight into the books until they hold `entryCount` entries, with
 * each account's maintained balance and entry count moved in the same transaction, so the
 * ledger's invariants stay true (the benchmark runs its check to prove it). Returns how many
 * entries the books hold afterwards.
 */
export function fillWithTransfers(
  connection: BetterSqlite3.Database,
  walletUsers: readonly BenchCustomer[],
  entryCount: number,
  random: Random,
): number {
  const existing = connection.prepare('SELECT COUNT(*) AS count FROM entries').get() as {
    count: number;
  };
  const transferCount = Math.max(0, Math.ceil((entryCount - existing.count) / 2));
  const insertTransaction = connection.prepare(rowInserts.transactions);
  const insertEntry = connection.prepare(rowInserts.entries);
  const moveAccount = connection.prepare(
    'UPDATE accounts SET balance_minor = balance_minor + ?, entry_count = entry_count + ? ' +
      'WHERE id = ?',
  );
  const writeChunk = connection.transaction((count: number) => {
    const movements = new Map<string, { amountMinor: number; entryCount: number }>();
    const move = (accountId: string, amountMinor: number) => {
      const movement = movements.get(accountId) ?? { amountMinor: 0, entryCount: 0 };
      movement.amountMinor += amountMinor;
      movement.entryCount += 1;
      movements.set(accountId, movement);
    };
    const now = new Date().toISOString();
    for (let index = 0; index < count; index += 1) {
      const customer = random.pick(walletUsers);
      const amountMinor = random.integer(1, 100) * 100;
      const id = newId();
      insertTransaction.run(id, 'bank_top_up', null, null, 'Virement bancaire', now, now);
      insertEntry.run(id, customer.walletId, amountMinor, customer.id, null, 'bank_top_up');
      insertEntry.run(id, 'bank', -amountMinor, null, null, null);
      move(customer.walletId, amountMinor);
      move('bank', -amountMinor);
    }
    for (const [accountId, movement] of movements) {
      moveAccount.run(movement.amountMinor, movement.entryCount, accountId);
    }
  });
  for (let done = 0; done < transferCount; done += transfersPerTransactionMax) {
    writeChunk.immediate(Math.min(transfersPerTransactionMax, transferCount - done));
  }
  return existing.count + transferCount * 2;
}

// Large transactions keep the fill fast; this size keeps the write-ahead log modest.
const transfersPerTransactionMax = 50_000;

// HTTP

export interface PushTarget {
  url: URL;
  agent: Agent;
  token: string;
}

export interface HttpAnswer {
  statusCode: number;
  text: string;
  elapsedMs: number;
}

export function postJson(target: PushTarget, body: string): Promise<HttpAnswer> {
  const startedMs = performance.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target.url,
      {
        method: 'POST',
        agent: target.agent,
        headers: {
          authorization: `Bearer ${target.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            statusCode: response.statusCode ?? 0,
            text: Buffer.concat(parts).toString('utf8'),
            elapsedMs: performance.now() - startedMs,
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

// Scratch databases

export interface Scratch {
  location: string;
  remove: () => Promise<void>;
}

export function scratchSqlite(fileName: string): Scratch {
  const folder = mkdtempSync(join(tmpdir(), 'caisse-bench-'));
  return {
    location: join(folder, fileName),
    remove: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })),
  };
}

/** A fresh database on the server the admin URL names, dropped by `remove`. */
export async function scratchPostgres(adminUrl: string, label: string): Promise<Scratch> {
  const name = `caisse_bench_${label}_${process.pid}_${Date.now()}`;
  const runOnAdmin = async (text: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(text);
    } finally {
      await admin.end();
    }
  };
  await runOnAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    location: url.toString(),
    remove: () => runOnAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** The `?` placeholders of the shared SQL as PostgreSQL's `$1, $2…`. */
export function numberedPlaceholders(text: string): string {
  let index = 0;
  return text.replace(/\?/g, () => `$${++index}`);
}

// Figures

/** Nearest-rank percentile; `fraction` is 0.5 for the median. */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatDecimal(value: number, digits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Columns padded to their widest cell, the first row as the header. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  const formatRow = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const [header, ...body] = rows;
  return [formatRow(header ?? []), rule, ...body.map(formatRow)].join('\n');
}
