// Writing balanced transactions: the entries go in with multi-row inserts and each touched
// account's balance is moved once per batch, in the same database transaction, so a balance is
// always the sum of its entries and reading it is a single row.
import { assert } from '../../shared/assert.ts';
import { chunks, placeholders, tupleList, type Sql } from '../storage/database.ts';
import { assertBalanced, type PlannedEntry } from './booking.ts';
import { reserveChangeSeqs } from './context.ts';

export type TransactionKind =
  | 'order'
  | 'bank_top_up'
  | 'invoice_top_up'
  | 'suspense_transfer'
  | 'adjustment'
  | 'payout'
  /** A top-up invoice booked to the suspense account: no wallet moves yet. */
  | 'invoice'
  /** A bank transfer that pays a top-up invoice: the receivable is settled, no wallet moves. */
  | 'invoice_payment';

export interface TransactionToBook {
  id: string;
  kind: TransactionKind;
  orderId: string | null;
  tillId: string | null;
  description: string;
  occurredAt: string;
  entries: PlannedEntry[];
}

const rowsPerInsertMax = 200;

export interface AccountMovement {
  amountMinor: number;
  entryCount: number;
}

export async function insertTransactions(
  sql: Sql,
  transactions: readonly TransactionToBook[],
  bookedAt: string,
): Promise<Map<string, AccountMovement>> {
  const movements = new Map<string, AccountMovement>();
  for (const transaction of transactions) {
    assertBalanced(transaction.entries);
    for (const entry of transaction.entries) {
      const movement = movements.get(entry.accountId) ?? { amountMinor: 0, entryCount: 0 };
      movement.amountMinor += entry.amountMinor;
      movement.entryCount += 1;
      movements.set(entry.accountId, movement);
    }
  }

  for (const batch of chunks(transactions, rowsPerInsertMax)) {
    await sql.run(
      'INSERT INTO transactions (id, kind, order_id, till_id, description, occurred_at, booked_at) ' +
        `VALUES ${tupleList(batch.length, 7)}`,
      batch.flatMap((t) => [
        t.id,
        t.kind,
        t.orderId,
        t.tillId,
        t.description,
        t.occurredAt,
        bookedAt,
      ]),
    );
  }

  const entryRows = transactions.flatMap((transaction) =>
    transaction.entries.map((entry) => [
      transaction.id,
      entry.accountId,
      entry.amountMinor,
      entry.customerId,
      entry.paymentMethodId,
      entry.movementKind,
    ]),
  );
  for (const batch of chunks(entryRows, rowsPerInsertMax)) {
    await sql.run(
      'INSERT INTO entries (transaction_id, account_id, amount_minor, customer_id, ' +
        `payment_method_id, movement_kind) VALUES ${tupleList(batch.length, 6)}`,
      batch.flat(),
    );
  }
  return movements;
}

/** Moves the maintained balances; the accounts must already be locked by this transaction. */
export async function applyMovements(
  sql: Sql,
  movements: ReadonlyMap<string, AccountMovement>,
): Promise<void> {
  for (const [accountId, movement] of [...movements.entries()].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    const changed = await sql.run(
      'UPDATE accounts SET balance_minor = balance_minor + ?, entry_count = entry_count + ? ' +
        'WHERE id = ?',
      [movement.amountMinor, movement.entryCount, accountId],
    );
    assert(changed === 1, `Entries booked to a missing account ${accountId}`);
  }
}

/**
 * Gives every customer spending from the given wallets a new change number, so tills pull their
 * new balance. Returns the newest number used, or null when no customer was touched.
 */
export async function touchWalletHolders(
  sql: Sql,
  walletIds: readonly string[],
): Promise<number | null> {
  if (walletIds.length === 0) return null;
  const customerIds: string[] = [];
  for (const batch of chunks([...new Set(walletIds)], 500)) {
    const rows = await sql.all<{ id: string }>(
      `SELECT id FROM customers WHERE wallet_id IN (${placeholders(batch.length)}) ORDER BY id`,
      batch,
    );
    customerIds.push(...rows.map((row) => row.id));
  }
  if (customerIds.length === 0) return null;
  const first = await reserveChangeSeqs(sql, customerIds.length);
  for (const [offset, id] of customerIds.entries()) {
    await sql.run('UPDATE customers SET change_seq = ? WHERE id = ?', [first + offset, id]);
  }
  return first + customerIds.length - 1;
}
