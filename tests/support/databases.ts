// Test databases on both engines. SQLite gets a fresh file in a temporary folder; PostgreSQL a
// fresh database on the server named by CAISSE_TEST_POSTGRES_URL, dropped afterwards. The same
// suites run on both.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createMemoryLogger } from '../../shared/logger.ts';
import { Ledger } from '../../server/ledger/ledger.ts';
import { openDatabase } from '../../server/storage/open.ts';

export type Engine = 'sqlite' | 'postgres';

export const postgresAdminUrl = process.env.CAISSE_TEST_POSTGRES_URL ?? null;

/** The engines this run covers: PostgreSQL whenever a server was given (always in CI). */
export const engines: Engine[] = postgresAdminUrl ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  location: string;
  drop: () => Promise<void>;
}

let databaseCounter = 0;

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'caisse-test-'));
    return {
      location: join(folder, 'ledger.db'),
      drop: () => Promise.resolve(rmSync(folder, { recursive: true, force: true })),
    };
  }
  if (!postgresAdminUrl) throw new Error('CAISSE_TEST_POSTGRES_URL is not set');
  databaseCounter += 1;
  const name = `caisse_test_${process.pid}_${Date.now()}_${databaseCounter}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    location: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function openTestLedger(engine: Engine, options: { now?: () => Date } = {}) {
  const testDatabase = await createTestDatabase(engine);
  const { logger, records } = createMemoryLogger();
  const database = await openDatabase(testDatabase.location, logger);
  const ledger = new Ledger({ database, logger, ...options });
  return {
    ledger,
    logRecords: records,
    location: testDatabase.location,
    close: async () => {
      await ledger.close();
      await testDatabase.drop();
    },
  };
}
