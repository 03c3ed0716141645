// One small interface over both storage engines, so the ledger is written once. SQL is written
// with `?` placeholders and the few dialect differences (row locks, placeholders) are handled
// here. Every ledger change runs inside `write`, which is serialisable with respect to the wallet
// floor: SQLite takes its single write lock up front (BEGIN IMMEDIATE), PostgreSQL locks the rows
// it reads before it writes them.

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface Sql {
  readonly dialect: Dialect;
  all<T extends Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** ` FOR UPDATE` where the engine locks rows, nothing on SQLite (its write lock is held). */
  readonly forUpdate: string;
}

export interface Database {
  readonly dialect: Dialect;
  /** A read-write transaction; retried by the engine when it loses a deadlock or a race. */
  write<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** A read-only consistent snapshot. */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function one<T extends Row>(
  sql: Sql,
  text: string,
  params: readonly SqlValue[] = [],
): Promise<T | undefined> {
  const rows = await sql.all<T>(text, params);
  return rows[0];
}

/** Splits a list for `IN (…)` lists and multi-row inserts, well below both engines' limits. */
export function chunks<T>(items: readonly T[], sizeMax: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += sizeMax) {
    result.push(items.slice(start, start + sizeMax));
  }
  return result;
}

export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** Rows of `?` tuples for a multi-row INSERT: `(?, ?), (?, ?)`. */
export function tupleList(rowCount: number, columnCount: number): string {
  const tuple = `(${placeholders(columnCount)})`;
  return Array.from({ length: rowCount }, () => tuple).join(', ');
}

export function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') {
    const number = Number(value);
    if (Number.isSafeInteger(number)) return number;
  }
  throw new Error(`Expected an integer from the database, got ${String(value)}`);
}

export function asBoolean(value: unknown): boolean {
  return asNumber(value) === 1;
}
