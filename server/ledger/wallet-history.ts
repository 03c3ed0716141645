// A wallet's entries with the balance after each, newest first, for the back office and the
// portal. The running balance follows booking order (entry ids), which is the order the
// balance really moved in: an offline sale pushed a day late moved it when it arrived, even
// though it happened earlier.
import type { WalletMovementKind } from '../../shared/domain.ts';
import { asNumber, placeholders, type Sql } from '../storage/database.ts';
import type { TransactionKind } from './postings.ts';

export interface WalletHistoryEntry {
  entryId: number;
  transactionId: string;
  kind: TransactionKind;
  movementKind: WalletMovementKind | null;
  /** Signed: positive credited the wallet. */
  amountMinor: number;
  balanceAfterMinor: number;
  walletId: string;
  customerId: string | null;
  customerName: string | null;
  tillName: string | null;
  description: string;
  occurredAt: string;
  bookedAt: string;
}

interface HistoryRecord extends Record<string, unknown> {
  entry_id: unknown;
  transaction_id: string;
  kind: string;
  movement_kind: string | null;
  amount_minor: unknown;
  balance_after: unknown;
  account_id: string;
  customer_id: string | null;
  customer_name: string | null;
  till_name: string | null;
  description: string;
  occurred_at: string;
  booked_at: string;
}

function toEntry(row: HistoryRecord): WalletHistoryEntry {
  return {
    entryId: asNumber(row.entry_id),
    transactionId: row.transaction_id,
    kind: row.kind as TransactionKind,
    movementKind: row.movement_kind as WalletMovementKind | null,
    amountMinor: asNumber(row.amount_minor),
    balanceAfterMinor: asNumber(row.balance_after),
    walletId: row.account_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    tillName: row.till_name,
    description: row.description,
    occurredAt: row.occurred_at,
    bookedAt: row.booked_at,
  };
}

// The window runs over every entry of the wallets asked for, before any filter or page, so the
// balance after an entry is the same on every page and in every search.
const historySelect = (walletCount: number) =>
  'SELECT w.entry_id, w.transaction_id, w.kind, w.movement_kind, w.amount_minor, ' +
  'w.balance_after, w.account_id, w.customer_id, c.name AS customer_name, ' +
  'ti.name AS till_name, w.description, w.occurred_at, w.booked_at FROM (' +
  'SELECT e.id AS entry_id, e.transaction_id, e.account_id, e.amount_minor, e.customer_id, ' +
  'e.movement_kind, t.kind, t.description, t.occurred_at, t.booked_at, t.till_id, ' +
  'SUM(e.amount_minor) OVER (PARTITION BY e.account_id ORDER BY e.id ' +
  'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS balance_after ' +
  'FROM entries e JOIN transactions t ON t.id = e.transaction_id ' +
  `WHERE e.account_id IN (${placeholders(walletCount)})) w ` +
  'LEFT JOIN customers c ON c.id = w.customer_id LEFT JOIN tills ti ON ti.id = w.till_id ';

/** One page of a wallet's history: entries older than `beforeEntryId`, newest first. */
export async function readWalletHistory(
  sql: Sql,
  walletId: string,
  options: { limit: number; beforeEntryId?: number | null },
): Promise<WalletHistoryEntry[]> {
  const before = options.beforeEntryId ?? Number.MAX_SAFE_INTEGER;
  const rows = await sql.all<HistoryRecord>(
    `${historySelect(1)}WHERE w.entry_id < ? ORDER BY w.entry_id DESC LIMIT ?`,
    [walletId, before, options.limit],
  );
  return rows.map(toEntry);
}

/**
 * The newest wallet entries that name one of the given customers, each with the balance of its
 * wallet after it: the "search the wallet entries by customer name" of the back office.
 */
export async function readWalletEntriesOfCustomers(
  sql: Sql,
  customers: readonly { id: string; walletId: string }[],
  limit: number,
): Promise<WalletHistoryEntry[]> {
  if (customers.length === 0) return [];
  const walletIds = [...new Set(customers.map((customer) => customer.walletId))];
  const customerIds = customers.map((customer) => customer.id);
  const rows = await sql.all<HistoryRecord>(
    `${historySelect(walletIds.length)}WHERE w.customer_id IN ` +
      `(${placeholders(customerIds.length)}) ORDER BY w.entry_id DESC LIMIT ?`,
    [...walletIds, ...customerIds, limit],
  );
  return rows.map(toEntry);
}
