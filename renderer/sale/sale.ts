// A sale being rung up, and what the payment screen shows of it. Pure: the screen recomputes it
// on every key press, the validation step (validate-sale.ts) recomputes it before writing.
import type { Customer, OrderLine, OrderPayment } from '../../shared/domain.ts';
import type { OrderArithmeticFailure } from '../../shared/order-math.ts';
import { orderTotals } from '../../shared/order-math.ts';
import type { OfflineRefusal, WalletRefusal } from '../../shared/wallet-rules.ts';

export interface SaleDraft {
  /** Made when the sale starts and kept through retries, so it is the order's id. */
  orderId: string;
  customer: Customer | null;
  lines: OrderLine[];
  payments: OrderPayment[];
  /** The cashier chose to put the cash change on the customer's wallet. */
  isChangeToWallet: boolean;
  /** Who is signed in at the till: recorded on the order and printed on the receipt. */
  cashierId: string | null;
  cashierName: string | null;
  /** The open till session the order will belong to. */
  sessionId: string | null;
  /** Set for a refund: the order whose articles come back. */
  refundOfOrderId: string | null;
}

export interface SaleSummary {
  totalMinor: number;
  paidMinor: number;
  /** Still to pay; 0 once the payments cover the total. */
  dueMinor: number;
  /** Cash to hand back (or put on the wallet). */
  changeMinor: number;
  changeGivenMinor: number;
  changeToWalletMinor: number;
  /** The payments cover the total and any change comes out of cash. */
  isSettled: boolean;
}

export function summarizeSale(
  draft: Pick<SaleDraft, 'lines' | 'payments' | 'isChangeToWallet'>,
): SaleSummary {
  const totals = orderTotals(draft);
  const overpaidMinor = totals.paidMinor - totals.totalMinor;
  const dueMinor = Math.max(0, -overpaidMinor);
  // Only cash gives change: an overpayment by card or wallet is a typing error, not change.
  const changeMinor = overpaidMinor > 0 ? Math.min(overpaidMinor, totals.cashTenderedMinor) : 0;
  const isSettled = dueMinor === 0 && overpaidMinor === changeMinor;
  return {
    totalMinor: totals.totalMinor,
    paidMinor: totals.paidMinor,
    dueMinor,
    changeMinor,
    changeGivenMinor: draft.isChangeToWallet ? 0 : changeMinor,
    changeToWalletMinor: draft.isChangeToWallet ? changeMinor : 0,
    isSettled,
  };
}

export type SaleRefusal =
  | WalletRefusal
  | OfflineRefusal
  | OrderArithmeticFailure
  | 'nothing_to_sell'
  | 'not_settled'
  | 'authorization_declined'
  | 'authorization_unavailable';

export type SaleOutcome =
  | {
      ok: true;
      orderId: string;
      walletBalanceAfterMinor: number | null;
      isBalanceProvisional: boolean;
    }
  | { ok: false; reason: SaleRefusal; availableMinor?: number };
