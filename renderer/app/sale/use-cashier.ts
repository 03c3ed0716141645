// The name of who is at the till, printed on receipts. Kept on this till across restarts until
// someone else takes over.
import { useCallback, useState } from 'react';

const storageKey = 'caisse.cashier';
const cashierNameLengthMax = 100;

function readCashier(): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function useCashier(): [string | null, (name: string) => void] {
  const [cashier, setCashierState] = useState<string | null>(readCashier);
  const setCashier = useCallback((name: string) => {
    const trimmed = name.trim().slice(0, cashierNameLengthMax);
    const next = trimmed === '' ? null : trimmed;
    setCashierState(next);
    try {
      if (next === null) window.localStorage.removeItem(storageKey);
      else window.localStorage.setItem(storageKey, next);
    } catch {
      // Not kept across restarts; the name still goes on this session's receipts.
    }
  }, []);
  return [cashier, setCashier];
}
