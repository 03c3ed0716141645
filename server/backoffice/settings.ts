// Small values the back office keeps in its own key-value table: the secret that signs its
// cookies (made once, so sessions survive a restart), the time zone its reports group days in,
// and the watermark of the customer search index.
import { randomBytes } from 'node:crypto';
import { one, type Database, type Sql } from '../storage/database.ts';

export const defaultTimeZone = 'Europe/Brussels';

export async function readSetting(sql: Sql, key: string): Promise<string | null> {
  const row = await one<{ value: string }>(
    sql,
    'SELECT value FROM backoffice_settings WHERE key = ?',
    [key],
  );
  return row?.value ?? null;
}

export async function writeSetting(sql: Sql, key: string, value: string, now: string) {
  await sql.run(
    'INSERT INTO backoffice_settings (key, value, updated_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    [key, value, now],
  );
}

/** The cookie-signing secret, made on first use; the insert race is settled by the key. */
export async function cookieSecret(database: Database, now: string): Promise<string> {
  return database.write(async (sql) => {
    const existing = await readSetting(sql, 'cookie_secret');
    if (existing) return existing;
    const secret = randomBytes(32).toString('base64url');
    await sql.run(
      'INSERT INTO backoffice_settings (key, value, updated_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO NOTHING',
      ['cookie_secret', secret, now],
    );
    return (await readSetting(sql, 'cookie_secret')) ?? secret;
  });
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length <= 64;
  } catch {
    return false;
  }
}

export async function readTimeZone(sql: Sql): Promise<string> {
  const value = await readSetting(sql, 'time_zone');
  return value && isTimeZone(value) ? value : defaultTimeZone;
}
