// The one input a cashier types or scans into. A scanner types digits then Enter: an all-digit
// entry looks up the barcode and rings the article up at once (or, for a customer card, picks
// the customer). Anything else searches the names as the cashier types.
import { useRef, useState, type KeyboardEvent } from 'react';
import type { Product } from '../../../shared/domain.ts';
import type { CachedProduct } from '../../store/database.ts';
import { useT } from '../../i18n/context.tsx';
import { findActiveCustomerByCard } from '../customer/customer-search.ts';
import { useLiveQuery } from '../hooks/use-live-query.ts';
import { useTill } from '../till-context.tsx';
import { addProduct } from './draft.ts';
import { findActiveProductByBarcode, findProducts, isBarcodeEntry } from './product-search.ts';
import { useSale } from './sale-context.tsx';
import { ProductResults } from './ProductResults.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { useTypingGoesTo } from './use-typing-goes-to.ts';

export function ProductSearch(props: { isActive: boolean; onTopUpChosen: () => void }) {
  const t = useT();
  const { db } = useTill();
  const sale = useSale();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [highlighted, setHighlighted] = useState(0);
  const [notice, setNotice] = useState<{ text: string; isProblem: boolean } | null>(null);
  useTypingGoesTo(input, props.isActive, (character) => {
    setText((current) => current + character);
    setNotice(null);
  });

  const isBarcode = isBarcodeEntry(text);
  // The answer names its question, so "no article matches" waits for the answer to this text.
  const answer = useLiveQuery(
    async () => ({ text, results: isBarcode ? [] : await findProducts(db, text) }),
    [db, text, isBarcode],
    { text: '', results: [] as CachedProduct[] },
  );
  const results = answer.results;

  const ringUp = (product: Product) => {
    if (product.isWalletCredit) {
      props.onTopUpChosen();
      return;
    }
    sale.update((draft) => addProduct(draft, product));
    setNotice({ text: t('sale.added', { name: product.name }), isProblem: false });
  };

  const choose = (product: Product) => {
    setText('');
    setHighlighted(0);
    input.current?.focus();
    ringUp(product);
  };

  // The field is emptied when Enter is pressed, never after the lookup: a scanner may already
  // be typing the next code while this one is looked up.
  const scan = async (barcode: string) => {
    setText('');
    const product = await findActiveProductByBarcode(db, barcode);
    if (product) return ringUp(product);
    const customer = await findActiveCustomerByCard(db, barcode);
    if (customer) {
      sale.selectCustomer(customer);
      setNotice({ text: t('sale.barcode.customer', { name: customer.name }), isProblem: false });
      return;
    }
    setNotice({ text: t('sale.barcode.unknown', { barcode }), isProblem: true });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const typed = event.currentTarget.value;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (isBarcodeEntry(typed)) void scan(typed.trim());
      else if (answer.text === typed) {
        const product = results[highlighted] ?? results[0];
        if (product) choose(product);
      } else {
        // Enter came before the search answered: results for an earlier text could ring up
        // the wrong article, so ask for this one.
        void findProducts(db, typed).then(([first]) => first && choose(first));
      }
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setHighlighted((at) => Math.min(Math.max(0, at + step), Math.max(0, results.length - 1)));
    } else if (event.key === 'Escape' && typed !== '') {
      event.preventDefault();
      setText('');
    }
  };

  const query = text.trim();
  return (
    <section className="search panel" aria-label={t('sale.search.label')}>
      <label className="search__field">
        <span className="visually-hidden">{t('sale.search.label')}</span>
        <span className="search__icon" aria-hidden="true">
          ⌕
        </span>
        <input
          ref={input}
          className="input input--large"
          data-testid="product-search"
          value={text}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder={t('sale.search.placeholder')}
          onChange={(event) => {
            setText(event.target.value);
            setHighlighted(0);
            setNotice(null);
          }}
          onKeyDown={onKeyDown}
        />
      </label>
      <p
        className={`search__notice${notice?.isProblem ? ' search__notice--problem' : ''}`}
        role="status"
        data-testid="search-notice"
      >
        {notice?.text ??
          (query !== '' && !isBarcode && answer.text === text && results.length === 0
            ? t('sale.search.noResult', { query })
            : '')}
      </p>
      {query === '' && <ShortcutHelp />}
      <ProductResults
        products={results}
        highlighted={highlighted}
        label={t('sale.search.label')}
        onChoose={choose}
      />
    </section>
  );
}
