// Selling wallet credit: the cashier types the amount the customer wants on their wallet and it
// becomes a line of the store's top-up article, one credit per unit of currency.
import { useState, type FormEvent, type Ref } from 'react';
import { useT } from '../../i18n/context.tsx';
import { amountProblemMessage } from '../../i18n/reasons.ts';
import { toMinor } from '../../../shared/money.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { useTill } from '../till-context.tsx';
import { addTopUp } from './draft.ts';
import { useSale } from './sale-context.tsx';

export function TopUpEntry({ ref }: { ref: Ref<HTMLInputElement> }) {
  const t = useT();
  const { db } = useTill();
  const { format, parse, settings } = useMoney();
  const sale = useSale();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const productId = settings.walletTopUpProductId;
  const product = useLiveQuery(
    async () => (productId ? ((await db.products.get(productId)) ?? null) : null),
    [db, productId],
    null,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!product) return;
    const parsed = parse(text);
    if (!parsed.ok) return setProblem(amountProblemMessage(t, parsed.reason));
    const amountMinor = toMinor(parsed.amount);
    if (amountMinor <= 0) return setProblem(amountProblemMessage(t, 'zero'));
    sale.update((draft) => addTopUp(draft, product, amountMinor));
    setText('');
    setProblem(null);
  };

  return (
    <form className="topup panel" onSubmit={submit} aria-label={t('sale.topUp.title')}>
      <h2 className="panel__title">{t('sale.topUp.title')}</h2>
      <div className="topup__row">
        <label className="field topup__field">
          <span className="field__label">{t('sale.topUp.amount')}</span>
          <input
            ref={ref}
            className="input"
            inputMode="decimal"
            autoComplete="off"
            data-testid="topup-amount"
            value={text}
            disabled={!product}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <button
          type="submit"
          className="button button--wallet"
          data-testid="topup-add"
          disabled={!product}
        >
          {t('sale.topUp.add')}
        </button>
      </div>
      <p
        className={problem ? 'field__problem' : 'field__hint'}
        role={problem ? 'alert' : undefined}
      >
        {problem ??
          (product ? t('sale.topUp.hint', { unit: format(100) }) : t('sale.topUp.unavailable'))}
      </p>
    </form>
  );
}
