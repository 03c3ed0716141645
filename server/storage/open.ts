// Chooses the engine from the CAISSE_DB setting and brings its schema up to date.
import type { Logger } from '../../shared/logger.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export async function openDatabase(location: string, logger: Logger): Promise<Database> {
  const database = isPostgresUrl(location)
    ? openPostgres(location, { logger: logger.child('postgres') })
    : openSqlite(location);
  try {
    await migrate(database, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
