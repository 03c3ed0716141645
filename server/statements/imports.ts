// Importing a bank statement and crediting the wallets it pays. An import only reads and records:
// every line is stored with what it matched, nothing is booked until a person has looked at the
// lines and confirmed. Booking is idempotent per bank line (its transaction id is derived from
// the line's identity), so importing or confirming the same statement twice books nothing twice.
import { createHash } from 'node:crypto';
import { newId } from '../../shared/ids.ts';
import { recordAudit, type AuditActor } from '../backoffice/audit.ts';
import { bookInvoicePayment } from '../invoices/invoices.ts';
import { readSettings } from '../ledger/catalog.ts';
import type { LedgerContext } from '../ledger/context.ts';
import { JournalConflictError } from '../ledger/journal.ts';
import { bookWalletTransfer, WalletTransferError } from '../ledger/wallet-transfers.ts';
import { asNumber, one, type Sql } from '../storage/database.ts';
import { parseCamt053 } from './camt053.ts';
import { parseStatementCsv } from './csv.ts';
import { derivedUuid } from './derived-id.ts';
import { loadMatchingIndex, matchLine, type LineMatch, type MatchMethod } from './matching.ts';
import {
  statementSizeMaxBytes,
  type ParsedStatement,
  type StatementFormat,
  type StatementLine,
  type StatementProblem,
} from './statement.ts';

export type LineStatus = 'matched' | 'unmatched' | 'ignored' | 'duplicate' | 'booked';
export type IgnoreReason = 'debit' | 'reversal' | 'other_currency' | 'not_booked_by_bank';

export type ImportOutcome =
  | { status: 'imported' | 'already_imported'; statementId: string }
  | { status: 'refused'; problems: StatementProblem[] };

export interface ImportInput {
  fileName: string;
  content: Uint8Array;
  actor: AuditActor;
  /** Told by the person or guessed from the content: XML is camt.053, anything else CSV. */
  format?: StatementFormat;
}

/** Bank CSV exports are still often in Windows-1252; camt.053 is UTF-8 by the standard. */
function decode(content: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

export function parseStatementFile(content: Uint8Array, format?: StatementFormat) {
  if (content.byteLength === 0) {
    return { ok: false as const, problems: [{ where: 'file', message: 'the file is empty' }] };
  }
  if (content.byteLength > statementSizeMaxBytes) {
    const message = `the file is larger than ${statementSizeMaxBytes / 1024 / 1024} MiB`;
    return { ok: false as const, problems: [{ where: 'file', message }] };
  }
  const text = decode(content);
  const isXml = format ? format === 'camt.053' : /^\uFEFF?\s*</.test(text);
  return isXml ? parseCamt053(text) : parseStatementCsv(text);
}

interface PlannedLine {
  line: StatementLine;
  status: LineStatus;
  ignoreReason: IgnoreReason | null;
  match: LineMatch | null;
  duplicateOf: string | null;
}

/**
 * The file name of an earlier statement holding a credit of the same day, amount and paying IBAN.
 * The same transfer exported once as CSV and once as camt.053 carries two different identities
 * (each layout names it its own way), so this is the check that catches it.
 */
async function earlierLookalike(sql: Sql, line: StatementLine): Promise<string | null> {
  if (!line.counterpartyIban) return null;
  const row = await one<{ file_name: string }>(
    sql,
    'SELECT s.file_name FROM bank_statement_lines l ' +
      'JOIN bank_statements s ON s.id = l.statement_id ' +
      "WHERE l.booking_date = ? AND l.amount_minor = ? AND l.direction = 'credit' " +
      "AND l.currency = ? AND l.counterparty_iban = ? AND l.status <> 'duplicate' LIMIT 1",
    [line.bookingDate, line.amountMinor, line.currency, line.counterpartyIban],
  );
  return row?.file_name ?? null;
}

/** Why a line credits no wallet, or null for a credit to match. */
function ignoreReasonOf(line: StatementLine, storeCurrency: string): IgnoreReason | null {
  if (line.direction === 'debit') return 'debit';
  if (line.isReversal) return 'reversal';
  if (line.isPending) return 'not_booked_by_bank';
  if (line.currency !== storeCurrency) return 'other_currency';
  return null;
}

async function planLines(sql: Sql, statement: ParsedStatement): Promise<PlannedLine[]> {
  const { currency } = await readSettings(sql);
  const index = await loadMatchingIndex(sql);
  const seenInFile = new Set<string>();
  const planned: PlannedLine[] = [];
  for (const line of statement.lines) {
    const earlier = await one<{ id: string }>(
      sql,
      "SELECT id FROM bank_statement_lines WHERE line_identity = ? AND status <> 'duplicate'",
      [line.identity],
    );
    const base = { line, ignoreReason: null, match: null, duplicateOf: null };
    if (earlier || seenInFile.has(line.identity)) {
      planned.push({ ...base, status: 'duplicate', duplicateOf: earlier?.id ?? null });
      continue;
    }
    seenInFile.add(line.identity);
    const ignoreReason = ignoreReasonOf(line, currency);
    if (ignoreReason) {
      planned.push({ ...base, status: 'ignored', ignoreReason });
      continue;
    }
    const match = await matchLine(line, index);
    const lookalike = await earlierLookalike(sql, line);
    if (lookalike && match.customerId) {
      // Left for a person rather than booked: crediting the same transfer twice is worse than
      // asking once.
      const note =
        `a credit of the same day, amount and IBAN came in ${lookalike}: ` +
        'check it is not this one';
      planned.push({
        ...base,
        status: 'unmatched',
        match: { ...match, method: null, customerId: null, invoiceId: null, note },
      });
      continue;
    }
    planned.push({ ...base, status: match.customerId ? 'matched' : 'unmatched', match });
  }
  return planned;
}

async function insertStatement(
  sql: Sql,
  input: ImportInput,
  statement: ParsedStatement,
  digest: string,
  planned: readonly PlannedLine[],
  now: string,
): Promise<string> {
  const statementId = newId();
  await sql.run(
    'INSERT INTO bank_statements (id, format, statement_ref, account_iban, file_name, ' +
      'file_sha256, line_count, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      statementId,
      statement.format,
      statement.statementRef,
      statement.accountIban,
      input.fileName.slice(0, 200) || 'statement',
      digest,
      planned.length,
      now,
      input.actor.name,
    ],
  );
  for (const { line, status, ignoreReason, match, duplicateOf } of planned) {
    await sql.run(
      'INSERT INTO bank_statement_lines (id, statement_id, position, line_identity, ' +
        'booking_date, value_date, direction, amount_minor, currency, counterparty_name, ' +
        'counterparty_iban, communication, structured_reference, bank_reference, status, ' +
        'ignore_reason, customer_id, invoice_id, match_method, match_note, duplicate_of_line_id) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        newId(),
        statementId,
        line.position,
        line.identity,
        line.bookingDate,
        line.valueDate,
        line.direction,
        line.amountMinor,
        line.currency,
        line.counterpartyName,
        line.counterpartyIban,
        line.communication,
        line.structuredReference,
        line.bankReference,
        status,
        ignoreReason,
        match?.customerId ?? null,
        match?.invoiceId ?? null,
        match?.method ?? null,
        match?.note ?? null,
        duplicateOf,
      ],
    );
  }
  return statementId;
}

