// The back office's reports: what the store owes its customers (the wallet liability, from the
// entries, against the sum of the wallet balances), and the takings of each till per payment
// method and day.
import { asNumber, type Database } from '../storage/database.ts';
import { addDays, localDayOf, startOfDayUtc } from './format.ts';

export interface LiabilityReport {
  /** The wallet account as the books say: the sum of every entry on any wallet. */
  entriesTotalMinor: number;
  /** The sum of the maintained wallet balances, what the customers are shown. */
  walletsTotalMinor: number;
  walletCount: number;
  positiveWalletCount: number;
  negativeWalletCount: number;
}

export async function readLiability(database: Database): Promise<LiabilityReport> {
  return database.read(async (sql) => {
    const entries = await sql.all<{ total: unknown }>(
      'SELECT COALESCE(SUM(e.amount_minor), 0) AS total FROM entries e ' +
        "JOIN accounts a ON a.id = e.account_id WHERE a.kind = 'wallet'",
    );
    const wallets = await sql.all<Record<string, unknown>>(
      'SELECT COALESCE(SUM(balance_minor), 0) AS total, COUNT(*) AS wallets, ' +
        'COALESCE(SUM(CASE WHEN balance_minor > 0 THEN 1 ELSE 0 END), 0) AS positive, ' +
        'COALESCE(SUM(CASE WHEN balance_minor < 0 THEN 1 ELSE 0 END), 0) AS negative ' +
        "FROM accounts WHERE kind = 'wallet'",
    );
    const row = wallets[0] ?? {};
    return {
      entriesTotalMinor: asNumber(entries[0]?.total ?? 0),
      walletsTotalMinor: asNumber(row.total ?? 0),
      walletCount: asNumber(row.wallets ?? 0),
      positiveWalletCount: asNumber(row.positive ?? 0),
      negativeWalletCount: asNumber(row.negative ?? 0),
    };
  });
}

export interface SalesRow {
  day: string;
  tillId: string;
  tillName: string;
  /** Null for the change handed back in cash. */
  methodId: string | null;
  methodName: string | null;
  /** What the method took in (positive), net of refunds; change given is negative. */
  amountMinor: number;
}

export interface SalesReport {
  rows: SalesRow[];
  /** Per day and till, the sum of its rows: what the till took in net. */
  totals: { day: string; tillId: string; tillName: string; amountMinor: number }[];
}

/**
 * Orders are taken by when they happened, cut into days in the time zone. Stored times may carry
 * any offset, so the database is asked for a day more on each side and the exact cut is made
 * here.
 */
export async function readSalesByDay(
  database: Database,
  options: { fromDay: string; toDay: string; timeZone: string },
): Promise<SalesReport> {
  const startMs = startOfDayUtc(options.fromDay, options.timeZone);
  const endMs = startOfDayUtc(addDays(options.toDay, 1), options.timeZone);
  const margin = 86_400_000;
  const rows = await database.read((sql) =>
    sql.all<{
      occurred_at: string;
      till_id: string;
      till_name: string | null;
      account_id: string;
      payment_method_id: string | null;
      method_name: string | null;
      amount_minor: unknown;
    }>(
      'SELECT t.occurred_at, t.till_id, ti.name AS till_name, e.account_id, ' +
        'e.payment_method_id, pm.name AS method_name, e.amount_minor ' +
        'FROM transactions t JOIN entries e ON e.transaction_id = t.id ' +
        'LEFT JOIN tills ti ON ti.id = t.till_id ' +
        'LEFT JOIN payment_methods pm ON pm.id = e.payment_method_id ' +
        "WHERE t.kind = 'order' AND t.occurred_at >= ? AND t.occurred_at < ? AND " +
        "(e.payment_method_id IS NOT NULL OR (e.account_id = 'cash' AND e.movement_kind IS NULL))",
      [new Date(startMs - margin).toISOString(), new Date(endMs + margin).toISOString()],
    ),
  );

  const grouped = new Map<string, SalesRow>();
  for (const row of rows) {
    const time = Date.parse(row.occurred_at);
    if (!(time >= startMs && time < endMs)) continue;
    const day = localDayOf(time, options.timeZone);
    const key = `${day}|${row.till_id}|${row.payment_method_id ?? ''}`;
    const existing = grouped.get(key) ?? {
      day,
      tillId: row.till_id,
      tillName: row.till_name ?? row.till_id,
      methodId: row.payment_method_id,
      methodName: row.method_name,
      amountMinor: 0,
    };
    // A payment is a debit to its clearing account (or to the wallet), so takings are the
    // negated sum; the change handed back is a credit to cash and comes out negative.
    existing.amountMinor -= asNumber(row.amount_minor);
    grouped.set(key, existing);
  }

  const sorted = [...grouped.values()]
    .filter((row) => row.amountMinor !== 0)
    .sort(
      (a, b) =>
        a.day.localeCompare(b.day) ||
        a.tillName.localeCompare(b.tillName) ||
        (a.methodName === null ? 1 : 0) - (b.methodName === null ? 1 : 0) ||
        (a.methodName ?? '').localeCompare(b.methodName ?? ''),
    );
  const totals = new Map<string, SalesReport['totals'][number]>();
  for (const row of sorted) {
    const key = `${row.day}|${row.tillId}`;
    const total = totals.get(key) ?? {
      day: row.day,
      tillId: row.tillId,
      tillName: row.tillName,
      amountMinor: 0,
    };
    total.amountMinor += row.amountMinor;
    totals.set(key, total);
  }
  return { rows: sorted, totals: [...totals.values()] };
}
