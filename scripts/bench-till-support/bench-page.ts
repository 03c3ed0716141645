// The browser half of the till benchmark. Built with Vite and loaded in headless Chromium, it
// runs the till's own modules (the local store, the ledger client, the sync engine, search and
// sale validation) against the real server and measures them with the page's clock. Node only
// starts things, seeds the server and prints; every timed step runs here, where the till runs.
import type { DBCore, DBCoreTable } from 'dexie';
import type { Customer, OrderLine, OrderPayment, Product } from '../../shared/domain.ts';
import type { TillConnection } from '../../shared/host-api.ts';
import { newId } from '../../shared/ids.ts';
import { createLogger, type LogRecord } from '../../shared/logger.ts';
import { lineTotalMinor } from '../../shared/order-math.ts';
import { pullResponseSchema } from '../../shared/protocol.ts';
import { createLedgerClient, type LedgerClient } from '../../renderer/api/ledger-client.ts';
import { validateSale } from '../../renderer/sale/validate-sale.ts';
import { TillDatabase } from '../../renderer/store/database.ts';
import { toCachedCustomer } from '../../renderer/store/records.ts';
import { searchCustomers } from '../../renderer/store/search.ts';
import { createSyncEngine } from '../../renderer/sync/engine.ts';

/** The engine's page size, so the floor below fetches the same pages the engine does. */
const pullPageSize = 2_000;

const logRecords: LogRecord[] = [];
// Only warnings and errors are kept: a bench that logs every page would measure the logger.
const logger = createLogger({ module: 'bench', level: 'warn', sink: (r) => logRecords.push(r) });

let db: TillDatabase | null = null;

export interface StoreCallStat {
  /** Table and operation, e.g. `customers.put` or `outbox.query`. */
  name: string;
  callCount: number;
  rowCount: number;
  totalMs: number;
}

const storeCalls = new Map<string, StoreCallStat>();

/** Forgets the calls counted so far; each measured step starts from zero. */
function resetStoreCalls(): void {
  storeCalls.clear();
}

function storeCallReport(): StoreCallStat[] {
  return [...storeCalls.values()].sort((left, right) => right.totalMs - left.totalMs);
}

async function timedCall<T>(name: string, rowCount: number, call: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    return await call();
  } finally {
    const stat = storeCalls.get(name) ?? { name, callCount: 0, rowCount: 0, totalMs: 0 };
    stat.callCount += 1;
    stat.rowCount += rowCount;
    stat.totalMs += performance.now() - startedAt;
    storeCalls.set(name, stat);
  }
}

/**
 * A Dexie middleware that times every request the till's code makes to IndexedDB, by table and
 * operation, so the bench can say which store calls a slow step spends its time in. Requests
 * in one step run one after another here, so their times add up without overlapping.
 */
function instrument(database: TillDatabase): void {
  database.use({
    stack: 'dbcore',
    name: 'benchTiming',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (tableName: string): DBCoreTable => {
        const table = down.table(tableName);
        const named = (operation: string) => `${tableName}.${operation}`;
        return {
          ...table,
          mutate: (req) => {
            const rowCount =
              'values' in req ? req.values.length : 'keys' in req ? req.keys.length : 1;
            return timedCall(named(req.type), rowCount, () => table.mutate(req));
          },
          get: (req) => timedCall(named('get'), 1, () => table.get(req)),
          getMany: (req) => timedCall(named('getMany'), req.keys.length, () => table.getMany(req)),
          query: (req) => timedCall(named('query'), 0, () => table.query(req)),
          openCursor: (req) => timedCall(named('openCursor'), 0, () => table.openCursor(req)),
          count: (req) => timedCall(named('count'), 0, () => table.count(req)),
        };
      },
    }),
  });
}

function openedDatabase(): TillDatabase {
  if (!db) throw new Error('run firstSync first');
  return db;
}

export interface FirstSyncResult {
  totalMs: number;
  /** Inside the ledger client: fetch, JSON and schema parsing of every page. */
  requestMs: number;
  pageCount: number;
  customerCount: number;
  productCount: number;
  storeCalls: StoreCallStat[];
}

async function firstSync(connection: TillConnection): Promise<FirstSyncResult> {
  db = new TillDatabase('bench-till');
  instrument(db);
  await db.open();
  const client = createLedgerClient(connection);
  let requestMs = 0;
  let pageCount = 0;
  const timedClient: LedgerClient = {
    ...client,
    pull: async (cursor, limit) => {
      const startedAt = performance.now();
      const page = await client.pull(cursor, limit);
      requestMs += performance.now() - startedAt;
      pageCount += 1;
      return page;
    },
  };
  const engine = createSyncEngine({ db, client: timedClient, logger });

  resetStoreCalls();
  const startedAt = performance.now();
  await engine.pullNow();
  const totalMs = performance.now() - startedAt;

  const [customerCount, productCount] = await Promise.all([
    db.customers.count(),
    db.products.count(),
  ]);
  const storeCallsMade = storeCallReport();
  return { totalMs, requestMs, pageCount, customerCount, productCount, storeCalls: storeCallsMade };
}

