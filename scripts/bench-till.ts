// `npm run bench:till [-- --customers N --products N --orders N]`: the till's own code in
// headless Chromium against a real ledger server on SQLite. It measures the first sync of a
// large store beside a plain IndexedDB insert of the same rows in the same browser, customer
// search, sale validation, and the drain of an outbox of offline orders, and prints each figure
// with its aim beside it. It never fails on a timing; it exits non-zero only when the till or
// the books are wrong afterwards, since a fast wrong answer is worth nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { buildApp } from '../server/http/app.ts';
import { Ledger } from '../server/ledger/ledger.ts';
import { asNumber } from '../server/storage/database.ts';
import { openDatabase } from '../server/storage/open.ts';
import type { TillConnection } from '../shared/host-api.ts';
import { createLogger } from '../shared/logger.ts';
import { chromiumArgs, chromiumPath, launchBrowser } from '../tests/e2e/support/till-harness.ts';
import { startStaticServer } from '../tests/e2e/support/static-server.ts';
import { formatDecimal, formatInteger, formatTable, percentile } from './bench-support.ts';
import type { StoreCallStat, TillBench } from './bench-till-support/bench-page.ts';
import { seedBenchStore, type SeededBenchStore } from './bench-till-support/seed.ts';

const usage = `Usage: npm run bench:till [-- options]

  --customers N   customers in the store (default 100000)
  --products N    products in the store (default 50000)
  --orders N      offline orders validated, then drained (default 5000)
  --in-memory     an off-the-record browser context: IndexedDB in memory instead of on disk,
                  to tell the disk's share of the figures from the code's
`;

const aims = {
  firstSyncShareOfRawMax: 2,
  firstSyncMsMax: 30_000,
  searchP95MsMax: 20,
  validationP95MsMax: 15,
  drainOrdersPerSecondMin: 500,
};

// Accent-insensitive prefixes a cashier types, from one letter to a full name and two words;
// "xyz" finds nothing, which must be as quick as the rest.
const searchQueries = [
  'gerard',
  'ger',
  'g',
  'gé',
  'lef',
  'lefevre',
  'helene',
  'noemie wery',
  'dup marie',
  'zoe',
  'crevec',
  'membre12',
  '2900000004',
  'xyz',
];
const searchRounds = 20;
/** Sold online after the drain, with a server authorisation for every wallet payment. */
const onlineOrderCount = 400;
/** Offline, a customer may owe 100,00 at most; three sales of at most 31,60 stay below it. */
const walletSalesPerCustomerMax = 3;

