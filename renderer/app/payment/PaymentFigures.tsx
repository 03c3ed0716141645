// The figures the cashier reads before validating: the total, what is still due, the cash to
// hand back, and, when the cashier chose so, the change going onto the wallet instead.
import { useT } from '../../i18n/context.tsx';
import type { SaleSummary } from '../../sale/sale.ts';
import { useMoney } from '../hooks/use-store-settings.ts';

function rowClass(modifier: string | null): string {
  return modifier ? `figures__row figures__row--${modifier}` : 'figures__row';
}

export function PaymentFigures(props: { summary: SaleSummary }) {
  const t = useT();
  const { format } = useMoney();
  const { summary } = props;
  return (
    <dl className="figures figures--large">
      <div className={rowClass(null)}>
        <dt>{t('payment.total')}</dt>
        <dd data-testid="payment-total">{format(summary.totalMinor)}</dd>
      </div>
      <div className={rowClass(summary.dueMinor > 0 ? 'due' : null)}>
        <dt>{t('payment.due')}</dt>
        <dd data-testid="due-amount">{format(summary.dueMinor)}</dd>
      </div>
      <div className={rowClass(summary.changeGivenMinor > 0 ? 'change' : null)}>
        <dt>{t('payment.change')}</dt>
        <dd data-testid="change-amount">{format(summary.changeGivenMinor)}</dd>
      </div>
      {summary.changeToWalletMinor > 0 && (
        <div className={rowClass('wallet')}>
          <dt>{t('payment.changeOnWallet')}</dt>
          <dd data-testid="change-to-wallet-amount">{format(summary.changeToWalletMinor)}</dd>
        </div>
      )}
    </dl>
  );
}
