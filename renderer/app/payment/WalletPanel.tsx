// The customer's wallet on the payment screen: the balance now and after this sale, and the
// choice to put the cash change on the wallet instead of handing it back. That choice is always
// the cashier's, explicit, and shown with its amount.
import type { Customer } from '../../../shared/domain.ts';
import { useT } from '../../i18n/context.tsx';
import { WalletUserBadge } from '../customer/CustomerCard.tsx';
import { useMoney } from '../hooks/use-store-settings.ts';
import { Kbd } from '../shell/Kbd.tsx';
import type { PaymentView } from './payment-view.ts';

export function WalletPanel(props: {
  customer: Customer;
  balanceMinor: number;
  view: PaymentView;
  onChangeToWallet: (isOn: boolean) => void;
}) {
  const t = useT();
  const { format } = useMoney();
  const { view, customer } = props;
  return (
    <section
      className="wallet-panel"
      aria-label={t('payment.balance.title', { name: customer.name })}
    >
      <header className="wallet-panel__header">
        <span className="wallet-panel__name" data-testid="selected-customer">
          {customer.name}
        </span>
        <WalletUserBadge isWalletUser={customer.isWalletUser} />
      </header>
      <dl className="figures">
        <div className="figures__row">
          <dt>{t('payment.balanceNow')}</dt>
          <dd data-testid="balance-now">{format(props.balanceMinor)}</dd>
        </div>
        <div className="figures__row">
          <dt>{t('payment.balanceAfter')}</dt>
          <dd data-testid="balance-after">
            {format(view.balanceAfterMinor ?? props.balanceMinor)}
          </dd>
        </div>
      </dl>
      {!customer.isWalletUser && (
        <p className="wallet-panel__note">{t('payment.balance.notWalletUser')}</p>
      )}
      {view.isChangeToWalletOffered && (
        <label className="toggle">
          <input
            type="checkbox"
            data-testid="change-to-wallet"
            checked={view.isChangeToWallet}
            onChange={(event) => props.onChangeToWallet(event.target.checked)}
          />
          <span className="toggle__text">
            <span>
              {t('payment.changeToWallet')} <Kbd keys="F10" />
            </span>
            {view.isChangeToWallet && (
              <span className="toggle__detail">
                {t('payment.changeToWallet.amount', {
                  amount: format(view.summary.changeToWalletMinor),
                })}
              </span>
            )}
          </span>
        </label>
      )}
    </section>
  );
}