/**
 * Reads a statement file and records it with its lines and their matches. The same file a second
 * time is recognised by its digest and answered with the first import; another file holding lines
 * already imported records them as duplicates, shown and never booked.
 */
export async function importStatement(
  context: LedgerContext,
  input: ImportInput,
): Promise<ImportOutcome> {
  const parsed = parseStatementFile(input.content, input.format);
  if (!parsed.ok) return { status: 'refused', problems: parsed.problems };
  const digest = createHash('sha256').update(input.content).digest('hex');
  const now = context.now().toISOString();
  const outcome = await context.database.write(async (sql): Promise<ImportOutcome> => {
    const earlier = await one<{ id: string }>(
      sql,
      'SELECT id FROM bank_statements WHERE file_sha256 = ?',
      [digest],
    );
    if (earlier) return { status: 'already_imported', statementId: earlier.id };
    const planned = await planLines(sql, parsed.statement);
    const statementId = await insertStatement(sql, input, parsed.statement, digest, planned, now);
    await recordAudit(sql, {
      actor: input.actor,
      action: 'bank_statement_imported',
      targetKind: 'bank_statement',
      targetId: statementId,
      detail: `${input.fileName.slice(0, 200)}: ${planned.length} lines`,
      occurredAt: now,
    });
    return { status: 'imported', statementId };
  });
  context.logger.info('bank statement imported', {
    status: outcome.status,
    lineCount: parsed.statement.lines.length,
  });
  return outcome;
}

export interface StatementLineView {
  id: string;
  position: number;
  bookingDate: string;
  valueDate: string | null;
  direction: 'credit' | 'debit';
  amountMinor: number;
  currency: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  communication: string | null;
  structuredReference: string | null;
  status: LineStatus;
  ignoreReason: IgnoreReason | null;
  matchMethod: MatchMethod | null;
  matchNote: string | null;
  customerId: string | null;
  customerName: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  transactionId: string | null;
  bookedAt: string | null;
  bookedBy: string | null;
}

export interface StatementView {
  id: string;
  format: StatementFormat;
  statementRef: string | null;
  accountIban: string | null;
  fileName: string;
  importedAt: string;
  importedBy: string;
  lines: StatementLineView[];
}

