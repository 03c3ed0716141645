// Tills authenticate with a bearer token made once, shown once, and stored only as its SHA-256.
// A token is 256 random bits, so a fast hash is enough: there is nothing to guess from it.
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../../shared/ids.ts';
import { asNumber, one, type Sql } from '../storage/database.ts';
import type { LedgerContext } from './context.ts';

export interface Till {
  id: string;
  name: string;
  highestSequence: number;
  contiguousSequence: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Registers a till inside the caller's transaction; the token is returned once, never stored. */
export async function insertTill(
  sql: Sql,
  name: string,
  now: string,
): Promise<{ till: Till; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = newId();
  await sql.run(
    'INSERT INTO tills (id, name, token_hash, is_active, highest_sequence, contiguous_sequence, ' +
      'created_at) VALUES (?, ?, ?, 1, 0, 0, ?)',
    [id, name, hashToken(token), now],
  );
  return { till: { id, name, highestSequence: 0, contiguousSequence: 0 }, token };
}

export async function createTill(
  context: LedgerContext,
  name: string,
): Promise<{ till: Till; token: string }> {
  const now = context.now().toISOString();
  return context.database.write((sql) => insertTill(sql, name, now));
}

interface TillRow extends Record<string, unknown> {
  id: string;
  name: string;
  highest_sequence: unknown;
  contiguous_sequence: unknown;
}

function toTill(row: TillRow): Till {
  return {
    id: row.id,
    name: row.name,
    highestSequence: asNumber(row.highest_sequence),
    contiguousSequence: asNumber(row.contiguous_sequence),
  };
}

export async function authenticateTill(
  context: LedgerContext,
  token: string,
): Promise<Till | null> {
  if (token.length < 20 || token.length > 200) return null;
  const row = await context.database.read((sql) =>
    one<TillRow>(
      sql,
      'SELECT id, name, highest_sequence, contiguous_sequence FROM tills ' +
        'WHERE token_hash = ? AND is_active = 1',
      [hashToken(token)],
    ),
  );
  return row ? toTill(row) : null;
}

export async function listTills(context: LedgerContext): Promise<Till[]> {
  const rows = await context.database.read((sql) =>
    sql.all<TillRow>(
      'SELECT id, name, highest_sequence, contiguous_sequence FROM tills ORDER BY created_at',
    ),
  );
  return rows.map(toTill);
}
