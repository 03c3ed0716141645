// The CSV layout for banks without camt.053, or for an export edited by hand. Columns, in order,
// separated by semicolons (as French spreadsheets write CSV), with an optional header line:
//
//   date;amount;currency;counterparty name;counterparty IBAN;communication;bank reference
//
// - date: 2026-03-31, 31/03/2026 or 31-03-2026 (the booking date)
// - amount: signed, positive for money received, with a decimal comma or point ("25,00",
//   "-1 234,56", "25.00")
// - currency: ISO code, e.g. EUR
// - communication: a structured reference (+++…+++ or RF…) or free text
// - bank reference: the bank's unique id of the line, when it gives one; it is what recognises
//   the same line in a later import, so leave it empty rather than invent one
//
// Fields may be quoted with double quotes ("Dupont; Alice"), a quote inside written twice.
import { parseCsvAmount } from './amounts.ts';
import {
  cleanText,
  identifyLines,
  isCalendarDate,
  normaliseIban,
  statementLinesMax,
  type StatementLine,
  type StatementParseResult,
  type StatementProblem,
} from './statement.ts';
import { parseTransferReference } from '../backoffice/structured-reference.ts';

export const csvColumns = [
  'date',
  'amount',
  'currency',
  'counterparty name',
  'counterparty IBAN',
  'communication',
  'bank reference',
] as const;

export interface CsvRow {
  /** The line of the file the row starts on, 1-based, for messages. */
  line: number;
  fields: string[];
}

/** Splits CSV text into rows of fields; returns null when a quote is never closed. */
export function splitCsv(content: string, separator = ';'): CsvRow[] | null {
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = '';
  let isQuoted = false;
  let line = 1;
  let rowLine = 1;
  for (let index = 0; index < content.length; index += 1) {
    const character = content[index];
    if (character === '\n') line += 1;
    if (isQuoted) {
      if (character === '"' && content[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') {
        isQuoted = false;
      } else {
        field += character;
      }
    } else if (character === '"' && field.trim() === '') {
      isQuoted = true;
      field = '';
    } else if (character === separator) {
      row.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && content[index + 1] === '\n') {
        index += 1;
        line += 1;
      }
      row.push(field);
      rows.push({ line: rowLine, fields: row });
      row = [];
      field = '';
      rowLine = line;
    } else {
      field += character;
    }
  }
  if (isQuoted) return null;
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push({ line: rowLine, fields: row });
  }
  return rows.filter((item) => item.fields.some((value) => value.trim() !== ''));
}

function dateOf(text: string): string | null {
  const trimmed = text.trim();
  const european = /^(\d{2})[/.-](\d{2})[/.-](\d{4})$/.exec(trimmed);
  const iso = european ? `${european[3]}-${european[2]}-${european[1]}` : trimmed;
  return isCalendarDate(iso) ? iso : null;
}

function isHeader(fields: readonly string[]): boolean {
  return dateOf(fields[0] ?? '') === null && /date/i.test(fields[0] ?? '');
}

type DraftLine = Omit<StatementLine, 'identity' | 'position'> & { identityHint: string | null };

function lineOf(fields: readonly string[], where: string, problems: StatementProblem[]) {
  if (fields.length !== csvColumns.length) {
    problems.push({
      where,
      message: `expected ${csvColumns.length} fields separated by ";", found ${fields.length}`,
    });
    return null;
  }
  const [date, amountText, currency, name, iban, communication, bankReference] = fields.map(
    (field) => field.trim(),
  );
  const bookingDate = dateOf(date ?? '');
  if (bookingDate === null) {
    problems.push({ where, message: `the date "${date}" is not a date` });
    return null;
  }
  const amount = parseCsvAmount(amountText ?? '');
  if (!amount.ok) {
    problems.push({ where, message: `the amount "${amountText}" is not valid (${amount.reason})` });
    return null;
  }
  const currencyCode = (currency ?? '').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currencyCode)) {
    problems.push({ where, message: `the currency "${currency}" is not an ISO code such as EUR` });
    return null;
  }
  if (iban && normaliseIban(iban) === null) {
    problems.push({ where, message: `the IBAN "${iban}" is not an IBAN` });
    return null;
  }
  const text = cleanText(communication);
  const reference = text === null ? null : parseTransferReference(text);
  const line: DraftLine = {
    bookingDate,
    valueDate: null,
    direction: amount.isNegative ? 'debit' : 'credit',
    amountMinor: amount.minor,
    currency: currencyCode,
    counterpartyName: cleanText(name, 200),
    counterpartyIban: normaliseIban(iban),
    communication: reference ? null : text,
    structuredReference: reference ? text : null,
    bankReference: cleanText(bankReference, 100),
    identityHint: cleanText(bankReference, 100),
  };
  return line;
}

/** Reads the CSV layout; any bad line refuses the whole file and says where. */
export function parseStatementCsv(content: string): StatementParseResult {
  const rows = splitCsv(content.replace(/^\uFEFF/, ''));
  if (rows === null) {
    return { ok: false, problems: [{ where: 'file', message: 'a quoted field is never closed' }] };
  }
  const dataRows = rows.length > 0 && isHeader(rows[0]?.fields ?? []) ? rows.slice(1) : rows;
  if (dataRows.length === 0) {
    return { ok: false, problems: [{ where: 'file', message: 'the file has no lines' }] };
  }
  if (dataRows.length > statementLinesMax) {
    return {
      ok: false,
      problems: [{ where: 'file', message: `more than ${statementLinesMax} lines` }],
    };
  }
  const problems: StatementProblem[] = [];
  const drafts: DraftLine[] = [];
  for (const row of dataRows) {
    const line = lineOf(row.fields, `line ${row.line}`, problems);
    if (line) drafts.push(line);
  }
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, 50) };
  return {
    ok: true,
    statement: {
      format: 'csv',
      statementRef: null,
      accountIban: null,
      lines: identifyLines(null, drafts),
    },
  };
}
