// What the payment screen shows, computed from the sale and the customer's balance. Pure, so the
// figures on screen are the ones validation will recompute.
import { walletDeltaOf } from '../../../shared/order-math.ts';
import { summarizeSale, type SaleDraft, type SaleSummary } from '../../sale/sale.ts';

export interface PaymentView {
  summary: SaleSummary;
  /** Change can go on the wallet: a wallet-user customer and cash change to give. */
  isChangeToWalletOffered: boolean;
  /** The cashier's choice, kept only while it is still possible. */
  isChangeToWallet: boolean;
  balanceAfterMinor: number | null;
  isWalletUsed: boolean;
}

export function paymentView(draft: SaleDraft, balanceMinor: number | null): PaymentView {
  const withoutChoice = summarizeSale({ ...draft, isChangeToWallet: false });
  const isChangeToWalletOffered =
    draft.customer?.isWalletUser === true && withoutChoice.changeMinor > 0;
  const isChangeToWallet = isChangeToWalletOffered && draft.isChangeToWallet;
  const summary = summarizeSale({ ...draft, isChangeToWallet });
  const deltaMinor = walletDeltaOf({
    lines: draft.lines,
    payments: draft.payments,
    changeToWalletMinor: summary.changeToWalletMinor,
  });
  const isWalletUsed = draft.payments.some((payment) => payment.kind === 'wallet');
  return {
    summary,
    isChangeToWalletOffered,
    isChangeToWallet,
    balanceAfterMinor: balanceMinor === null ? null : balanceMinor + deltaMinor,
    isWalletUsed,
  };
}