function toLineView(row: Record<string, unknown>): StatementLineView {
  const optional = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    id: row.id as string,
    position: asNumber(row.position),
    bookingDate: row.booking_date as string,
    valueDate: optional(row.value_date),
    direction: row.direction as StatementLineView['direction'],
    amountMinor: asNumber(row.amount_minor),
    currency: row.currency as string,
    counterpartyName: optional(row.counterparty_name),
    counterpartyIban: optional(row.counterparty_iban),
    communication: optional(row.communication),
    structuredReference: optional(row.structured_reference),
    status: row.status as LineStatus,
    ignoreReason: optional(row.ignore_reason) as IgnoreReason | null,
    matchMethod: optional(row.match_method) as MatchMethod | null,
    matchNote: optional(row.match_note),
    customerId: optional(row.customer_id),
    customerName: optional(row.customer_name),
    invoiceId: optional(row.invoice_id),
    invoiceNumber: optional(row.invoice_number),
    transactionId: optional(row.transaction_id),
    bookedAt: optional(row.booked_at),
    bookedBy: optional(row.booked_by),
  };
}

async function readLines(sql: Sql, statementId: string): Promise<StatementLineView[]> {
  const rows = await sql.all(
    'SELECT l.*, c.name AS customer_name, i.display_number AS invoice_number ' +
      'FROM bank_statement_lines l LEFT JOIN customers c ON c.id = l.customer_id ' +
      'LEFT JOIN invoices i ON i.id = l.invoice_id WHERE l.statement_id = ? ORDER BY l.position',
    [statementId],
  );
  return rows.map(toLineView);
}

export async function readStatement(
  context: LedgerContext,
  statementId: string,
): Promise<StatementView | null> {
  return context.database.read(async (sql) => {
    const row = await one(sql, 'SELECT * FROM bank_statements WHERE id = ?', [statementId]);
    if (!row) return null;
    return {
      id: row.id as string,
      format: row.format as StatementFormat,
      statementRef: (row.statement_ref as string | null) ?? null,
      accountIban: (row.account_iban as string | null) ?? null,
      fileName: row.file_name as string,
      importedAt: row.imported_at as string,
      importedBy: row.imported_by as string,
      lines: await readLines(sql, statementId),
    };
  });
}

export interface StatementSummary {
  id: string;
  format: StatementFormat;
  fileName: string;
  importedAt: string;
  importedBy: string;
  lineCount: number;
  toBookCount: number;
  unmatchedCount: number;
}

export async function listStatements(context: LedgerContext, limit = 50) {
  return context.database.read(async (sql) => {
    const rows = await sql.all(
      'SELECT s.id, s.format, s.file_name, s.imported_at, s.imported_by, s.line_count, ' +
        "SUM(CASE WHEN l.status = 'matched' THEN 1 ELSE 0 END) AS to_book, " +
        "SUM(CASE WHEN l.status = 'unmatched' THEN 1 ELSE 0 END) AS unmatched " +
        'FROM bank_statements s LEFT JOIN bank_statement_lines l ON l.statement_id = s.id ' +
        'GROUP BY s.id, s.format, s.file_name, s.imported_at, s.imported_by, s.line_count ' +
        'ORDER BY s.imported_at DESC, s.id DESC LIMIT ?',
      [limit],
    );
    return rows.map((row): StatementSummary => ({
      id: row.id as string,
      format: row.format as StatementFormat,
      fileName: row.file_name as string,
      importedAt: row.imported_at as string,
      importedBy: row.imported_by as string,
      lineCount: asNumber(row.line_count),
      toBookCount: asNumber(row.to_book ?? 0),
      unmatchedCount: asNumber(row.unmatched ?? 0),
    }));
  });
}

export type AssignOutcome =
  | { status: 'assigned' }
  | { status: 'refused'; reason: 'unknown_line' | 'not_open' | 'unknown_customer' };

/** Matches a credit line by hand: a person chose the customer the transfer is for. */
export async function assignLine(
  context: LedgerContext,
  input: { statementId: string; lineId: string; customerId: string; actor: AuditActor },
): Promise<AssignOutcome> {
  return context.database.write(async (sql): Promise<AssignOutcome> => {
    const line = await one<{ status: string }>(
      sql,
      `SELECT status FROM bank_statement_lines WHERE id = ? AND statement_id = ?${sql.forUpdate}`,
      [input.lineId, input.statementId],
    );
    if (!line) return { status: 'refused', reason: 'unknown_line' };
    if (line.status !== 'matched' && line.status !== 'unmatched') {
      return { status: 'refused', reason: 'not_open' };
    }
    const customer = await one(sql, 'SELECT id FROM customers WHERE id = ? AND is_active = 1', [
      input.customerId,
    ]);
    if (!customer) return { status: 'refused', reason: 'unknown_customer' };
    await sql.run(
      "UPDATE bank_statement_lines SET status = 'matched', customer_id = ?, invoice_id = NULL, " +
        "match_method = 'hand', match_note = NULL WHERE id = ?",
      [input.customerId, input.lineId],
    );
    await recordAudit(sql, {
      actor: input.actor,
      action: 'bank_line_matched_by_hand',
      targetKind: 'customer',
      targetId: input.customerId,
      detail: `statement ${input.statementId}, line ${input.lineId}`,
      occurredAt: context.now().toISOString(),
    });
    return { status: 'assigned' };
  });
}

