// What every ledger operation needs: the database, a clock (injected so tests can move time),
// a logger, and the listeners told after a commit that there is something new to pull.
import type { Logger } from '../../shared/logger.ts';
import { asNumber, one, type Database, type Sql } from '../storage/database.ts';

export interface LedgerContext {
  database: Database;
  logger: Logger;
  now: () => Date;
  /** Called after a commit that advanced the change cursor. */
  notifyChange: (cursor: number) => void;
}

/**
 * Reserves `count` consecutive change numbers and returns the first. Every row a till may pull
 * carries its own number, so a page boundary never splits a group. On PostgreSQL the counter row
 * stays locked until commit, which makes the numbers follow commit order; take it last, after the
 * account locks, to keep one lock order everywhere.
 */
export async function reserveChangeSeqs(sql: Sql, count: number): Promise<number> {
  const row = await one<{ value: unknown }>(
    sql,
    `SELECT value FROM change_counter WHERE id = 1${sql.forUpdate}`,
  );
  const value = asNumber(row?.value);
  await sql.run('UPDATE change_counter SET value = ? WHERE id = 1', [value + count]);
  return value + 1;
}

export async function latestChangeSeq(sql: Sql): Promise<number> {
  const row = await one<{ value: unknown }>(sql, 'SELECT value FROM change_counter WHERE id = 1');
  return asNumber(row?.value);
}
