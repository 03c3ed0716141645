// The chosen customer on the sale and payment screens: name, balance as the till shows it, and
// whether they use the wallet, with the button that opens the picker (F2).
import { useT } from '../../i18n/context.tsx';
import { useMoney } from '../hooks/use-store-settings.ts';
import { useSale } from '../sale/sale-context.tsx';
import { Kbd } from '../shell/Kbd.tsx';
import { useCustomerBalance } from './use-customer-balance.ts';

export function WalletUserBadge(props: { isWalletUser: boolean }) {
  const t = useT();
  return props.isWalletUser ? (
    <span className="badge badge--wallet" data-testid="customer-wallet-user">
      {t('customer.walletUser')}
    </span>
  ) : (
    <span className="badge badge--muted" data-testid="customer-not-wallet-user">
      {t('customer.notWalletUser')}
    </span>
  );
}

export function CustomerCard(props: { onPick: () => void }) {
  const t = useT();
  const { format } = useMoney();
  const sale = useSale();
  const chosen = sale.draft.customer;
  const live = useCustomerBalance(chosen?.id ?? null);
  const customer = live?.customer ?? chosen;
  const balanceMinor = live?.balanceMinor ?? chosen?.walletBalanceMinor ?? 0;

  return (
    <section className={`customer-card${customer ? ' customer-card--chosen' : ''}`}>
      {customer ? (
        <div className="customer-card__who">
          <span className="customer-card__title">
            <span className="customer-card__name" data-testid="selected-customer">
              {customer.name}
            </span>
            <WalletUserBadge isWalletUser={customer.isWalletUser} />
          </span>
          <span className="customer-card__balance">
            {t('customer.balance')}{' '}
            <strong data-testid="customer-balance">{format(balanceMinor)}</strong>
            {sale.isRefreshingCustomer && (
              <span className="customer-card__refreshing">{t('customer.refreshing')}</span>
            )}
          </span>
        </div>
      ) : (
        <span className="customer-card__none">{t('customer.none')}</span>
      )}
      <div className="customer-card__actions">
        <button
          type="button"
          className="button"
          data-testid="customer-button"
          onClick={props.onPick}
        >
          {customer ? t('customer.change') : t('customer.choose')} <Kbd keys="F2" />
        </button>
        {customer && (
          <button
            type="button"
            className="icon-button"
            aria-label={t('customer.clear')}
            data-testid="customer-clear"
            onClick={() => sale.selectCustomer(null)}
          >
            ×
          </button>
        )}
      </div>
    </section>
  );
}