export interface PullFloorResult {
  /** fetch and JSON.parse of every page, nothing else. */
  fetchJsonMs: number;
  /** The shared schema's parse of the same pages. */
  schemaParseMs: number;
  /** Turning the pulled customers into cached records (search words). */
  searchWordsMs: number;
}

async function pullFloor(connection: TillConnection): Promise<PullFloorResult> {
  const headers = { authorization: `Bearer ${connection.tillToken}` };
  const pages: unknown[] = [];
  let cursor = 0;
  const fetchStartedAt = performance.now();
  for (;;) {
    const response = await fetch(
      `${connection.serverUrl}/v1/pull?cursor=${cursor}&limit=${pullPageSize}`,
      { headers },
    );
    const page = (await response.json()) as { cursor: number; hasMore: boolean };
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  const fetchJsonMs = performance.now() - fetchStartedAt;

  const parseStartedAt = performance.now();
  const parsed = pages.map((page) => pullResponseSchema.parse(page));
  const schemaParseMs = performance.now() - parseStartedAt;

  const wordsStartedAt = performance.now();
  for (const page of parsed) {
    for (const customer of page.customers) toCachedCustomer(customer, page.serverTime);
  }
  const searchWordsMs = performance.now() - wordsStartedAt;
  return { fetchJsonMs, schemaParseMs, searchWordsMs };
}

export interface RawInsertResult {
  rowCount: number;
  withIndexesMs: number;
  withoutIndexesMs: number;
}

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(new Error(String(operation.error)));
  });
}

function openRaw(name: string, withIndexes: boolean): Promise<IDBDatabase> {
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => {
    const customers = opening.result.createObjectStore('customers', { keyPath: 'id' });
    const products = opening.result.createObjectStore('products', { keyPath: 'id' });
    if (!withIndexes) return;
    // The same indexes as the till's schema at its latest version (renderer/store/database.ts),
    // so the comparison measures the till's code, not a lighter or a heavier schema.
    customers.createIndex('searchWords', 'searchWords', { multiEntry: true });
    customers.createIndex('cardBarcode', 'cardBarcode');
    customers.createIndex('walletId', 'walletId');
    products.createIndex('searchWords', 'searchWords', { multiEntry: true });
    products.createIndex('barcode', 'barcode');
  };
  return request(opening);
}

async function insertRaw(
  database: IDBDatabase,
  storeName: string,
  rows: readonly unknown[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += pullPageSize) {
    const transaction = database.transaction(storeName, 'readwrite');
    const store = transaction.objectStore(storeName);
    for (const row of rows.slice(start, start + pullPageSize)) store.put(row);
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(new Error(String(transaction.error)));
    });
  }
}

/** Plain IndexedDB puts of the very rows the first sync stored, in the same page-sized chunks. */
async function rawInsert(): Promise<RawInsertResult> {
  const till = openedDatabase();
  const customers = await till.customers.toArray();
  const products = await till.products.toArray();

  const timed = async (name: string, withIndexes: boolean) => {
    const database = await openRaw(name, withIndexes);
    const startedAt = performance.now();
    await insertRaw(database, 'customers', customers);
    await insertRaw(database, 'products', products);
    const elapsedMs = performance.now() - startedAt;
    database.close();
    return elapsedMs;
  };
  const withIndexesMs = await timed('bench-raw-indexed', true);
  const withoutIndexesMs = await timed('bench-raw-plain', false);
  return { rowCount: customers.length + products.length, withIndexesMs, withoutIndexesMs };
}

export interface SearchResult {
  timingsMs: number[];
  timingsMsByQuery: Record<string, number[]>;
  /** The first names found per query, to check the search finds what it should. */
  samples: Record<string, { count: number; names: string[] }>;
}

async function search(queries: readonly string[], rounds: number): Promise<SearchResult> {
  const till = openedDatabase();
  const timingsMs: number[] = [];
  const timingsMsByQuery: Record<string, number[]> = {};
  const samples: SearchResult['samples'] = {};
  for (let round = 0; round < rounds; round += 1) {
    for (const query of queries) {
      const startedAt = performance.now();
      const found = await searchCustomers(till, query);
      const elapsedMs = performance.now() - startedAt;
      timingsMs.push(elapsedMs);
      (timingsMsByQuery[query] ??= []).push(elapsedMs);
      samples[query] ??= { count: found.length, names: found.slice(0, 3).map((c) => c.name) };
    }
  }
  return { timingsMs, timingsMsByQuery, samples };
}

export interface ValidationPlan {
  connection: TillConnection;
  orderCount: number;
  isOnline: boolean;
  /** Wallet users to charge in turn; every other order is a wallet payment. */
  walletCustomerIds: string[];
  products: Product[];
  cashMethodId: string;
  walletMethodId: string;
}

