// Finding the customer: type any word of the name, the e-mail, or scan their card. Each result
// shows the balance the till would use and whether the customer uses the wallet, so the cashier
// can tell two namesakes apart and knows before paying what the wallet allows.
import { useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n/context.tsx';
import type { CachedCustomer } from '../../store/database.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useShortcuts } from '../hooks/use-shortcuts.ts';
import { useMoney } from '../hooks/use-store-settings.ts';
import { useSale } from '../sale/sale-context.tsx';
import { Kbd } from '../shell/Kbd.tsx';
import { useTill } from '../till-context.tsx';
import { WalletUserBadge } from './CustomerCard.tsx';
import { findCustomers, type CustomerResult } from './customer-search.ts';

function ResultRow(props: {
  result: CustomerResult;
  isHighlighted: boolean;
  onChoose: (customer: CachedCustomer) => void;
}) {
  const t = useT();
  const { format } = useMoney();
  const { customer, balanceMinor } = props.result;
  return (
    <li role="presentation">
      <button
        type="button"
        role="option"
        aria-selected={props.isHighlighted}
        className="customer-result"
        data-testid="customer-result"
        data-customer-id={customer.id}
        onClick={() => props.onChoose(customer)}
      >
        <span className="customer-result__who">
          <span className="customer-result__name">{customer.name}</span>
          <span className="customer-result__contact">
            {[
              customer.email,
              customer.cardBarcode && t('customer.card', { barcode: customer.cardBarcode }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
        </span>
        <WalletUserBadge isWalletUser={customer.isWalletUser} />
        <span className="customer-result__balance">{format(balanceMinor)}</span>
      </button>
    </li>
  );
}

export function CustomerPicker(props: { onClose: () => void }) {
  const t = useT();
  const { db } = useTill();
  const sale = useSale();
  const [text, setText] = useState('');
  const [highlighted, setHighlighted] = useState(0);
  // The answer names its question, so "no customer found" waits for the answer to this text.
  const answer = useLiveQuery(
    async () => ({ text, results: await findCustomers(db, text) }),
    [db, text],
    { text: '', results: [] },
  );
  const results = answer.results;
  useShortcuts({ Escape: props.onClose });

  const choose = (customer: CachedCustomer) => {
    sale.selectCustomer(customer);
    props.onClose();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const typed = event.currentTarget.value;
      if (answer.text === typed) {
        const result = results[highlighted] ?? results[0];
        if (result) choose(result.customer);
        return;
      }
      // A scanned card arrives with its Enter before the search answers: ask for this text.
      void findCustomers(db, typed).then(([first]) => first && choose(first.customer));
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setHighlighted((at) => Math.min(Math.max(0, at + step), Math.max(0, results.length - 1)));
    }
  };

  const query = text.trim();
  return (
    <div className="overlay" role="presentation" onClick={props.onClose}>
      <section
        className="dialog picker"
        role="dialog"
        aria-modal="true"
        aria-label={t('customer.title')}
        onClick={(event) => event.stopPropagation()}
      >
        <header className="dialog__header">
          <h2>{t('customer.title')}</h2>
          <button type="button" className="button button--ghost" onClick={props.onClose}>
            {t('shortcut.back')} <Kbd keys={t('shortcut.escape')} />
          </button>
        </header>
        <label className="field">
          <span className="field__label">{t('customer.search.label')}</span>
          <input
            className="input input--large"
            data-testid="customer-search"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={text}
            placeholder={t('customer.search.placeholder')}
            onChange={(event) => {
              setText(event.target.value);
              setHighlighted(0);
            }}
            onKeyDown={onKeyDown}
          />
        </label>
        <p className="picker__hint" role="status">
          {query === ''
            ? t('customer.search.hint')
            : answer.text === text && results.length === 0
              ? t('customer.noResult', { query })
              : ''}
        </p>
        <ul className="picker__results" role="listbox" aria-label={t('customer.title')}>
          {results.map((result, index) => (
            <ResultRow
              key={result.customer.id}
              result={result}
              isHighlighted={index === highlighted}
              onChoose={choose}
            />
          ))}
        </ul>
      </section>
    </div>
  );
}
