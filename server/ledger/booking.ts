// Turns an order into the entries of one balanced ledger transaction. Pure: the same order always
// gives the same entries, which is what lets a retried push be recognised and the books be
// checked. Amounts are signed, credit positive: revenue and tax are credited, each payment is a
// debit to its clearing account (or to the wallet), wallet top-ups and change onto the wallet are
// credits to the customer's wallet.
import { assert, assertNever } from '../../shared/assert.ts';
import type { Order, WalletMovementKind } from '../../shared/domain.ts';
import { taxLinesOf, walletMovementsOf } from '../../shared/order-math.ts';
import { paymentAccountId, salesAccountId, systemAccounts, taxAccountId } from './accounts.ts';

export interface PlannedEntry {
  accountId: string;
  amountMinor: number;
  customerId: string | null;
  paymentMethodId: string | null;
  movementKind: WalletMovementKind | null;
}

export function planOrderEntries(order: Order, walletId: string | null): PlannedEntry[] {
  const entries: PlannedEntry[] = [];
  const push = (entry: PlannedEntry) => {
    if (entry.amountMinor !== 0) entries.push(entry);
  };
  const base = { customerId: null, paymentMethodId: null, movementKind: null };

  for (const tax of taxLinesOf(order.lines)) {
    push({ ...base, accountId: salesAccountId(tax.taxRateBasisPoints), amountMinor: tax.netMinor });
    push({ ...base, accountId: taxAccountId(tax.taxRateBasisPoints), amountMinor: tax.taxMinor });
  }

  for (const payment of order.payments) {
    if (payment.kind === 'wallet') continue;
    const accountId = paymentAccountId(payment.kind);
    push({
      ...base,
      accountId,
      amountMinor: -payment.amountMinor,
      paymentMethodId: payment.methodId,
    });
  }
  push({ ...base, accountId: systemAccounts.cash.id, amountMinor: order.changeGivenMinor });

  for (const movement of walletMovementsOf(order)) {
    assert(walletId !== null, 'A wallet movement needs a wallet');
    const methodId = walletMethodOf(order, movement.kind);
    push({
      accountId: walletId,
      amountMinor: movement.amountMinor,
      customerId: order.customerId,
      paymentMethodId: methodId,
      movementKind: movement.kind,
    });
  }

  assertBalanced(entries);
  return entries;
}

function walletMethodOf(order: Order, kind: WalletMovementKind): string | null {
  switch (kind) {
    case 'spend':
    case 'refund':
      return order.payments.find((payment) => payment.kind === 'wallet')?.methodId ?? null;
    case 'top_up':
    case 'change_to_wallet':
    case 'payout':
    case 'bank_top_up':
    case 'invoice_top_up':
    case 'adjustment':
      return null;
    default:
      return assertNever(kind, 'wallet movement');
  }
}

export function assertBalanced(entries: readonly PlannedEntry[]): void {
  const total = entries.reduce((sum, entry) => sum + entry.amountMinor, 0);
  assert(total === 0, `Unbalanced transaction: entries sum to ${total}`);
  // An order of free articles books nothing; any other transaction moves between two accounts.
  assert(entries.length !== 1, 'A transaction needs at least two entries');
}