interface Options {
  customerCount: number;
  productCount: number;
  orderCount: number;
  isInMemory: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '100000' },
      products: { type: 'string', default: '50000' },
      orders: { type: 'string', default: '5000' },
      'in-memory': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const count = (text: string, name: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a count`);
    return value;
  };
  return {
    customerCount: count(values.customers, 'customers'),
    productCount: count(values.products, 'products'),
    orderCount: count(values.orders, 'orders'),
    isInMemory: values['in-memory'],
  };
}

function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function buildBenchPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: resolve(import.meta.dirname, 'bench-till-support'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'chrome130', sourcemap: false },
  });
}

async function startServer(folder: string) {
  const logger = createLogger({
    module: 'bench-server',
    level: 'warn',
    sink: (record) => note(`server ${record.level}: ${record.message}`),
  });
  const database = await openDatabase(join(folder, 'ledger.db'), logger);
  const ledger = new Ledger({ database, logger });
  const app = await buildApp({ ledger, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    ledger,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await ledger.close();
    },
  };
}

function runInPage<K extends keyof TillBench>(
  page: Page,
  name: K,
  ...args: Parameters<TillBench[K]>
): Promise<Awaited<ReturnType<TillBench[K]>>> {
  return page.evaluate(
    async ({ step, stepArgs }) => {
      const bench = window.caisseBench;
      if (!bench) throw new Error('the bench page did not load');
      const run = bench[step] as (...values: unknown[]) => Promise<unknown>;
      return run(...stepArgs);
    },
    { step: name, stepArgs: args },
  ) as Promise<Awaited<ReturnType<TillBench[K]>>>;
}

const seconds = (ms: number) => `${formatDecimal(ms / 1000, 2)} s`;
const millis = (ms: number) => `${formatDecimal(ms, 2)} ms`;
const verdict = (isMet: boolean) => (isMet ? 'met' : 'MISSED');

const sumOf = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The IndexedDB requests a step made, by table and operation, the slowest first. */
function writeBreakdown(step: string, stepMs: number, calls: readonly StoreCallStat[]): void {
  const shown = calls.slice(0, 8);
  const requestMs = sumOf(calls.map((call) => call.totalMs));
  const table = [
    ['store call', 'calls', 'rows', 'time', 'share of step'],
    ...shown.map((call) => [
      call.name,
      formatInteger(call.callCount),
      formatInteger(call.rowCount),
      seconds(call.totalMs),
      `${formatDecimal((100 * call.totalMs) / stepMs, 1)} %`,
    ]),
  ];
  process.stdout.write(
    `\n${step}: ${seconds(stepMs)}, of which IndexedDB requests ${seconds(requestMs)}\n` +
      `${formatTable(table)}\n`,
  );
}

function writeSearchBreakdown(timingsMsByQuery: Record<string, number[]>): void {
  const table = [
    ['query', 'p50', 'p95'],
    ...Object.entries(timingsMsByQuery).map(([query, timings]) => [
      JSON.stringify(query),
      millis(percentile(timings, 0.5)),
      millis(percentile(timings, 0.95)),
    ]),
  ];
  process.stdout.write(`\ncustomer search by query\n${formatTable(table)}\n`);
}

async function countBookedOrders(ledger: Ledger, tillId: string): Promise<number> {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ count: unknown }>('SELECT COUNT(*) AS count FROM orders WHERE till_id = ?', [tillId]),
  );
  return asNumber(rows[0]?.count ?? 0);
}

async function main(): Promise<number> {
  const options = readOptions();
  const scratch = mkdtempSync(join(tmpdir(), 'caisse-bench-till-'));
  const cleanups: (() => Promise<void>)[] = [];
  try {
    note('building the bench page');
    const pageFolder = join(scratch, 'page');
    await buildBenchPage(pageFolder);
    const pageServer = await startStaticServer(pageFolder);
    cleanups.push(() => pageServer.close());

    note(
      `seeding ${formatInteger(options.customerCount)} customers and ` +
        `${formatInteger(options.productCount)} products`,
    );
    const server = await startServer(scratch);
    cleanups.push(() => server.close());
    const walletCustomerCount = Math.ceil(options.orderCount / 2 / walletSalesPerCustomerMax) + 1;
    const onlineWalletCount = Math.ceil(onlineOrderCount / 2);
    const seedStartedAt = performance.now();
    const store = await seedBenchStore(server.ledger, {
      customerCount: options.customerCount,
      productCount: options.productCount,
      fundedWalletCount: Math.min(options.customerCount, walletCustomerCount + onlineWalletCount),
      fundedBalanceMinor: 20_000,
    });
    note(`seeded in ${seconds(performance.now() - seedStartedAt)}`);
    note(`IndexedDB ${options.isInMemory ? 'in memory' : 'on disk'}`);

    // By default a profile on disk, as Electron keeps one: an off-the-record context holds
    // IndexedDB in memory, which flatters every figure.
    const profile = join(scratch, 'profile');
    const context = options.isInMemory
      ? await (await launchBrowser()).newContext()
      : await chromium.launchPersistentContext(profile, {
          executablePath: chromiumPath,
          headless: true,
          args: chromiumArgs,
        });
    cleanups.push(async () => {
      await context.close();
      await context.browser()?.close();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pageServer.indexUrl);
    await page.waitForFunction(() => window.caisseBench !== undefined);

    const connection: TillConnection = {
      serverUrl: server.url,
      tillId: store.till.id,
      tillToken: store.till.token,
      tillName: store.till.name,
    };
    return await measure(page, server.ledger, connection, store, options, pageErrors);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function measure(
  page: Page,
  ledger: Ledger,
  connection: TillConnection,
  store: SeededBenchStore,
  options: Options,
  pageErrors: string[],
): Promise<number> {
  const problems: string[] = [];
  const rows: string[][] = [['measure', 'figure', 'beside it', 'aim', '']];

  note('first sync');
  const sync = await runInPage(page, 'firstSync', connection);
  if (sync.customerCount !== options.customerCount) problems.push('customers missing after sync');
  if (sync.productCount < options.productCount) problems.push('products missing after sync');
  const floor = await runInPage(page, 'pullFloor', connection);
  const raw = await runInPage(page, 'rawInsert');
  const shareOfRaw = sync.totalMs / raw.withIndexesMs;
  const isSyncMet = shareOfRaw <= aims.firstSyncShareOfRawMax && sync.totalMs < aims.firstSyncMsMax;
  rows.push([
    `first sync, ${formatInteger(sync.customerCount)} customers + ` +
      `${formatInteger(sync.productCount)} products (${sync.pageCount} pages)`,
    seconds(sync.totalMs),
    `raw IndexedDB insert ${seconds(raw.withIndexesMs)}, ratio ${formatDecimal(shareOfRaw, 2)}×`,
    `≤ ${aims.firstSyncShareOfRawMax}× and < ${seconds(aims.firstSyncMsMax)}`,
    verdict(isSyncMet),
  ]);
  rows.push([
    '  where it goes: ledger client (fetch, JSON, schema)',
    seconds(sync.requestMs),
    `plain fetch + JSON ${seconds(floor.fetchJsonMs)}, schema ${seconds(floor.schemaParseMs)}`,
    '',
    '',
  ]);
  rows.push([
    '  where it goes: storing pages (records, Dexie)',
    seconds(sync.totalMs - sync.requestMs),
    `search words ${seconds(floor.searchWordsMs)}, ` +
      `raw insert without indexes ${seconds(raw.withoutIndexesMs)}`,
    '',
    '',
  ]);

  note('customer search');
  const found = await runInPage(page, 'search', searchQueries, searchRounds);
  const searchP95 = percentile(found.timingsMs, 0.95);
  rows.push([
    `customer search, ${found.timingsMs.length} queries over ${formatInteger(sync.customerCount)}`,
    `p50 ${millis(percentile(found.timingsMs, 0.5))}, p95 ${millis(searchP95)}`,
    `max ${millis(Math.max(...found.timingsMs))}`,
    `p95 ≤ ${millis(aims.searchP95MsMax)}`,
    verdict(searchP95 <= aims.searchP95MsMax),
  ]);
  const gerard = found.samples.gerard;
  if (!gerard || gerard.count === 0 || !gerard.names.every((name) => name.includes('Gérard'))) {
    problems.push(`"gerard" did not find "Gérard": ${JSON.stringify(gerard)}`);
  }

  note(`validating ${formatInteger(options.orderCount)} offline sales`);
  const walletIds = store.walletUsers.map((customer) => customer.id);
  const offlineWalletCount = Math.ceil(options.orderCount / 2 / walletSalesPerCustomerMax) + 1;
  const offline = await runInPage(page, 'validate', {
    connection,
    orderCount: options.orderCount,
    isOnline: false,
    walletCustomerIds: walletIds.slice(0, offlineWalletCount),
    products: store.sampleProducts,
    cashMethodId: store.cash.id,
    walletMethodId: store.wallet.id,
  });
  const offlineCount = offline.cashTimingsMs.length + offline.walletTimingsMs.length;
  if (offlineCount !== options.orderCount) {
    problems.push(`offline validation refused sales: ${JSON.stringify(offline.refusals)}`);
  }
  const offlineAll = [...offline.cashTimingsMs, ...offline.walletTimingsMs];
  const validationP95 = percentile(offlineAll, 0.95);
  rows.push([
    `validate a sale offline, ${formatInteger(offlineCount)} (half cash, half wallet)`,
    `p50 ${millis(percentile(offlineAll, 0.5))}, p95 ${millis(validationP95)}`,
    `wallet p95 ${millis(percentile(offline.walletTimingsMs, 0.95))}, ` +
      `cash p95 ${millis(percentile(offline.cashTimingsMs, 0.95))}`,
    `p95 ≤ ${millis(aims.validationP95MsMax)}`,
    verdict(validationP95 <= aims.validationP95MsMax),
  ]);

  note(`draining ${formatInteger(offlineCount)} offline orders`);
  const drained = await runInPage(page, 'drain', connection);
  const ordersPerSecond = drained.orderCount / (drained.totalMs / 1000);
  rows.push([
    `outbox drain, ${formatInteger(drained.orderCount)} orders in ${drained.batchCount} batches`,
    `${formatInteger(ordersPerSecond)} orders/s`,
    `${seconds(drained.totalMs)}, of which push requests ${seconds(drained.requestMs)}`,
    `≥ ${aims.drainOrdersPerSecondMin} orders/s`,
    verdict(ordersPerSecond >= aims.drainOrdersPerSecondMin),
  ]);
  if (drained.remainingCount > 0 || drained.failedCount > 0) {
    problems.push(`drain left ${drained.remainingCount} queued, ${drained.failedCount} failed`);
  }

  note(`validating ${onlineOrderCount} online sales`);
  const online = await runInPage(page, 'validate', {
    connection,
    orderCount: onlineOrderCount,
    isOnline: true,
    walletCustomerIds: walletIds.slice(offlineWalletCount),
    products: store.sampleProducts,
    cashMethodId: store.cash.id,
    walletMethodId: store.wallet.id,
  });
  const onlineWalletP95 = percentile(online.walletTimingsMs, 0.95);
  rows.push([
    `validate a wallet sale online (server authorisation), ${online.walletTimingsMs.length}`,
    `p50 ${millis(percentile(online.walletTimingsMs, 0.5))}, p95 ${millis(onlineWalletP95)}`,
    `cash p95 ${millis(percentile(online.cashTimingsMs, 0.95))}`,
    `p95 ≤ ${millis(aims.validationP95MsMax)}`,
    verdict(onlineWalletP95 <= aims.validationP95MsMax),
  ]);
  if (Object.keys(online.refusals).length > 0) {
    problems.push(`online validation refused sales: ${JSON.stringify(online.refusals)}`);
  }
  await runInPage(page, 'drain', connection);

  const booked = await countBookedOrders(ledger, connection.tillId);
  const expected = offlineCount + online.cashTimingsMs.length + online.walletTimingsMs.length;
  if (booked !== expected) problems.push(`the server booked ${booked} orders, not ${expected}`);
  const violations = await ledger.check();
  if (violations.length > 0) problems.push(`ledger violations: ${JSON.stringify(violations)}`);
  problems.push(...pageErrors.map((message) => `page error: ${message}`));

  // Other work on the machine moves every figure here; the load says how much to trust them.
  const load = loadavg()[0] ?? 0;
  process.stdout.write(
    `${formatTable(rows)}\n\nIndexedDB ${options.isInMemory ? 'in memory' : 'on disk'}; ` +
      `load average ${formatDecimal(load, 1)} on ${availableParallelism()} cores at the end\n`,
  );
  writeBreakdown('first sync', sync.totalMs, sync.storeCalls);
  writeBreakdown(
    `${formatInteger(offlineCount)} offline validations`,
    sumOf(offlineAll),
    offline.storeCalls,
  );
  writeBreakdown('outbox drain', drained.totalMs, drained.storeCalls);
  writeSearchBreakdown(found.timingsMsByQuery);
  const logs = await runInPage(page, 'logs');
  if (logs.length > 0) process.stdout.write(`\ntill warnings:\n${logs.slice(0, 20).join('\n')}\n`);
  if (problems.length > 0) {
    process.stdout.write(`\nWRONG RESULTS:\n${problems.join('\n')}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
