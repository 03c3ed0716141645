// Back-office users: a login name, a scrypt password hash and a preferred language. The first
// user is made with `npm run ledger -- user create`; there is no sign-up page, so nobody can
// give themselves access to the books from the network.
import { newId } from '../../shared/ids.ts';
import { asBoolean, one, type Database, type Sql } from '../storage/database.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { isLanguage, type Language } from './i18n.ts';
import { checkPasswordStrength, hashPassword, type PasswordProblem } from './passwords.ts';

export interface BackOfficeUser {
  id: string;
  name: string;
  language: Language | null;
}

export const userNameLengthMax = 100;

/** Login names compare without case or surrounding spaces: "Anne " and "anne" are one user. */
export function loginKeyOf(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

export type NewUserProblem = PasswordProblem | 'invalid_name' | 'name_taken';

export type NewUserResult =
  { ok: true; user: BackOfficeUser } | { ok: false; reason: NewUserProblem };

export async function createBackOfficeUser(
  database: Database,
  input: { name: string; password: string; language?: Language | null },
  actor: AuditActor,
  now: () => Date,
): Promise<NewUserResult> {
  const name = input.name.trim().normalize('NFC');
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > userNameLengthMax || /[\u0000-\u001f\u007f]/.test(name)) {
    return { ok: false, reason: 'invalid_name' };
  }
  const weakness = checkPasswordStrength(input.password);
  if (weakness) return { ok: false, reason: weakness };
  const passwordHash = await hashPassword(input.password);
  const user: BackOfficeUser = { id: newId(), name, language: input.language ?? null };
  const isCreated = await database.write(async (sql) => {
    const taken = await one(sql, 'SELECT id FROM backoffice_users WHERE login_key = ?', [
      loginKeyOf(name),
    ]);
    if (taken) return false;
    const at = now().toISOString();
    await sql.run(
      'INSERT INTO backoffice_users (id, name, login_key, password_hash, language, is_active, ' +
        'created_at) VALUES (?, ?, ?, ?, ?, 1, ?)',
      [user.id, name, loginKeyOf(name), passwordHash, user.language, at],
    );
    await recordAudit(sql, {
      actor,
      action: 'user_created',
      targetKind: 'user',
      targetId: user.id,
      detail: name,
      occurredAt: at,
    });
    return true;
  });
  return isCreated ? { ok: true, user } : { ok: false, reason: 'name_taken' };
}

interface UserRecord extends Record<string, unknown> {
  id: string;
  name: string;
  password_hash: string;
  language: string | null;
  is_active: unknown;
}

function toUser(row: UserRecord): BackOfficeUser {
  return { id: row.id, name: row.name, language: isLanguage(row.language) ? row.language : null };
}

/** The active user of a login name with their password hash, for the sign-in check only. */
export async function findUserForLogin(
  database: Database,
  name: string,
): Promise<{ user: BackOfficeUser; passwordHash: string } | null> {
  const row = await database.read((sql) =>
    one<UserRecord>(
      sql,
      'SELECT id, name, password_hash, language, is_active FROM backoffice_users ' +
        'WHERE login_key = ?',
      [loginKeyOf(name)],
    ),
  );
  if (!row || !asBoolean(row.is_active)) return null;
  return { user: toUser(row), passwordHash: row.password_hash };
}

export async function readUser(sql: Sql, id: string): Promise<BackOfficeUser | null> {
  const row = await one<UserRecord>(
    sql,
    'SELECT id, name, password_hash, language, is_active FROM backoffice_users WHERE id = ?',
    [id],
  );
  return row && asBoolean(row.is_active) ? toUser(row) : null;
}

export async function setUserLanguage(sql: Sql, id: string, language: Language | null) {
  await sql.run('UPDATE backoffice_users SET language = ? WHERE id = ?', [language, id]);
}
