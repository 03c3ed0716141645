// The people who sign in at the tills: cashiers and managers, each with a PIN kept only as a
// slow hash. The tills pull the hashes (with every other change) so that someone can sign in
// while the network is down; the server checks a manager's PIN itself on every store-wide write.
import type { StaffMember, StaffRole } from '../../shared/domain.ts';
import type { ManagerCredentials } from '../../shared/protocol.ts';
import { hashPin, verifyPin } from '../../shared/pin.ts';
import { recordAudit, type AuditActor } from '../backoffice/audit.ts';
import { asBoolean, asNumber, one, type Sql } from '../storage/database.ts';
import { reserveChangeSeqs, type LedgerContext } from './context.ts';

export function toStaffMember(row: Record<string, unknown>): StaffMember {
  return {
    id: row.id as string,
    name: row.name as string,
    role: row.role as StaffRole,
    pinHash: row.pin_hash as string,
    isActive: asBoolean(row.is_active),
  };
}

export async function readStaffMember(sql: Sql, id: string): Promise<StaffMember | null> {
  const row = await one<Record<string, unknown>>(sql, 'SELECT * FROM staff WHERE id = ?', [id]);
  return row ? toStaffMember(row) : null;
}

export async function listStaff(sql: Sql): Promise<StaffMember[]> {
  const rows = await sql.all<Record<string, unknown>>('SELECT * FROM staff ORDER BY name, id');
  return rows.map(toStaffMember);
}

/** Names are compared as a person reads them: case and accents aside, spaces squeezed. */
export function foldStaffName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface StaffChange {
  name: string;
  role: StaffRole;
  /** A new PIN, or null to keep the current one (required when the member is new). */
  pin: string | null;
  isActive: boolean;
}

export type StaffRefusal = 'pin_required' | 'staff_name_taken' | 'last_active_manager';

export type StaffSaveResult =
  | { ok: true; member: StaffMember; previous: StaffMember | null }
  | { ok: false; reason: StaffRefusal };

/**
 * Creates or changes one staff member inside the caller's transaction, stamped `seq`. The caller
 * reserves the change number first: that lock keeps every other change out until the commit, so
 * two tills cannot each disable one of the last two managers. The PIN is hashed by the caller
 * beforehand (`pinHash`), because the slow hash must not hold the write lock. The last active
 * manager can be neither disabled nor made a cashier: nobody could change the store's settings
 * afterwards, except from the command line.
 */
export async function writeStaffMember(
  sql: Sql,
  id: string,
  change: Omit<StaffChange, 'pin'> & { pinHash: string | null },
  seq: number,
  at: string,
): Promise<StaffSaveResult> {
  const previous = await readStaffMember(sql, id);
  if (!previous && change.pinHash === null) return { ok: false, reason: 'pin_required' };

  const name = change.name.trim();
  if (change.isActive) {
    const others = await sql.all<{ id: string; name: string }>(
      'SELECT id, name FROM staff WHERE is_active = 1 AND id <> ?',
      [id],
    );
    const folded = foldStaffName(name);
    if (others.some((other) => foldStaffName(other.name) === folded)) {
      return { ok: false, reason: 'staff_name_taken' };
    }
  }

  const wasActiveManager = previous?.isActive === true && previous.role === 'manager';
  const staysActiveManager = change.isActive && change.role === 'manager';
  if (wasActiveManager && !staysActiveManager) {
    const row = await one<{ count: unknown }>(
      sql,
      `SELECT COUNT(*) AS count FROM staff WHERE is_active = 1 AND role = 'manager' AND id <> ?`,
      [id],
    );
    if (asNumber(row?.count) === 0) return { ok: false, reason: 'last_active_manager' };
  }

  const pinHash = change.pinHash ?? previous?.pinHash ?? '';
  await sql.run(
    'INSERT INTO staff (id, name, role, pin_hash, is_active, change_seq, created_at, updated_at) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, ' +
      'role = excluded.role, pin_hash = excluded.pin_hash, is_active = excluded.is_active, ' +
      'change_seq = excluded.change_seq, updated_at = excluded.updated_at',
    [id, name, change.role, pinHash, change.isActive ? 1 : 0, seq, at, at],
  );
  const member: StaffMember = { id, name, role: change.role, pinHash, isActive: change.isActive };
  return { ok: true, member, previous };
}

/**
 * Creates or changes a staff member on its own: the command line (which names itself in the
 * audit trail), the seeds and the demo.
 */
export async function saveStaffMember(
  context: LedgerContext,
  id: string,
  change: StaffChange,
  actor: AuditActor | null = null,
): Promise<StaffSaveResult> {
  const pinHash = change.pin === null ? null : await hashPin(change.pin);
  const at = context.now().toISOString();
  try {
    const saved = await context.database.write(async (sql) => {
      const seq = await reserveChangeSeqs(sql, 1);
      const written = await writeStaffMember(sql, id, { ...change, pinHash }, seq, at);
      // A refusal is thrown so that the change number taken is given back with the rest.
      if (!written.ok) throw new StaffRefused(written.reason);
      if (actor) {
        await recordAudit(sql, {
          actor,
          action: 'staff_saved',
          targetKind: 'staff',
          targetId: id,
          detail: describeStaffChange(written, change.pin !== null),
          occurredAt: at,
        });
      }
      return { written, seq };
    });
    context.notifyChange(saved.seq);
    return saved.written;
  } catch (error) {
    if (error instanceof StaffRefused) return { ok: false, reason: error.reason };
    throw error;
  }
}

class StaffRefused extends Error {
  constructor(readonly reason: StaffRefusal) {
    super(reason);
  }
}

/** The audit trail's words for a saved member: created or changed, role, state, new PIN. */
export function describeStaffChange(
  result: Extract<StaffSaveResult, { ok: true }>,
  isPinSet: boolean,
): string {
  const { member } = result;
  const what = result.previous ? 'changed' : 'created';
  const state = member.isActive ? 'active' : 'disabled';
  return `${what} "${member.name}" (${member.role}, ${state}${isPinSet ? ', PIN set' : ''})`;
}

export type ManagerRefusal = 'manager_pin_wrong' | 'not_a_manager';

export type ManagerCheck =
  { ok: true; manager: StaffMember } | { ok: false; reason: ManagerRefusal };

/**
 * Checks a manager's credentials. An unknown or disabled member is `not_a_manager`, like a
 * cashier: the till offers only the managers it knows, so such a member was changed elsewhere.
 * The PIN is checked only for an active manager, so a refusal by role costs no hash.
 */
export async function verifyManager(
  context: LedgerContext,
  credentials: ManagerCredentials,
): Promise<ManagerCheck> {
  const member = await context.database.read((sql) => readStaffMember(sql, credentials.staffId));
  if (!member || !member.isActive || member.role !== 'manager') {
    return { ok: false, reason: 'not_a_manager' };
  }
  const isPinRight = await verifyPin(credentials.pin, member.pinHash);
  if (!isPinRight) return { ok: false, reason: 'manager_pin_wrong' };
  return { ok: true, manager: member };
}

/**
 * Inside the write's transaction: the manager checked before it is still an active manager with
 * the same PIN, so a manager disabled by another till in the meantime writes nothing.
 */
export async function isStillManager(sql: Sql, manager: StaffMember): Promise<boolean> {
  const row = await one<{ id: string }>(
    sql,
    `SELECT id FROM staff WHERE id = ? AND is_active = 1 AND role = 'manager' AND pin_hash = ?`,
    [manager.id, manager.pinHash],
  );
  return row !== undefined;
}
