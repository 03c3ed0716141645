// Wallet movements that do not come from a till: a bank transfer or an invoice credited to a
// wallet, money moved from suspense, a manual adjustment, a payout of the remaining balance.
// Each is one balanced transaction between the customer's wallet and a counter account.
import type { WalletMovementKind } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { minorUnitsMax } from '../../shared/money.ts';
import { asNumber, one, type Sql } from '../storage/database.ts';
import { ensureAccounts, lockAccounts, systemAccounts } from './accounts.ts';
import type { LedgerContext } from './context.ts';
import {
  applyMovements,
  insertTransactions,
  touchWalletHolders,
  type TransactionKind,
} from './postings.ts';

export interface WalletTransfer {
  id?: string;
  // An invoice top-up is not among these: invoices (server/invoices) book it against the
  // receivable the invoice creates, in the same transaction as the invoice itself.
  kind: Extract<TransactionKind, 'bank_top_up' | 'suspense_transfer' | 'adjustment' | 'payout'>;
  customerId: string;
  /** Signed: positive credits the wallet. */
  amountMinor: number;
  description: string;
  occurredAt?: string;
}

const counterAccountByKind = {
  bank_top_up: systemAccounts.bank.id,
  suspense_transfer: systemAccounts.suspense.id,
  adjustment: systemAccounts.suspense.id,
  payout: systemAccounts.bank.id,
} as const;

const movementKindByKind: Record<WalletTransfer['kind'], WalletMovementKind> = {
  bank_top_up: 'bank_top_up',
  suspense_transfer: 'invoice_top_up',
  adjustment: 'adjustment',
  payout: 'payout',
};

/** A transfer the ledger refuses: bad input, told back with a code and nothing written. */
export class WalletTransferError extends Error {
  override name = 'WalletTransferError';
  constructor(
    readonly code:
      'invalid_amount' | 'invalid_description' | 'unknown_customer' | 'conflict' | 'below_floor',
    message: string,
  ) {
    super(message);
  }
}

function checkTransfer(transfer: WalletTransfer): void {
  const amount = transfer.amountMinor;
  if (!Number.isSafeInteger(amount) || amount === 0 || Math.abs(amount) > minorUnitsMax) {
    throw new WalletTransferError(
      'invalid_amount',
      'The amount must be a non-zero integer of cents.',
    );
  }
  if (transfer.description.trim() === '' || transfer.description.length > 500) {
    throw new WalletTransferError('invalid_description', 'A transfer needs a short description.');
  }
}

export interface WalletTransferOptions {
  /**
   * Refuses (code `below_floor`) a transfer that would leave the wallet below this balance,
   * checked with the wallet locked: a payout can then never pay out more than is there, even
   * while a till spends from the same wallet.
   */
  balanceFloorMinor?: number;
  /**
   * More writes for the same database transaction, run only when the transfer is booked now
   * (not on a retry): the back office writes its audit row here, so a booking never exists
   * without it.
   */
  alsoWrite?: (sql: Sql, booked: { transactionId: string; balanceMinor: number }) => Promise<void>;
}

/**
 * Books one wallet transfer. A retry with the same id and the same content books nothing again
 * and answers as the first time did; the same id with other content is refused.
 */
export async function bookWalletTransfer(
  context: LedgerContext,
  transfer: WalletTransfer,
  options: WalletTransferOptions = {},
): Promise<{ transactionId: string; balanceMinor: number }> {
  checkTransfer(transfer);
  const id = transfer.id ?? newId();
  const now = context.now().toISOString();
  const counterAccountId = counterAccountByKind[transfer.kind];
  const result = await context.database.write(async (sql) => {
    const customer = await one<{ wallet_id: string }>(
      sql,
      'SELECT wallet_id FROM customers WHERE id = ?',
      [transfer.customerId],
    );
    if (!customer) {
      throw new WalletTransferError('unknown_customer', `No customer ${transfer.customerId}.`);
    }
    const earlier = await one<{ kind: string; amount_minor: unknown; customer_id: string | null }>(
      sql,
      'SELECT t.kind, e.amount_minor, e.customer_id FROM transactions t ' +
        'JOIN entries e ON e.transaction_id = t.id AND e.account_id = ? WHERE t.id = ?',
      [customer.wallet_id, id],
    );
    const isKnownId =
      earlier !== undefined || (await one(sql, 'SELECT id FROM transactions WHERE id = ?', [id]));
    if (isKnownId) {
      const isSame =
        earlier?.kind === transfer.kind &&
        asNumber(earlier.amount_minor) === transfer.amountMinor &&
        earlier.customer_id === transfer.customerId;
      if (!isSame) {
        throw new WalletTransferError(
          'conflict',
          `Transaction ${id} was booked with other content.`,
        );
      }
      const balances = await lockAccounts(sql, [customer.wallet_id]);
      return { transactionId: id, balanceMinor: balances.get(customer.wallet_id) ?? 0, seq: null };
    }
    await ensureAccounts(sql, [counterAccountId], now);
    const balances = await lockAccounts(sql, [customer.wallet_id, counterAccountId]);
    const balanceMinor = (balances.get(customer.wallet_id) ?? 0) + transfer.amountMinor;
    if (options.balanceFloorMinor !== undefined && balanceMinor < options.balanceFloorMinor) {
      throw new WalletTransferError(
        'below_floor',
        `The wallet holds ${balances.get(customer.wallet_id) ?? 0}; this transfer would leave ` +
          `${balanceMinor}, below ${options.balanceFloorMinor}.`,
      );
    }
    const movements = await insertTransactions(
      sql,
      [
        {
          id,
          kind: transfer.kind,
          orderId: null,
          tillId: null,
          description: transfer.description,
          occurredAt: transfer.occurredAt ?? now,
          entries: [
            {
              accountId: customer.wallet_id,
              amountMinor: transfer.amountMinor,
              customerId: transfer.customerId,
              paymentMethodId: null,
              movementKind: movementKindByKind[transfer.kind],
            },
            {
              accountId: counterAccountId,
              amountMinor: -transfer.amountMinor,
              customerId: null,
              paymentMethodId: null,
              movementKind: null,
            },
          ],
        },
      ],
      now,
    );
    await applyMovements(sql, movements);
    const seq = await touchWalletHolders(sql, [customer.wallet_id]);
    await options.alsoWrite?.(sql, { transactionId: id, balanceMinor });
    return { transactionId: id, balanceMinor, seq };
  });
  if (result.seq !== null) context.notifyChange(result.seq);
  return { transactionId: result.transactionId, balanceMinor: result.balanceMinor };
}
