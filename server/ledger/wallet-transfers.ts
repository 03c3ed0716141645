// Wallet movements that do not come from a till: a bank transfer or an invoice credited to a
// wallet, money moved from suspense, a manual adjustment, a payout of the remaining balance.
// Each is one balanced transaction between the customer's wallet and a counter account.
import type { WalletMovementKind } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { one } from '../storage/database.ts';
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
  kind: Extract<
    TransactionKind,
    'bank_top_up' | 'invoice_top_up' | 'suspense_transfer' | 'adjustment' | 'payout'
  >;
  customerId: string;
  /** Signed: positive credits the wallet. */
  amountMinor: number;
  description: string;
  occurredAt?: string;
}

const counterAccountByKind = {
  bank_top_up: systemAccounts.bank.id,
  invoice_top_up: systemAccounts.suspense.id,
  suspense_transfer: systemAccounts.suspense.id,
  adjustment: systemAccounts.suspense.id,
  payout: systemAccounts.bank.id,
} as const;

const movementKindByKind: Record<WalletTransfer['kind'], WalletMovementKind> = {
  bank_top_up: 'bank_top_up',
  invoice_top_up: 'invoice_top_up',
  suspense_transfer: 'invoice_top_up',
  adjustment: 'adjustment',
  payout: 'payout',
};

export async function bookWalletTransfer(
  context: LedgerContext,
  transfer: WalletTransfer,
): Promise<{ transactionId: string; balanceMinor: number }> {
  const id = transfer.id ?? newId();
  const now = context.now().toISOString();
  const counterAccountId = counterAccountByKind[transfer.kind];
  const result = await context.database.write(async (sql) => {
    const customer = await one<{ wallet_id: string }>(
      sql,
      'SELECT wallet_id FROM customers WHERE id = ?',
      [transfer.customerId],
    );
    if (!customer) throw new Error(`Unknown customer ${transfer.customerId}`);
    await ensureAccounts(sql, [counterAccountId], now);
    const balances = await lockAccounts(sql, [customer.wallet_id, counterAccountId]);
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
    const balanceMinor = (balances.get(customer.wallet_id) ?? 0) + transfer.amountMinor;
    return { transactionId: id, balanceMinor, seq };
  });
  if (result.seq !== null) context.notifyChange(result.seq);
  return { transactionId: result.transactionId, balanceMinor: result.balanceMinor };
}
