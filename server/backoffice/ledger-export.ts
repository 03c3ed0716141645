// The ledger entries of a period as CSV for the accountant: one line per entry with the day it
// happened, its transaction, the configured account code and name, the debit or the credit,
// the customer it names and the description. Amounts are decimal strings written from integer
// cents (both currencies a store may use have two decimals), so the file sums exactly to the
// books. The period selects entries by when the server booked them, so consecutive periods
// never miss or repeat an entry, even an offline sale that arrived a day late; the date column
// still says when it happened.
import { asNumber, type Database } from '../storage/database.ts';
import { codeLookup, walletAccountKey } from './account-codes.ts';
import { decimalOfMinor, localDayOf, startOfDayUtc, addDays } from './format.ts';

export type CsvFormat = 'semicolon' | 'comma';

export interface LedgerExport {
  fromDay: string;
  toDay: string;
  timeZone: string;
  format: CsvFormat;
}

export const csvColumns = [
  'date',
  'transaction_id',
  'account_code',
  'account_name',
  'debit',
  'credit',
  'customer',
  'description',
] as const;

const pageSize = 2000;

interface ExportRecord extends Record<string, unknown> {
  entry_id: unknown;
  transaction_id: string;
  occurred_at: string;
  account_id: string;
  account_code: string;
  account_name: string;
  account_kind: string;
  amount_minor: unknown;
  customer_name: string | null;
  description: string;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula; a customer named "=1+1" or
 * worse must stay text. Quoting follows RFC 4180.
 */
export function csvField(value: string, separator: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  const isQuoted =
    guarded.includes(separator) || /["\r\n]/.test(guarded) || guarded !== guarded.trim();
  return isQuoted ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function csvLine(fields: readonly string[], separator: string): string {
  return `${fields.map((field) => csvField(field, separator)).join(separator)}\r\n`;
}

/** The lines of the file, header first, read page by page up to the newest entry at the start. */
export async function* ledgerCsvLines(
  database: Database,
  options: LedgerExport,
): AsyncGenerator<string> {
  const separator = options.format === 'semicolon' ? ';' : ',';
  const decimalMark = options.format === 'semicolon' ? ',' : '.';
  const bookedFrom = new Date(startOfDayUtc(options.fromDay, options.timeZone)).toISOString();
  const bookedBefore = new Date(
    startOfDayUtc(addDays(options.toDay, 1), options.timeZone),
  ).toISOString();

  const { lastEntryId, codeOf } = await database.read(async (sql) => {
    const rows = await sql.all<{ id: unknown }>('SELECT COALESCE(MAX(id), 0) AS id FROM entries');
    return { lastEntryId: asNumber(rows[0]?.id ?? 0), codeOf: await codeLookup(sql) };
  });

  // Excel opens a semicolon file with accents right only when it starts with a byte-order mark.
  yield (options.format === 'semicolon' ? '\ufeff' : '') + csvLine(csvColumns, separator);

  let afterEntryId = 0;
  for (;;) {
    const rows = await database.read((sql) =>
      sql.all<ExportRecord>(
        'SELECT e.id AS entry_id, e.transaction_id, t.occurred_at, e.account_id, ' +
          'a.code AS account_code, a.name AS account_name, a.kind AS account_kind, ' +
          'e.amount_minor, c.name AS customer_name, t.description ' +
          'FROM entries e JOIN transactions t ON t.id = e.transaction_id ' +
          'JOIN accounts a ON a.id = e.account_id LEFT JOIN customers c ON c.id = e.customer_id ' +
          'WHERE e.id > ? AND e.id <= ? AND t.booked_at >= ? AND t.booked_at < ? ' +
          'ORDER BY e.id LIMIT ?',
        [afterEntryId, lastEntryId, bookedFrom, bookedBefore, pageSize],
      ),
    );
    for (const row of rows) {
      const amount = asNumber(row.amount_minor);
      const isWallet = row.account_kind === walletAccountKey;
      yield csvLine(
        [
          localDayOf(row.occurred_at, options.timeZone),
          row.transaction_id,
          codeOf({ id: row.account_id, kind: row.account_kind, code: row.account_code }),
          isWallet ? 'Customer wallets' : row.account_name,
          // Entries are signed, credit positive: a negative amount is a debit.
          amount < 0 ? decimalOfMinor(-amount, decimalMark) : '',
          amount > 0 ? decimalOfMinor(amount, decimalMark) : '',
          row.customer_name ?? '',
          row.description,
        ],
        separator,
      );
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    afterEntryId = asNumber(last.entry_id);
  }
}
