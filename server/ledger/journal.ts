// Booking one balanced transaction inside a database transaction the caller already holds, so a
// document and its entries are written together or not at all: an invoice with its number and its
// entries, never a numbered invoice without its booking or a booking without its invoice.
import { assert } from '../../shared/assert.ts';
import { asNumber, placeholders, type Sql } from '../storage/database.ts';
import { ensureAccounts, lockAccounts } from './accounts.ts';
import type { PlannedEntry } from './booking.ts';
import { applyMovements, insertTransactions, touchWalletHolders } from './postings.ts';
import type { TransactionKind } from './postings.ts';

export interface JournalTransaction {
  id: string;
  kind: TransactionKind;
  description: string;
  occurredAt: string;
  entries: PlannedEntry[];
}

/** The id is booked already with other entries: a retry that is not one. Nothing is written. */
export class JournalConflictError extends Error {
  override name = 'JournalConflictError';
}

function signatureOf(
  kind: string,
  entries: readonly { accountId: string; amountMinor: number; customerId: string | null }[],
) {
  const parts = entries.map(
    (entry) => `${entry.accountId}:${entry.amountMinor}:${entry.customerId}`,
  );
  return `${kind}|${parts.sort().join(',')}`;
}

async function bookedSignature(sql: Sql, id: string): Promise<string | null> {
  const rows = await sql.all<{
    kind: string;
    account_id: string;
    amount_minor: unknown;
    customer_id: string | null;
  }>(
    'SELECT t.kind, e.account_id, e.amount_minor, e.customer_id FROM transactions t ' +
      'JOIN entries e ON e.transaction_id = t.id WHERE t.id = ?',
    [id],
  );
  const first = rows[0];
  if (!first) return null;
  return signatureOf(
    first.kind,
    rows.map((row) => ({
      accountId: row.account_id,
      amountMinor: asNumber(row.amount_minor),
      customerId: row.customer_id,
    })),
  );
}

/** Every wallet entry must name a customer who spends from that very wallet. */
async function assertWalletEntriesNameTheirCustomer(sql: Sql, entries: readonly PlannedEntry[]) {
  const accountIds = [...new Set(entries.map((entry) => entry.accountId))];
  const wallets = await sql.all<{ id: string }>(
    `SELECT id FROM accounts WHERE kind = 'wallet' AND id IN (${placeholders(accountIds.length)})`,
    accountIds,
  );
  const walletIds = new Set(wallets.map((row) => row.id));
  for (const entry of entries) {
    if (!walletIds.has(entry.accountId)) continue;
    assert(entry.customerId !== null, `A wallet entry on ${entry.accountId} names no customer`);
    const rows = await sql.all<{ wallet_id: string }>(
      'SELECT wallet_id FROM customers WHERE id = ?',
      [entry.customerId],
    );
    assert(
      rows[0]?.wallet_id === entry.accountId,
      'A wallet entry names another wallet’s customer',
    );
  }
  return [...walletIds];
}

/**
 * Books the transaction unless its id is booked already with the same entries, in which case
 * nothing is written (a retry). Returns the change number to announce after the caller commits.
 */
export async function bookJournalTransaction(
  sql: Sql,
  transaction: JournalTransaction,
  now: string,
): Promise<{ isNew: boolean; changeSeq: number | null }> {
  const earlier = await bookedSignature(sql, transaction.id);
  if (earlier !== null) {
    if (earlier !== signatureOf(transaction.kind, transaction.entries)) {
      throw new JournalConflictError(
        `Transaction ${transaction.id} was booked with other entries.`,
      );
    }
    return { isNew: false, changeSeq: null };
  }

  const walletIds = await assertWalletEntriesNameTheirCustomer(sql, transaction.entries);
  const accountIds = transaction.entries.map((entry) => entry.accountId);
  await ensureAccounts(sql, accountIds, now);
  await lockAccounts(sql, accountIds);
  const movements = await insertTransactions(
    sql,
    [{ ...transaction, orderId: null, tillId: null }],
    now,
  );
  await applyMovements(sql, movements);
  const changeSeq = await touchWalletHolders(sql, walletIds);
  return { isNew: true, changeSeq };
}
