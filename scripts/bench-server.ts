// `npm run bench:server [-- --orders N --batch N --concurrency N --large-entries N --reads N]`:
// how fast the ledger server books pushed orders over HTTP, beside how fast this machine writes
// the same rows with nothing in between, and whether reading a wallet balance stays as cheap
// when the books grow a hundredfold. With CAISSE_DB set to a postgres:// URL the push is also
// measured on PostgreSQL, in scratch databases made and dropped on that server. It prints the
// figures with the aims beside them and never fails on a timing: it exits non-zero only when
// the books are wrong after a run, since the speed of a ledger that books wrongly means nothing.
import BetterSqlite3 from 'better-sqlite3';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/http/app.ts';
import { Ledger } from '../server/ledger/ledger.ts';
import type { Till } from '../server/ledger/tills.ts';
import type { SqlValue } from '../server/storage/database.ts';
import { isPostgresUrl, openDatabase } from '../server/storage/open.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { protocolVersion, pushBatchSizeMax, pushResponseSchema } from '../shared/protocol.ts';
import {
  createRandom,
  fillWithTransfers,
  formatDecimal,
  formatInteger,
  formatTable,
  ledgerRowsOf,
  numberedPlaceholders,
  percentile,
  planBatches,
  postJson,
  rowInserts,
  scratchPostgres,
  scratchSqlite,
  seedBenchStore,
  type BenchStore,
  type HttpAnswer,
  type LedgerRows,
  type OrderBatch,
  type PushTarget,
  type Random,
} from './bench-support.ts';

interface BenchOptions {
  orderCount: number;
  batchSize: number;
  /** Tills pushing at once, each over its own connection. */
  concurrency: number;
  largeEntryCount: number;
  readCount: number;
}

const usage = `Usage: npm run bench:server [-- options]

  --orders N         orders pushed per engine (default 20000)
  --batch N          orders per push, at most ${pushBatchSizeMax} (default ${pushBatchSizeMax})
  --concurrency N    tills pushing at once, one connection each (default 3)
  --large-entries N  entries in the books for the second balance-read step (default 1000000)
  --reads N          balance reads timed at each size (default 2000)

Set CAISSE_DB to a postgres:// URL to measure PostgreSQL as well; the benchmark creates its own
databases on that server and drops them afterwards.
`;

const benchSeed = 1;
const storeSize = { customerCount: 3_000, productCount: 300 };
const smallEntryCount = 10_000;
const readWarmUpCount = 200;

// PostgreSQL's plain loop waits one round trip per row, so the ledger's multi-row inserts beat
// it: a share of it would be no aim at all.
const aims = {
  sqlite: { ordersPerSecond: 5_000, shareOfRaw: 0.25 },
  postgres: { ordersPerSecond: 2_000, shareOfRaw: null },
} as const satisfies Record<string, PushAims>;
// A median of a few tens of microseconds moves by a few tens of percent between runs from timer
// and scheduler noise alone; a read that scanned the entries would be a hundred times slower.
const readRatioEqualMax = 1.5;

class UsageError extends Error {}

function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

function parseOptions(): BenchOptions {
  const values = parseArguments();
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  return {
    orderCount: integerOption('orders', values.orders, 1, 1_000_000),
    batchSize: integerOption('batch', values.batch, 1, pushBatchSizeMax),
    concurrency: integerOption('concurrency', values.concurrency, 1, 16),
    largeEntryCount: integerOption('large-entries', values['large-entries'], 20_000, 10_000_000),
    readCount: integerOption('reads', values.reads, 10, 1_000_000),
  };
}

