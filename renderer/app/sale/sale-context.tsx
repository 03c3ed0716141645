// The sale on the till, shared by the sale, customer and payment screens. Choosing a customer
// shows the cached record at once, then asks the engine for a fresh one (online: from the
// server; offline: the cache, silently), so the cashier never waits to go on selling.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Customer } from '../../../shared/domain.ts';
import type { SaleDraft } from '../../sale/sale.ts';
import { rendererLogger } from '../log.ts';
import { useTill } from '../till-context.tsx';
import { newDraft, setCustomer } from './draft.ts';

const logger = rendererLogger.child('sale');

export interface SaleState {
  draft: SaleDraft;
  update: (change: (draft: SaleDraft) => SaleDraft) => void;
  /** Starts a new, empty sale with a new order id. */
  reset: () => void;
  selectCustomer: (customer: Customer | null) => void;
  isRefreshingCustomer: boolean;
}

const SaleContext = createContext<SaleState | null>(null);

/** Who the sale is rung up by; the one signed in when it is validated is on the order. */
export interface SaleCashier {
  id: string;
  name: string;
}

export function SaleProvider(props: { cashier: SaleCashier | null; children: ReactNode }) {
  const { engine, host } = useTill();
  const cashierId = props.cashier?.id ?? null;
  const cashierName = props.cashier?.name ?? null;
  const [draft, setDraft] = useState(() => newDraft(cashierName));
  const isSaleInProgress = draft.lines.length > 0 || draft.payments.length > 0;
  useEffect(() => {
    // The host installs a downloaded update only between sales.
    host
      .reportSaleState(isSaleInProgress)
      .catch((error: unknown) => logger.warn('sale state not reported', { error }));
  }, [host, isSaleInProgress]);
  const [isRefreshingCustomer, setRefreshing] = useState(false);
  const selectedId = useRef<string | null>(null);

  const update = useCallback((change: (draft: SaleDraft) => SaleDraft) => setDraft(change), []);
  const reset = useCallback(() => {
    selectedId.current = null;
    setRefreshing(false);
    setDraft(newDraft(null));
  }, []);

  const selectCustomer = useCallback(
    (customer: Customer | null) => {
      selectedId.current = customer?.id ?? null;
      setDraft((current) => setCustomer(current, customer));
      if (!customer) return;
      setRefreshing(true);
      engine
        .refreshCustomer(customer.id)
        .then((fresh) => {
          // A later choice wins over a slow answer about an earlier one.
          if (fresh && selectedId.current === fresh.id) {
            setDraft((current) => setCustomer(current, fresh));
          }
        })
        .catch((error: unknown) => logger.warn('customer refresh failed', { error }))
        .finally(() => {
          if (selectedId.current === customer.id) setRefreshing(false);
        });
    },
    [engine],
  );

  const state = useMemo(
    () => ({
      // Whoever is signed in now: a sale carried on after the till was locked is theirs.
      draft: { ...draft, cashierId, cashierName },
      update,
      reset,
      selectCustomer,
      isRefreshingCustomer,
    }),
    [draft, cashierId, cashierName, update, reset, selectCustomer, isRefreshingCustomer],
  );
  return <SaleContext.Provider value={state}>{props.children}</SaleContext.Provider>;
}

export function useSale(): SaleState {
  const state = useContext(SaleContext);
  if (!state) throw new Error('useSale needs a SaleProvider above it');
  return state;
}
