// The screen a cashier spends the day on: the ticket with its customer and total on the left,
// the search and the wallet top-up on the right. F2 picks the customer, F4 takes payment.
import { useRef, useState } from 'react';
import { useT } from '../../i18n/context.tsx';
import { CustomerCard } from '../customer/CustomerCard.tsx';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { Kbd } from '../shell/Kbd.tsx';
import { summarizeSale } from '../../sale/sale.ts';
import { Cart } from './Cart.tsx';
import { ProductSearch } from './ProductSearch.tsx';
import { useSale } from './sale-context.tsx';
import { TopUpEntry } from './TopUpEntry.tsx';

function ClearTicketButton() {
  const t = useT();
  const sale = useSale();
  const [isConfirming, setConfirming] = useState(false);
  if (sale.draft.lines.length === 0 && !sale.draft.customer) return null;
  const click = () => {
    if (!isConfirming) return setConfirming(true);
    setConfirming(false);
    sale.reset();
  };
  return (
    <button
      type="button"
      className={`button button--ghost${isConfirming ? ' button--danger' : ''}`}
      onClick={click}
      onBlur={() => setConfirming(false)}
      data-testid="clear-ticket"
    >
      {isConfirming ? t('sale.cart.clearConfirm') : t('sale.cart.clear')}
    </button>
  );
}

export function SaleScreen(props: {
  isActive: boolean;
  onPickCustomer: () => void;
  onPay: () => void;
}) {
  const t = useT();
  const { format } = useMoney();
  const sale = useSale();
  const topUpInput = useRef<HTMLInputElement>(null);
  const summary = summarizeSale(sale.draft);
  const canPay = sale.draft.lines.length > 0;
  const pay = () => {
    if (canPay) props.onPay();
  };
  useShortcuts({ F2: props.onPickCustomer, F4: pay }, props.isActive);

  return (
    <div className="sale">
      <section className="sale__ticket panel">
        <CustomerCard onPick={props.onPickCustomer} />
        <Cart />
        <footer className="sale__footer">
          <div className="total">
            <span className="total__label">{t('sale.total')}</span>
            <span className="total__amount" data-testid="cart-total">
              {format(summary.totalMinor)}
            </span>
          </div>
          <div className="sale__actions">
            <ClearTicketButton />
            <button
              type="button"
              className="button button--primary button--huge"
              data-testid="pay-button"
              disabled={!canPay}
              onClick={pay}
            >
              {t('sale.pay')} <Kbd keys="F4" />
            </button>
          </div>
        </footer>
      </section>
      <div className="sale__catalogue">
        <ProductSearch
          isActive={props.isActive}
          onTopUpChosen={() => topUpInput.current?.focus()}
        />
        <TopUpEntry ref={topUpInput} />
      </div>
    </div>
  );
}
