// The audit trail: who did what in the back office, to which customer or till, for how much,
// and when. Each row is written in the same database transaction as the change it describes,
// so there is never a booking without its row or a row without its booking. The table is
// append-only (a trigger refuses updates and deletes).
import { asNumber, type Sql } from '../storage/database.ts';

export type AuditAction =
  | 'login'
  | 'logout'
  | 'wallet_adjustment'
  | 'wallet_payout'
  | 'account_codes_changed'
  | 'till_pairing_code_created'
  | 'till_paired'
  | 'user_created'
  | 'language_changed'
  | 'ledger_exported'
  | 'store_settings_changed'
  | 'payment_method_saved'
  | 'product_saved'
  | 'staff_saved';

/** A back-office user, or the command line (no user id). */
export interface AuditActor {
  userId: string | null;
  name: string;
}

export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction | (string & {});
  targetKind?: 'customer' | 'till' | 'user' | 'settings' | 'ledger' | (string & {});
  targetId?: string | null;
  amountMinor?: number | null;
  transactionId?: string | null;
  detail?: string;
  occurredAt: string;
}

export interface AuditRow {
  id: number;
  occurredAt: string;
  userId: string | null;
  actorName: string;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  amountMinor: number | null;
  transactionId: string | null;
  detail: string;
}

const detailLengthMax = 1000;

export async function recordAudit(sql: Sql, entry: AuditEntry): Promise<void> {
  await sql.run(
    'INSERT INTO backoffice_audit (occurred_at, user_id, actor_name, action, target_kind, ' +
      'target_id, amount_minor, transaction_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      entry.occurredAt,
      entry.actor.userId,
      entry.actor.name,
      entry.action,
      entry.targetKind ?? null,
      entry.targetId ?? null,
      entry.amountMinor ?? null,
      entry.transactionId ?? null,
      (entry.detail ?? '').slice(0, detailLengthMax),
    ],
  );
}

interface AuditRecord extends Record<string, unknown> {
  id: unknown;
  occurred_at: string;
  user_id: string | null;
  actor_name: string;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  amount_minor: unknown;
  transaction_id: string | null;
  detail: string;
}

/** Newest first, paged by id: `beforeId` is the smallest id of the previous page. */
export async function readAudit(
  sql: Sql,
  options: { beforeId?: number | null; limit: number; targetId?: string | null },
): Promise<AuditRow[]> {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  if (options.beforeId) {
    conditions.push('id < ?');
    params.push(options.beforeId);
  }
  if (options.targetId) {
    conditions.push('target_id = ?');
    params.push(options.targetId);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')} ` : '';
  const rows = await sql.all<AuditRecord>(
    'SELECT id, occurred_at, user_id, actor_name, action, target_kind, target_id, amount_minor, ' +
      `transaction_id, detail FROM backoffice_audit ${where}ORDER BY id DESC LIMIT ?`,
    [...params, options.limit],
  );
  return rows.map((row) => ({
    id: asNumber(row.id),
    occurredAt: row.occurred_at,
    userId: row.user_id,
    actorName: row.actor_name,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    amountMinor: row.amount_minor === null ? null : asNumber(row.amount_minor),
    transactionId: row.transaction_id,
    detail: row.detail,
  }));
}
