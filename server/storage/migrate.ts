// Numbered migrations, one SQL file per step and per engine (migrations/<engine>/NNN_name.sql).
// Each step runs in its own transaction together with the row that records it, so a failed step
// leaves the schema as it was.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../shared/logger.ts';
import { asNumber, type Database } from './database.ts';

const migrationsRoot = join(import.meta.dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  text: string;
}

export function migrationsFor(dialect: Database['dialect']): Migration[] {
  const folder = join(migrationsRoot, dialect);
  return readdirSync(folder)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      text: readFileSync(join(folder, file), 'utf8'),
    }));
}

/** Splits a migration file into statements; a `$$` body in PostgreSQL stays whole. */
function statementsOf(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let isInDollarBody = false;
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('--') && current.trim() === '') continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) isInDollarBody = !isInDollarBody;
    const isEnd = line.trimEnd().endsWith(';') && !isInDollarBody;
    // A SQLite trigger body holds statements of its own: it ends at its END.
    const isInSqliteTrigger = /^CREATE TRIGGER/m.test(current) && /\bBEGIN\b/.test(current);
    if (isEnd && (!isInSqliteTrigger || /\bEND;$/.test(line.trim()))) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim() !== '') statements.push(current.trim());
  return statements;
}

/** Applies every step not yet applied, up to `versionMax` (a test stops at an older schema). */
export async function migrate(
  database: Database,
  logger: Logger,
  versionMax = Number.POSITIVE_INFINITY,
): Promise<number> {
  const log = logger.child('migrate');
  await database.write(async (sql) => {
    await sql.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations ' +
        '(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
  });
  const applied = await database.read((sql) =>
    sql.all<{ version: unknown }>('SELECT version FROM schema_migrations'),
  );
  const appliedVersions = new Set(applied.map((row) => asNumber(row.version)));

  let count = 0;
  for (const migration of migrationsFor(database.dialect)) {
    if (appliedVersions.has(migration.version) || migration.version > versionMax) continue;
    const isApplied = await database.write(async (sql) => {
      // Another process may have applied it since we looked: the check and the step share the
      // write lock (SQLite) or the primary key settles it (PostgreSQL).
      const rows = await sql.all('SELECT version FROM schema_migrations WHERE version = ?', [
        migration.version,
      ]);
      if (rows.length > 0) return true;
      for (const statement of statementsOf(migration.text)) await sql.run(statement);
      await sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        new Date().toISOString(),
      ]);
      return false;
    });
    if (isApplied) continue;
    log.info('migration applied', { version: migration.version, migration: migration.name });
    count += 1;
  }
  return count;
}