function parseArguments() {
  const text = (fallback: string) => ({ type: 'string', default: fallback }) as const;
  try {
    return parseArgs({
      options: {
        orders: text('20000'),
        batch: text(String(pushBatchSizeMax)),
        concurrency: text('3'),
        'large-entries': text('1000000'),
        reads: text('2000'),
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function integerOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} takes an integer from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

/** Warnings and errors only: a debug line per request would be part of what is measured. */
function createBenchLogger(): Logger {
  return createLogger({
    module: 'bench',
    level: 'warn',
    sink: (record) => process.stderr.write(`${JSON.stringify(record)}\n`),
  });
}

function seconds(startedMs: number): string {
  return formatDecimal((performance.now() - startedMs) / 1000, 1);
}

// Pushing orders through the HTTP API

interface ReferenceRows {
  accounts: SqlValue[][];
  tills: SqlValue[][];
}

interface PushFigures {
  ordersPerSecond: number;
  batchLatencyMs: { p50: number; p95: number };
  /** What the ledger booked, as rows, for the baseline to write again. */
  rows: LedgerRows[];
  reference: ReferenceRows;
}

interface EngineFigures {
  push: PushFigures;
  rawOrdersPerSecond: number;
}

interface SeededLedger {
  store: BenchStore;
  tills: { till: Till; token: string }[];
  random: Random;
}

async function seedForPush(ledger: Ledger, options: BenchOptions, engine: string) {
  const startedMs = performance.now();
  const random = createRandom(benchSeed);
  const store = await seedBenchStore(ledger, storeSize, random);
  const tills: SeededLedger['tills'] = [];
  for (let index = 0; index < options.concurrency; index += 1) {
    tills.push(await ledger.createTill(`Caisse ${index + 1}`));
  }
  const customers = formatInteger(store.customers.length);
  const walletUsers = formatInteger(store.walletUsers.length);
  report(
    `${engine}: store seeded in ${seconds(startedMs)} s: ${customers} customers ` +
      `(${walletUsers} wallet users), ${store.products.length} products, ${tills.length} tills`,
  );
  return { store, tills, random } satisfies SeededLedger;
}

async function measurePush(
  engine: string,
  location: string,
  options: BenchOptions,
  logger: Logger,
  problems: string[],
): Promise<PushFigures> {
  const ledger = new Ledger({ database: await openDatabase(location, logger), logger });
  try {
    const { store, tills, random } = await seedForPush(ledger, options, engine);
    const batches = planBatches(
      store,
      { orderCount: options.orderCount, batchSize: options.batchSize, tillCount: tills.length },
      random,
    );
    const run = await pushOverHttp(ledger, logger, tills, batches);

    const latencies = run.answers.map((answer) => answer.elapsedMs);
    const figures = {
      ordersPerSecond: options.orderCount / (run.elapsedMs / 1000),
      batchLatencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
    };
    report(
      `${engine}: ${formatInteger(options.orderCount)} orders in ${batches.length} pushes over ` +
        `${tills.length} connections: ${formatInteger(figures.ordersPerSecond)} orders/s, ` +
        `push latency p50 ${formatInteger(figures.batchLatencyMs.p50)} ms, ` +
        `p95 ${formatInteger(figures.batchLatencyMs.p95)} ms; process CPU ` +
        `${formatInteger((run.cpuMs * 1000) / options.orderCount)} µs per order`,
    );
    problems.push(...pushProblems(engine, run.answers, options.orderCount));
    problems.push(...(await bookProblems(ledger, engine)));
    const rows = rowsOfBatches(store, tills, batches);
    return { ...figures, rows, reference: await readReferenceRows(ledger) };
  } finally {
    await ledger.close();
  }
}

async function pushOverHttp(
  ledger: Ledger,
  logger: Logger,
  tills: SeededLedger['tills'],
  batches: readonly OrderBatch[],
): Promise<{ answers: HttpAnswer[]; elapsedMs: number; cpuMs: number }> {
  const app = await buildApp({ ledger, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = new URL(`http://127.0.0.1:${port}/v1/push`);
  const targets: PushTarget[] = tills.map(({ token }) => {
    return { url, token, agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
  });
  // Encoded before the clock starts: a till sends what it stored, and encoding is its own cost.
  const bodiesByTill = tills.map(({ till }, tillIndex) =>
    batches
      .filter((batch) => batch.tillIndex === tillIndex)
      .map((batch) => JSON.stringify({ protocolVersion, tillId: till.id, orders: batch.orders })),
  );
  try {
    const startedMs = performance.now();
    // Other load on the machine moves the wall-clock rate; the CPU spent per order moves less.
    const cpuStarted = process.cpuUsage();
    const answers = await Promise.all(
      targets.map((target, tillIndex) => pushInTurn(target, bodiesByTill[tillIndex] ?? [])),
    );
    const cpu = process.cpuUsage(cpuStarted);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return { answers: answers.flat(), elapsedMs: performance.now() - startedMs, cpuMs };
  } finally {
    for (const target of targets) target.agent.destroy();
    await app.close();
  }
}

/** A till pushes its batches one after the other, as a till catching up after a day offline. */
async function pushInTurn(target: PushTarget, bodies: readonly string[]): Promise<HttpAnswer[]> {
  const answers: HttpAnswer[] = [];
  for (const body of bodies) answers.push(await postJson(target, body));
  return answers;
}

/** Anything but `created` for every order means the run did not book what it was given. */
function pushProblems(engine: string, answers: readonly HttpAnswer[], expected: number): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const answer of answers) {
    if (answer.statusCode !== 200) {
      problems.push(
        `${engine}: a push answered ${answer.statusCode}: ${answer.text.slice(0, 300)}`,
      );
      continue;
    }
    for (const result of pushResponseSchema.parse(JSON.parse(answer.text)).results) {
      const key = result.status === 'rejected' ? `rejected: ${result.reason}` : result.status;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const createdCount = counts.get('created') ?? 0;
  if (createdCount !== expected) {
    const others = [...counts].filter(([key]) => key !== 'created');
    const described = others.map(([key, count]) => `${formatInteger(count)} ${key}`).join(', ');
    const created = `${formatInteger(createdCount)} of ${formatInteger(expected)}`;
    problems.push(`${engine}: ${created} orders created (${described})`);
  }
  return problems;
}

async function bookProblems(ledger: Ledger, label: string): Promise<string[]> {
  const startedMs = performance.now();
  const violations = await ledger.check();
  const verdict = violations.length === 0 ? 'no violations' : `${violations.length} violations`;
  report(`${label}: ledger check in ${seconds(startedMs)} s: ${verdict}`);
  return violations.slice(0, 10).map((violation) => {
    return `${label}: ${violation.code}: ${violation.detail}`;
  });
}

function rowsOfBatches(
  store: BenchStore,
  tills: SeededLedger['tills'],
  batches: readonly OrderBatch[],
): LedgerRows[] {
  const walletIds = new Map(store.customers.map((customer) => [customer.id, customer.walletId]));
  const bookedAt = new Date().toISOString();
  return batches.map((batch) => {
    const tillId = tills[batch.tillIndex]?.till.id ?? '';
    return ledgerRowsOf(batch.orders, tillId, walletIds, bookedAt);
  });
}

// The baseline: the same rows by a plain INSERT loop

const referenceInserts = {
  accounts:
    'INSERT INTO accounts (id, code, name, kind, tax_rate_bp, created_at) ' +
    'VALUES (?, ?, ?, ?, ?, ?)',
  tills: 'INSERT INTO tills (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)',
} as const;

/** The accounts and tills the booked rows refer to, so the baseline's foreign keys hold. */
async function readReferenceRows(ledger: Ledger): Promise<ReferenceRows> {
  return ledger.database.read(async (sql) => {
    const accounts = await sql.all(
      'SELECT id, code, name, kind, tax_rate_bp, created_at FROM accounts',
    );
    const tills = await sql.all('SELECT id, name, token_hash, created_at FROM tills');
    const values = (rows: Record<string, unknown>[]) =>
      rows.map((row) => Object.values(row) as SqlValue[]);
    return { accounts: values(accounts), tills: values(tills) };
  });
}

// Parents before children, for the foreign keys.
const tablesInWriteOrder = ['transactions', 'entries', 'orders'] as const;

function orderCountOf(rows: readonly LedgerRows[]): number {
  return rows.reduce((count, batch) => count + batch.orders.length, 0);
}

/** The pragmas the ledger's own connection uses, so both write with the same durability. */
function openRawSqlite(location: string): BetterSqlite3.Database {
  const connection = new BetterSqlite3(location);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  return connection;
}

async function measureRawSqlite(push: PushFigures, logger: Logger): Promise<number> {
  const scratch = scratchSqlite('raw.db');
  try {
    await (await openDatabase(scratch.location, logger)).close();
    const connection = openRawSqlite(scratch.location);
    try {
      for (const table of ['accounts', 'tills'] as const) {
        const statement = connection.prepare(referenceInserts[table]);
        for (const row of push.reference[table]) statement.run(...row);
      }
      const statements = tablesInWriteOrder.map((table) => {
        return { table, statement: connection.prepare(rowInserts[table]) };
      });
      const writeBatch = connection.transaction((rows: LedgerRows) => {
        for (const { table, statement } of statements) {
          for (const row of rows[table]) statement.run(...row);
        }
      });
      const startedMs = performance.now();
      for (const rows of push.rows) writeBatch.immediate(rows);
      return orderCountOf(push.rows) / ((performance.now() - startedMs) / 1000);
    } finally {
      connection.close();
    }
  } finally {
    await scratch.remove();
  }
}

async function measureRawPostgres(
  adminUrl: string,
  push: PushFigures,
  logger: Logger,
): Promise<number> {
  const scratch = await scratchPostgres(adminUrl, 'raw');
  try {
    await (await openDatabase(scratch.location, logger)).close();
    const client = new pg.Client({ connectionString: scratch.location });
    await client.connect();
    try {
      for (const table of ['accounts', 'tills'] as const) {
        const text = numberedPlaceholders(referenceInserts[table]);
        for (const values of push.reference[table]) await client.query(text, values);
      }
      const startedMs = performance.now();
      for (const rows of push.rows) await writeBatchPostgres(client, rows);
      return orderCountOf(push.rows) / ((performance.now() - startedMs) / 1000);
    } finally {
      await client.end();
    }
  } finally {
    await scratch.remove();
  }
}

/** One row per statement, each a named (server-side prepared) statement, in one transaction. */
async function writeBatchPostgres(client: pg.Client, rows: LedgerRows): Promise<void> {
  await client.query('BEGIN');
  for (const table of tablesInWriteOrder) {
    const text = numberedPlaceholders(rowInserts[table]);
    for (const values of rows[table]) await client.query({ name: `bench-${table}`, text, values });
  }
  await client.query('COMMIT');
}

function reportBaseline(engine: string, figures: EngineFigures): void {
  const share = figures.push.ordersPerSecond / figures.rawOrdersPerSecond;
  report(
    `${engine}: the same rows by a plain INSERT loop: ` +
      `${formatInteger(figures.rawOrdersPerSecond)} orders/s; ` +
      `the ledger reaches ${formatInteger(share * 100)} % of it`,
  );
}

async function benchSqlite(
  options: BenchOptions,
  logger: Logger,
  problems: string[],
): Promise<EngineFigures> {
  const scratch = scratchSqlite('ledger.db');
  try {
    const push = await measurePush('SQLite', scratch.location, options, logger, problems);
    const figures = { push, rawOrdersPerSecond: await measureRawSqlite(push, logger) };
    reportBaseline('SQLite', figures);
    return figures;
  } finally {
    await scratch.remove();
  }
}

async function benchPostgres(
  adminUrl: string,
  options: BenchOptions,
  logger: Logger,
  problems: string[],
): Promise<EngineFigures> {
  const scratch = await scratchPostgres(adminUrl, 'ledger');
  try {
    const push = await measurePush('PostgreSQL', scratch.location, options, logger, problems);
    const figures = { push, rawOrdersPerSecond: await measureRawPostgres(adminUrl, push, logger) };
    reportBaseline('PostgreSQL', figures);
    return figures;
  } finally {
    await scratch.remove();
  }
}

// Balance reads as the books grow

interface ReadStep {
  entryCount: number;
  p50Ms: number;
  p95Ms: number;
}

async function measureBalanceReads(
  options: BenchOptions,
  logger: Logger,
  problems: string[],
): Promise<ReadStep[]> {
  const scratch = scratchSqlite('reads.db');
  const ledger = new Ledger({ database: await openDatabase(scratch.location, logger), logger });
  // A second connection writes the bulk entries: through the ledger's queue it would be slower.
  const connection = openRawSqlite(scratch.location);
  try {
    const random = createRandom(benchSeed + 1);
    const store = await seedBenchStore(ledger, storeSize, random);
    const steps: ReadStep[] = [];
    for (const entryCount of [smallEntryCount, options.largeEntryCount]) {
      const context = { ledger, connection, store, random };
      steps.push(await growAndRead(context, entryCount, options.readCount, problems));
    }
    return steps;
  } finally {
    connection.close();
    await ledger.close();
    await scratch.remove();
  }
}

interface ReadContext {
  ledger: Ledger;
  connection: BetterSqlite3.Database;
  store: BenchStore;
  random: Random;
}

async function growAndRead(
  context: ReadContext,
  entryCount: number,
  readCount: number,
  problems: string[],
): Promise<ReadStep> {
  const startedMs = performance.now();
  const { connection, store, random } = context;
  const heldCount = fillWithTransfers(connection, store.walletUsers, entryCount, random);
  const label = `SQLite, ${formatInteger(heldCount)} entries`;
  report(`${label}: filled in ${seconds(startedMs)} s`);
  problems.push(...(await bookProblems(context.ledger, label)));

  const latencies = await timeBalanceReads(context, readCount);
  const step = {
    entryCount: heldCount,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
  };
  report(
    `${label}: ${formatInteger(readCount)} balance reads, p50 ${microseconds(step.p50Ms)}, ` +
      `p95 ${microseconds(step.p95Ms)}`,
  );
  return step;
}

async function timeBalanceReads(context: ReadContext, readCount: number): Promise<number[]> {
  const { ledger, store, random } = context;
  const readOne = async () => {
    const customer = random.pick(store.customers);
    const startedMs = performance.now();
    const found = await ledger.readCustomer(customer.id);
    const elapsedMs = performance.now() - startedMs;
    if (found?.walletId !== customer.walletId) throw new Error(`Read back ${customer.id} wrong`);
    return elapsedMs;
  };
  // The first reads warm SQLite's page cache and the JIT; they are not counted.
  for (let index = 0; index < readWarmUpCount; index += 1) await readOne();
  const latencies: number[] = [];
  for (let index = 0; index < readCount; index += 1) latencies.push(await readOne());
  return latencies;
}

function microseconds(milliseconds: number): string {
  return `${formatInteger(milliseconds * 1000)} µs`;
}

// The summary

function met(isMet: boolean): string {
  return isMet ? 'yes' : 'no';
}

interface PushAims {
  ordersPerSecond: number;
  /** Share of the plain INSERT loop's rate; null where that loop is no ceiling. */
  shareOfRaw: number | null;
}

function pushRows(engine: string, figures: EngineFigures | null, aim: PushAims) {
  const rateAim = `≥ ${formatInteger(aim.ordersPerSecond)} orders/s`;
  if (!figures) return [[`${engine} push`, 'not run: CAISSE_DB is not a postgres:// URL', rateAim]];
  const { push } = figures;
  const share = push.ordersPerSecond / figures.rawOrdersPerSecond;
  const { p50, p95 } = push.batchLatencyMs;
  return [
    [
      `${engine} push`,
      `${formatInteger(push.ordersPerSecond)} orders/s`,
      rateAim,
      met(push.ordersPerSecond >= aim.ordersPerSecond),
    ],
    [
      `${engine} push / plain INSERT loop`,
      `${formatInteger(share * 100)} % of ${formatInteger(figures.rawOrdersPerSecond)} orders/s`,
      aim.shareOfRaw === null ? '' : `≥ ${formatInteger(aim.shareOfRaw * 100)} %`,
      aim.shareOfRaw === null ? '' : met(share >= aim.shareOfRaw),
    ],
    [`${engine} push latency p50 / p95`, `${formatInteger(p50)} / ${formatInteger(p95)} ms`],
  ];
}

function readRows(steps: readonly ReadStep[]) {
  const [small, large] = steps;
  if (!small || !large) return [];
  const sizes = `${formatInteger(small.entryCount)} / ${formatInteger(large.entryCount)} entries`;
  return (['p50', 'p95'] as const).map((name) => {
    const key = name === 'p50' ? 'p50Ms' : 'p95Ms';
    const ratio = large[key] / small[key];
    return [
      `balance read ${name} at ${sizes}`,
      `${microseconds(small[key])} / ${microseconds(large[key])} (×${formatDecimal(ratio, 2)})`,
      `equal (within ×${readRatioEqualMax})`,
      met(ratio <= readRatioEqualMax),
    ];
  });
}

function printSummary(
  sqlite: EngineFigures,
  reads: readonly ReadStep[],
  postgres: EngineFigures | null,
): void {
  report('');
  report(
    formatTable([
      ['measure', 'figure', 'aim', 'met'],
      ...pushRows('SQLite', sqlite, aims.sqlite),
      ...pushRows('PostgreSQL', postgres, aims.postgres),
      ...readRows(reads),
    ]),
  );
}

async function main(): Promise<void> {
  const startedMs = performance.now();
  const options = parseOptions();
  const logger = createBenchLogger();
  const problems: string[] = [];
  report(
    `Caisse server benchmark on ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ` +
      `Node ${process.version}; server and clients share this process`,
  );

  const sqlite = await benchSqlite(options, logger, problems);
  const reads = await measureBalanceReads(options, logger, problems);
  const location = process.env.CAISSE_DB ?? '';
  const postgres = isPostgresUrl(location)
    ? await benchPostgres(location, options, logger, problems)
    : null;

  printSummary(sqlite, reads, postgres);
  report(`\nTotal ${seconds(startedMs)} s`);
  if (problems.length > 0) {
    report('\nThe run did not book what it was given, so the figures above mean nothing:');
    for (const problem of problems) report(`  ${problem}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  const isUsage = error instanceof UsageError;
  const text = error instanceof Error ? (isUsage ? error.message : error.stack) : String(error);
  process.stderr.write(isUsage ? `${text}\n\n${usage}` : `The benchmark failed: ${text}\n`);
  process.exit(1);
});
