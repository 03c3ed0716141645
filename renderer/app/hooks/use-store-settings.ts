// The store's settings as the till last pulled them, and amount formatting for the store's
// locale and currency. Before the first pull a Belgian euro store is assumed, which is only
// ever seen on an empty till.
import { useCallback, useMemo } from 'react';
import type { StoreSettings } from '../../../shared/domain.ts';
import { money } from '../../../shared/money.ts';
import { formatMoney, parseMoney, type ParseMoneyResult } from '../../../shared/money-format.ts';
import { readStoreSettings } from '../../store/database.ts';
import { useTill } from '../till-context.tsx';
import { useLiveQuery } from './use-live-query.ts';

export const fallbackSettings: StoreSettings = {
  version: 0,
  storeName: 'Caisse',
  currency: 'EUR',
  locale: 'fr-BE',
  walletTopUpProductId: null,
  offlineWalletLimits: {
    perPaymentMaxMinor: 0,
    perCustomerMaxMinor: 0,
    cachedBalanceMaxAgeMinutes: 0,
  },
  walletHoldMinutes: 15,
  receiptHeader: '',
  receiptFooter: '',
};

export function useStoreSettings(): StoreSettings {
  const { db } = useTill();
  return (
    useLiveQuery(async () => (await readStoreSettings(db)) ?? fallbackSettings, [db], null) ??
    fallbackSettings
  );
}

export interface MoneyTools {
  format: (minor: number) => string;
  parse: (text: string) => ParseMoneyResult;
  settings: StoreSettings;
}

export function useMoney(): MoneyTools {
  const settings = useStoreSettings();
  const { currency, locale } = settings;
  const format = useCallback(
    (minor: number) => formatMoney(money(minor, currency), locale),
    [currency, locale],
  );
  const parse = useCallback(
    (text: string) => parseMoney(text, currency, { locale }),
    [currency, locale],
  );
  return useMemo(() => ({ format, parse, settings }), [format, parse, settings]);
}