export type LineBookingResult =
  | { lineId: string; status: 'booked'; transactionId: string }
  | { lineId: string; status: 'failed'; message: string };

export function transactionIdForLine(line: { identity: string } | { line_identity: string }) {
  const identity = 'identity' in line ? line.identity : line.line_identity;
  return derivedUuid('caisse.bank-statement-line', identity);
}

function descriptionOf(row: Record<string, unknown>): string {
  const parts = [row.counterparty_name, row.structured_reference ?? row.communication]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' · ');
  return `Bank transfer${parts ? `: ${parts}` : ''}`.slice(0, 500);
}

async function bookLine(
  context: LedgerContext,
  row: Record<string, unknown>,
  actor: AuditActor,
): Promise<LineBookingResult> {
  const lineId = row.id as string;
  const transactionId = transactionIdForLine(row as { line_identity: string });
  const occurredAt = `${row.booking_date as string}T00:00:00.000Z`;
  const now = context.now().toISOString();
  const isInvoicePayment = row.match_method === 'invoice';
  const markBooked = async (sql: Sql) => {
    const changed = await sql.run(
      "UPDATE bank_statement_lines SET status = 'booked', transaction_id = ?, booked_at = ?, " +
        "booked_by = ? WHERE id = ? AND status = 'matched'",
      [transactionId, now, actor.name, lineId],
    );
    if (changed === 0) return;
    await recordAudit(sql, {
      actor,
      action: isInvoicePayment ? 'invoice_payment_booked' : 'bank_top_up_booked',
      targetKind: isInvoicePayment ? 'invoice' : 'customer',
      targetId: (isInvoicePayment ? row.invoice_id : row.customer_id) as string,
      amountMinor: asNumber(row.amount_minor),
      transactionId,
      detail: descriptionOf(row),
      occurredAt: now,
    });
  };

  if (isInvoicePayment) {
    // Paying an invoice settles what the customer owes; the wallet was credited by the invoice.
    const changeSeq = await context.database.write(async (sql) => {
      const seq = await bookInvoicePayment(sql, {
        invoiceId: row.invoice_id as string,
        amountMinor: asNumber(row.amount_minor),
        transactionId,
        description: descriptionOf(row),
        occurredAt,
        now,
      });
      await markBooked(sql);
      return seq;
    });
    if (changeSeq !== null) context.notifyChange(changeSeq);
    return { lineId, status: 'booked', transactionId };
  }

  // The line is marked booked, with its audit row, in the transaction that credits the wallet.
  await bookWalletTransfer(
    context,
    {
      id: transactionId,
      kind: 'bank_top_up',
      customerId: row.customer_id as string,
      amountMinor: asNumber(row.amount_minor),
      description: descriptionOf(row),
      occurredAt,
    },
    { alsoWrite: (sql) => markBooked(sql) },
  );
  // The ledger skips those extra writes when it recognises the transfer as booked already: a
  // line whose booking was made but not marked (by an older server, or another confirm racing
  // this one) is marked here, once.
  await context.database.write(markBooked);
  return { lineId, status: 'booked', transactionId };
}

/** Books every matched line of the statement, each on its own; one failure stops no other. */
export async function confirmStatement(
  context: LedgerContext,
  statementId: string,
  actor: AuditActor,
): Promise<LineBookingResult[]> {
  const rows = await context.database.read((sql) =>
    sql.all(
      "SELECT * FROM bank_statement_lines WHERE statement_id = ? AND status = 'matched' " +
        'ORDER BY position',
      [statementId],
    ),
  );
  const results: LineBookingResult[] = [];
  for (const row of rows) {
    try {
      results.push(await bookLine(context, row, actor));
    } catch (error) {
      if (!(error instanceof WalletTransferError || error instanceof JournalConflictError)) {
        throw error;
      }
      results.push({ lineId: row.id as string, status: 'failed', message: error.message });
    }
  }
  context.logger.info('bank statement confirmed', {
    bookedCount: results.filter((result) => result.status === 'booked').length,
    failedCount: results.filter((result) => result.status === 'failed').length,
  });
  return results;
}
