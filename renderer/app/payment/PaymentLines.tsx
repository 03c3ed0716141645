// The payments taken so far, each removable until the sale is validated.
import type { OrderPayment, PaymentMethod } from '../../../shared/domain.ts';
import { useT } from '../../i18n/context.tsx';
import { useMoney } from '../hooks/use-store-settings.ts';

export function PaymentLines(props: {
  payments: readonly OrderPayment[];
  methods: readonly PaymentMethod[];
  onRemove: (index: number) => void;
}) {
  const t = useT();
  const { format } = useMoney();
  const nameOf = (id: string) => props.methods.find((method) => method.id === id)?.name ?? id;
  if (props.payments.length === 0) {
    return <p className="payments__empty">{t('payment.list.empty')}</p>;
  }
  return (
    <ul className="payments">
      {props.payments.map((payment, index) => (
        <li
          key={index}
          className={`payment-line payment-line--${payment.kind}`}
          data-testid="payment-line"
          data-method-id={payment.methodId}
        >
          <span className="payment-line__name">{nameOf(payment.methodId)}</span>
          <span className="payment-line__amount">{format(payment.amountMinor)}</span>
          <button
            type="button"
            className="icon-button icon-button--danger"
            aria-label={t('payment.remove', { method: nameOf(payment.methodId) })}
            data-testid="payment-line-remove"
            onClick={() => props.onRemove(index)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
