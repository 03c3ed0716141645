// The ticket being rung up: one line per article with its quantity (+/−, or typed for weighed
// goods: "1,250"), its total, and a remove button; the total of the sale underneath.
import { useState, type KeyboardEvent } from 'react';
import type { OrderLine } from '../../../shared/domain.ts';
import { quantityScale } from '../../../shared/money.ts';
import { pluralKey } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/context.tsx';
import { useMoney } from '../hooks/use-store-settings.ts';
import { parseQuantityMilli, removeLine, setLineQuantity, stepLineQuantity } from './draft.ts';
import { useSale } from './sale-context.tsx';

function quantityText(quantityMilli: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(
    quantityMilli / quantityScale,
  );
}

function QuantityInput(props: {
  line: OrderLine;
  index: number;
  onProblem: (text: string | null) => void;
}) {
  const { t } = useI18n();
  const { settings } = useMoney();
  const sale = useSale();
  const shown = quantityText(props.line.quantityMilli, settings.locale);
  const [text, setText] = useState<string | null>(null);

  const commit = () => {
    if (text === null) return;
    const quantityMilli = parseQuantityMilli(text);
    setText(null);
    if (quantityMilli === null) return props.onProblem(t('sale.cart.quantityInvalid'));
    props.onProblem(null);
    sale.update((draft) => setLineQuantity(draft, props.index, quantityMilli));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setText(null);
    }
  };
  return (
    <input
      className="input line__quantity"
      inputMode="decimal"
      aria-label={t('sale.cart.quantity', { name: props.line.name })}
      data-testid="cart-line-quantity"
      value={text ?? shown}
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}

function CartLine(props: {
  line: OrderLine;
  index: number;
  onProblem: (text: string | null) => void;
}) {
  const { t } = useI18n();
  const { format } = useMoney();
  const sale = useSale();
  const { line, index } = props;
  const step = (direction: 1 | -1) =>
    sale.update((draft) => stepLineQuantity(draft, index, direction));
  return (
    <li className="line" data-testid="cart-line" data-product-id={line.productId}>
      <div className="line__main">
        <span className="line__name">{line.name}</span>
        <span className="line__unit">
          {line.isWalletCredit
            ? t('sale.cart.topUp')
            : t('sale.cart.unitPrice', { price: format(line.unitPriceMinor) })}
        </span>
      </div>
      {!line.isWalletCredit && (
        <div className="line__stepper">
          <button
            type="button"
            className="icon-button"
            aria-label={t('sale.cart.decrease')}
            onClick={() => step(-1)}
          >
            −
          </button>
          <QuantityInput line={line} index={index} onProblem={props.onProblem} />
          <button
            type="button"
            className="icon-button"
            aria-label={t('sale.cart.increase')}
            onClick={() => step(1)}
          >
            +
          </button>
        </div>
      )}
      <span className="line__total" data-testid="cart-line-total">
        {format(line.totalMinor)}
      </span>
      <button
        type="button"
        className="icon-button icon-button--danger"
        aria-label={t('sale.cart.remove', { name: line.name })}
        data-testid="cart-line-remove"
        onClick={() => sale.update((draft) => removeLine(draft, index))}
      >
        ×
      </button>
    </li>
  );
}

export function Cart() {
  const { t, language } = useI18n();
  const sale = useSale();
  const [problem, setProblem] = useState<string | null>(null);
  const { lines } = sale.draft;
  const count = lines.filter((line) => !line.isWalletCredit).length;
  return (
    <section className="cart" aria-label={t('sale.cart.title')}>
      <header className="cart__header">
        <h2>{t('sale.cart.title')}</h2>
        <span className="cart__count">
          {t(
            pluralKey(language, count, { one: 'sale.articles.one', other: 'sale.articles.other' }),
            {
              count,
            },
          )}
        </span>
      </header>
      {problem && (
        <p className="cart__problem" role="alert">
          {problem}
        </p>
      )}
      {lines.length === 0 ? (
        <p className="cart__empty">{t('sale.cart.empty')}</p>
      ) : (
        <ul className="cart__lines">
          {lines.map((line, index) => (
            <CartLine
              key={`${line.productId}-${line.isWalletCredit}`}
              line={line}
              index={index}
              onProblem={setProblem}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
