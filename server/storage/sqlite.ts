// SQLite through better-sqlite3: one connection in WAL mode. better-sqlite3 is synchronous, so a
// transaction that awaits between statements could let another request's statements slip into
// it; a promise queue runs one transaction at a time, which is also all SQLite allows.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, Sql, SqlValue, Row } from './database.ts';

type Statement = BetterSqlite3.Statement<unknown[], Row>;

export function openSqlite(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new BetterSqlite3(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');

  const statements = new Map<string, Statement>();
  const prepare = (text: string): Statement => {
    let statement = statements.get(text);
    if (!statement) {
      statement = connection.prepare<unknown[], Row>(text);
      statements.set(text, statement);
    }
    return statement;
  };

  const sql: Sql = {
    dialect: 'sqlite',
    forUpdate: '',
    all: <T extends Row>(text: string, params: readonly SqlValue[] = []) => {
      const statement = prepare(text);
      if (statement.reader) return Promise.resolve(statement.all(...params) as T[]);
      statement.run(...params);
      return Promise.resolve([] as T[]);
    },
    run: (text, params = []) => Promise.resolve(prepare(text).run(...params).changes),
  };

  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(begin: string, work: (sql: Sql) => Promise<T>): Promise<T> => {
    const result = queue.then(async () => {
      connection.exec(begin);
      try {
        const value = await work(sql);
        connection.exec('COMMIT');
        return value;
      } catch (error) {
        if (connection.inTransaction) connection.exec('ROLLBACK');
        throw error;
      }
    });
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    dialect: 'sqlite',
    write: (work) => serialised('BEGIN IMMEDIATE', work),
    read: (work) => serialised('BEGIN DEFERRED', work),
    close: async () => {
      await queue;
      connection.close();
    },
  };
}
