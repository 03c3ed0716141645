// What a household spent from its wallet, per month of the store's calendar. A refund paid back
// onto the wallet is netted against the month it was made in, so a month shows what really left
// the wallet. Every order the ledger has is counted, including those of a till session that is
// not closed yet: the ledger books an order when the till pushes it, not at the session close.

export interface WalletSpendEntry {
  /** When the order was made at the till (ISO-8601 with offset). */
  occurredAt: string;
  /** Signed wallet amount: negative for a spend, positive for a refund onto the wallet. */
  amountMinor: number;
}

export interface MonthSpending {
  year: number;
  /** 1 to 12. */
  month: number;
  spentMinor: number;
}

export interface YearSpending {
  year: number;
  spentMinor: number;
  /** Newest first. */
  months: MonthSpending[];
}

const monthFormatters = new Map<string, Intl.DateTimeFormat>();

function monthFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = monthFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
    monthFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The month of an instant in a time zone: 31 January 23:30 UTC is February in Brussels. */
export function monthOf(isoTime: string, timeZone: string): { year: number; month: number } {
  const parts = monthFormatter(timeZone).formatToParts(new Date(isoTime));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: value('year'), month: value('month') };
}

/** Months with any spend or refund, newest first, grouped by year with the year's total. */
export function spendingByMonth(
  entries: readonly WalletSpendEntry[],
  timeZone: string,
): YearSpending[] {
  const byMonth = new Map<number, MonthSpending>();
  for (const entry of entries) {
    const { year, month } = monthOf(entry.occurredAt, timeZone);
    const key = year * 100 + month;
    const current = byMonth.get(key) ?? { year, month, spentMinor: 0 };
    // A spend is a debit of the wallet: spent = minus the signed amount.
    current.spentMinor -= entry.amountMinor;
    byMonth.set(key, current);
  }
  const years = new Map<number, YearSpending>();
  for (const key of [...byMonth.keys()].sort((a, b) => b - a)) {
    const month = byMonth.get(key) as MonthSpending;
    const year = years.get(month.year) ?? { year: month.year, spentMinor: 0, months: [] };
    year.spentMinor += month.spentMinor;
    year.months.push(month);
    years.set(month.year, year);
  }
  return [...years.values()];
}
