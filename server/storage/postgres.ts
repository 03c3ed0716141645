// PostgreSQL through pg. Transactions run at READ COMMITTED with explicit row locks taken in a
// fixed order (wallet and other accounts sorted by id, the change counter last), so concurrent
// pushes and authorisations never see a stale balance. A deadlock or serialisation failure is
// retried a bounded number of times.
import pg from 'pg';
import type { Logger } from '../../shared/logger.ts';
import type { Database, Sql, SqlValue, Row } from './database.ts';

// Serialisation failure, deadlock, and a unique violation: the latter when two transactions
// insert the same till-made id at once (one order pushed by two tills); on the retry the loser
// sees the winner's row and answers as for any known id.
const retryableCodes = new Set(['40001', '40P01', '23505']);
const transactionAttemptsMax = 5;

// BIGINT and COUNT come back as strings by default; every integer we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`Integer out of range: ${text}`);
  return value;
});

function numbered(text: string): string {
  let index = 0;
  return text.replace(/\?/g, () => `$${++index}`);
}

function wrap(client: pg.PoolClient): Sql {
  return {
    dialect: 'postgres',
    forUpdate: ' FOR UPDATE',
    all: async <T extends Row>(text: string, params: readonly SqlValue[] = []) => {
      const result = await client.query<T>(numbered(text), params as SqlValue[]);
      return result.rows;
    },
    run: async (text, params = []) => {
      const result = await client.query(numbered(text), params as SqlValue[]);
      return result.rowCount ?? 0;
    },
  };
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && retryableCodes.has(code);
}

export function openPostgres(
  url: string,
  options: { poolSizeMax?: number; logger?: Logger } = {},
): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSizeMax ?? 10 });
  // An idle connection the server cuts (a restart, an administrator) is reported here; without a
  // listener Node would end the process. The pool replaces the connection on the next query.
  pool.on('error', (error) => {
    options.logger?.warn('an idle PostgreSQL connection failed', { error });
  });

  const transaction = async <T>(begin: string, work: (sql: Sql) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const client = await pool.connect();
      try {
        await client.query(begin);
        const value = await work(wrap(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (!isRetryable(error) || attempt >= transactionAttemptsMax) throw error;
      } finally {
        client.release();
      }
    }
  };

  return {
    dialect: 'postgres',
    write: (work) => transaction('BEGIN ISOLATION LEVEL READ COMMITTED', work),
    read: (work) => transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work),
    close: () => pool.end(),
  };
}