export interface ValidationResult {
  cashTimingsMs: number[];
  walletTimingsMs: number[];
  refusals: Record<string, number>;
  storeCalls: StoreCallStat[];
}

function lineOf(product: Product): OrderLine {
  return {
    productId: product.id,
    name: product.name,
    quantityMilli: 1000,
    unitPriceMinor: product.priceMinor,
    taxRateBasisPoints: product.taxRateBasisPoints,
    isWalletCredit: false,
    totalMinor: lineTotalMinor(product.priceMinor, 1000),
  };
}

/**
 * Validates sales the way the payment screen does: one draft at a time, awaited. Offline, the
 * engine says so and no request leaves the page; online, wallet payments are authorised by the
 * server. Every validated order lands in the outbox, which the drain run pushes afterwards.
 */
async function validate(plan: ValidationPlan): Promise<ValidationResult> {
  const till = openedDatabase();
  const client = createLedgerClient(plan.connection);
  const engine = { isOnline: () => plan.isOnline, notifyOutbox: () => undefined };
  const deps = { db: till, engine, client, tillId: plan.connection.tillId, logger };
  const customers = (await till.customers.bulkGet(plan.walletCustomerIds)).filter(
    (customer): customer is NonNullable<typeof customer> => customer !== undefined,
  );
  if (customers.length === 0) throw new Error('no wallet customers in the local store');

  const result: ValidationResult = {
    cashTimingsMs: [],
    walletTimingsMs: [],
    refusals: {},
    storeCalls: [],
  };
  resetStoreCalls();
  for (let index = 0; index < plan.orderCount; index += 1) {
    const isWallet = index % 2 === 1;
    const first = plan.products[index % plan.products.length];
    const second = plan.products[(index * 7 + 3) % plan.products.length];
    if (!first || !second) throw new Error('no products to sell');
    const lines = [lineOf(first), lineOf(second)];
    const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
    const customer: Customer | null = isWallet
      ? (customers[Math.floor(index / 2) % customers.length] ?? null)
      : null;
    const payment: OrderPayment = isWallet
      ? { methodId: plan.walletMethodId, kind: 'wallet', amountMinor: totalMinor }
      : { methodId: plan.cashMethodId, kind: 'cash', amountMinor: totalMinor };

    const startedAt = performance.now();
    const outcome = await validateSale(deps, {
      orderId: newId(),
      customer,
      lines,
      payments: [payment],
      isChangeToWallet: false,
      cashierId: null,
      cashierName: 'Banc',
      sessionId: null,
      refundOfOrderId: null,
    });
    const elapsedMs = performance.now() - startedAt;
    if (!outcome.ok) {
      result.refusals[outcome.reason] = (result.refusals[outcome.reason] ?? 0) + 1;
      continue;
    }
    (isWallet ? result.walletTimingsMs : result.cashTimingsMs).push(elapsedMs);
  }
  result.storeCalls = storeCallReport();
  return result;
}

export interface DrainResult {
  orderCount: number;
  totalMs: number;
  /** Inside the ledger client's push: the request, the server's booking, the answer's parse. */
  requestMs: number;
  batchCount: number;
  remainingCount: number;
  failedCount: number;
  storeCalls: StoreCallStat[];
}

/** Pushes the whole outbox through the sync engine, batch after batch, as on reconnection. */
async function drain(connection: TillConnection): Promise<DrainResult> {
  const till = openedDatabase();
  const client = createLedgerClient(connection);
  let requestMs = 0;
  let batchCount = 0;
  const timedClient: LedgerClient = {
    ...client,
    push: async (orders) => {
      const startedAt = performance.now();
      const response = await client.push(orders);
      requestMs += performance.now() - startedAt;
      batchCount += 1;
      return response;
    },
  };
  const engine = createSyncEngine({ db: till, client: timedClient, logger });
  const orderCount = await till.outbox.count();

  resetStoreCalls();
  const startedAt = performance.now();
  // A push run stops after a bounded number of batches and queues the next one on a started
  // engine; this one is not started, so the bench asks again until the outbox is empty.
  for (let run = 0; run < 100 && (await till.outbox.count()) > 0; run += 1) {
    await engine.pushNow();
  }
  const totalMs = performance.now() - startedAt;
  const storeCallsMade = storeCallReport();

  const remainingCount = await till.outbox.count();
  const failedCount = await till.orders.where('status').equals('failed').count();
  return {
    orderCount,
    totalMs,
    requestMs,
    batchCount,
    remainingCount,
    failedCount,
    storeCalls: storeCallsMade,
  };
}

const bench = {
  firstSync,
  pullFloor,
  rawInsert,
  search,
  validate,
  drain,
  logs: () => logRecords.map((r) => `${r.level} ${r.module}: ${r.message}`),
};

export type TillBench = typeof bench;

declare global {
  interface Window {
    caisseBench?: TillBench;
  }
}

window.caisseBench = bench;
