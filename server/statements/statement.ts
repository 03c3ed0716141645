// A bank statement as both file layouts read into the same lines. A line carries the identity
// that makes a re-import recognisable: the bank's own reference when it gives one, else a digest
// of what the line says together with how many identical lines came before it in the file.
import { createHash } from 'node:crypto';

export type StatementFormat = 'camt.053' | 'csv';

export interface StatementLine {
  /** 1-based position in the file, for messages and for the order shown. */
  position: number;
  identity: string;
  bookingDate: string;
  valueDate: string | null;
  direction: 'credit' | 'debit';
  /** Always positive; the direction tells the side. */
  amountMinor: number;
  currency: string;
  /** Who paid us on a credit line, whom we paid on a debit line. */
  counterpartyName: string | null;
  counterpartyIban: string | null;
  communication: string | null;
  structuredReference: string | null;
  bankReference: string | null;
  /** Set for lines the bank reports but has not booked: they are shown and never credited. */
  isPending?: boolean;
  /** Set for a credit that undoes one of our own debits (a returned payment), not a top-up. */
  isReversal?: boolean;
}

export interface ParsedStatement {
  format: StatementFormat;
  statementRef: string | null;
  accountIban: string | null;
  lines: StatementLine[];
}

export interface StatementProblem {
  /** Where in the file: "line 4", "entry 2". */
  where: string;
  message: string;
}

export type StatementParseResult =
  { ok: true; statement: ParsedStatement } | { ok: false; problems: StatementProblem[] };

/** Files larger than this are refused before parsing; a month of a shop's bank is far smaller. */
export const statementSizeMaxBytes = 4 * 1024 * 1024;
export const statementLinesMax = 20_000;

export function normaliseIban(text: string | null | undefined): string | null {
  const cleaned = (text ?? '').replace(/\s/g, '').toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(cleaned) ? cleaned : null;
}

export function cleanText(text: string | null | undefined, lengthMax = 500): string | null {
  const cleaned = (text ?? '').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned.slice(0, lengthMax);
}

type LineContent = Omit<StatementLine, 'identity' | 'position'>;

/**
 * Gives each line its identity. The bank's reference is namespaced by the account so two banks
 * cannot collide; without one, identical lines (two equal transfers on one day) are told apart by
 * their rank among equals, which a re-import of the same file reproduces.
 */
export function identifyLines(
  accountIban: string | null,
  lines: readonly (LineContent & { identityHint: string | null })[],
): StatementLine[] {
  const seen = new Map<string, number>();
  return lines.map(({ identityHint, ...line }, index) => {
    const account = accountIban ?? 'unknown-account';
    let identity: string;
    if (identityHint) {
      identity = `${account}|ref|${identityHint}`;
    } else {
      const content = [
        line.bookingDate,
        line.direction,
        line.amountMinor,
        line.currency,
        line.counterpartyIban,
        line.counterpartyName,
        line.communication,
        line.structuredReference,
      ].join('\u241f');
      const digest = createHash('sha256').update(content).digest('hex').slice(0, 32);
      const rank = (seen.get(digest) ?? 0) + 1;
      seen.set(digest, rank);
      identity = `${account}|content|${digest}|${rank}`;
    }
    return { ...line, identity, position: index + 1 };
  });
}

/** A calendar date as text, checked to exist (no 31 February). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}
