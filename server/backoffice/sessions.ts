// Back-office sessions live in the database. The cookie holds a 256-bit random id; the table
// keeps only its SHA-256, so a copy of the database opens no session. A session ends when its
// user signs out (the row is deleted: the old cookie is then worthless), after an hour without
// use, or twelve hours after sign-in, whichever comes first.
import { createHash, randomBytes } from 'node:crypto';
import { one, type Database, type Sql } from '../storage/database.ts';
import { readUser, type BackOfficeUser } from './users.ts';

export const sessionIdleMinutesMax = 60;
export const sessionHoursMax = 12;
/** A session's last use is written at most this often, so reading pages does not write each time. */
const lastSeenWriteIntervalMs = 60_000;

export interface BackOfficeSession {
  user: BackOfficeUser;
  /** The token every form of this session carries; a POST without it is refused. */
  csrfToken: string;
  /** The SHA-256 of the session id: the row's key, safe to keep in memory and logs. */
  idHash: string;
  /** What the last form handled says, shown once on the next page. */
  notice: Notice | null;
}

export interface Notice {
  kind: 'success' | 'error';
  text: string;
}

function parseNotice(text: string | null): Notice | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Notice>;
    const isKind = value.kind === 'success' || value.kind === 'error';
    return isKind && typeof value.text === 'string'
      ? { kind: value.kind!, text: value.text }
      : null;
  } catch {
    return null;
  }
}

export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Makes a session inside the caller's transaction; returns the id for the cookie. */
export async function createSession(
  sql: Sql,
  userId: string,
  now: Date,
): Promise<{ sessionId: string; csrfToken: string }> {
  const sessionId = randomToken();
  const csrfToken = randomToken();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + sessionHoursMax * 3_600_000).toISOString();
  // Expired rows of anyone are cleared here: sign-ins are rare enough to carry the work.
  await sql.run('DELETE FROM backoffice_sessions WHERE expires_at < ? OR last_seen_at < ?', [
    at,
    new Date(now.getTime() - sessionIdleMinutesMax * 60_000).toISOString(),
  ]);
  await sql.run(
    'INSERT INTO backoffice_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, ' +
      'expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    [hashSessionId(sessionId), userId, csrfToken, at, at, expiresAt],
  );
  return { sessionId, csrfToken };
}

interface SessionRecord extends Record<string, unknown> {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  notice: string | null;
  last_seen_at: string;
  expires_at: string;
}

/** The live session of a cookie's id, or null: unknown, signed out, idle too long or too old. */
export async function readSession(
  database: Database,
  sessionId: string,
  now: Date,
): Promise<BackOfficeSession | null> {
  if (sessionId.length < 20 || sessionId.length > 200) return null;
  const idHash = hashSessionId(sessionId);
  const found = await database.read(async (sql) => {
    const row = await one<SessionRecord>(
      sql,
      'SELECT id_hash, user_id, csrf_token, notice, last_seen_at, expires_at ' +
        'FROM backoffice_sessions WHERE id_hash = ?',
      [idHash],
    );
    if (!row) return null;
    const user = await readUser(sql, row.user_id);
    return user ? { row, user } : null;
  });
  if (!found) return null;
  const idleLimit = new Date(now.getTime() - sessionIdleMinutesMax * 60_000).toISOString();
  if (found.row.expires_at <= now.toISOString() || found.row.last_seen_at < idleLimit) {
    return null;
  }
  if (now.getTime() - Date.parse(found.row.last_seen_at) > lastSeenWriteIntervalMs) {
    await database.write((sql) =>
      sql.run('UPDATE backoffice_sessions SET last_seen_at = ? WHERE id_hash = ?', [
        now.toISOString(),
        idHash,
      ]),
    );
  }
  return {
    user: found.user,
    csrfToken: found.row.csrf_token,
    idHash,
    notice: parseNotice(found.row.notice),
  };
}

/** Keeps a notice for the next page of this session (after a form, before the redirect). */
export async function setNotice(sql: Sql, idHash: string, notice: Notice | null): Promise<void> {
  const text = notice ? JSON.stringify(notice) : null;
  await sql.run('UPDATE backoffice_sessions SET notice = ? WHERE id_hash = ?', [text, idHash]);
}

export async function destroySession(sql: Sql, idHash: string): Promise<void> {
  await sql.run('DELETE FROM backoffice_sessions WHERE id_hash = ?', [idHash]);
}
