// ISO 20022 camt.053 (bank to customer statement) as Belgian, French and Swiss banks send it.
// Versions 001.02 to 001.13 differ in where the debtor's name sits (Dbtr/Nm, later Dbtr/Pty/Nm);
// both are read. Every entry the bank booked becomes one line per transaction detail, so a batch
// entry of several transfers gives several lines, each credited to its own customer.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseIsoAmount } from './amounts.ts';
import {
  cleanText,
  identifyLines,
  isCalendarDate,
  normaliseIban,
  type StatementLine,
  type StatementParseResult,
  type StatementProblem,
} from './statement.ts';

type Node = Record<string, unknown>;

const repeated = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Amounts and references stay text: "0010.50" must not become a number, nor "000123" lose its
  // zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => repeated.has(name),
});

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: unknown, ...path: string[]): unknown {
  let current: unknown = node;
  for (const name of path) {
    if (!isNode(current)) return undefined;
    current = current[name];
  }
  return current;
}

function text(node: unknown, ...path: string[]): string | null {
  const value = child(node, ...path);
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'].trim();
  return null;
}

/** The elements of a repeated tag; an empty element (`<TxDtls/>`) reads as an empty one. */
function list(value: unknown): Node[] {
  const items: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.map((item) => (item === '' ? {} : item)).filter(isNode);
}

function dateOf(node: unknown): string | null {
  const date = text(node, 'Dt') ?? text(node, 'DtTm')?.slice(0, 10) ?? null;
  return date !== null && isCalendarDate(date) ? date : null;
}

interface EntryContext {
  accountIban: string | null;
  entry: Node;
  where: string;
  problems: StatementProblem[];
}

type DraftLine = Omit<StatementLine, 'identity' | 'position'> & { identityHint: string | null };

function amountOf(node: unknown, where: string, problems: StatementProblem[]) {
  const amountText = text(node);
  const currency = isNode(node) && typeof node['@_Ccy'] === 'string' ? node['@_Ccy'] : null;
  if (amountText === null || currency === null || !/^[A-Z]{3}$/.test(currency)) {
    problems.push({ where, message: 'the amount or its currency (Amt Ccy="…") is missing' });
    return null;
  }
  const amount = parseIsoAmount(amountText);
  if (!amount.ok) {
    problems.push({ where, message: `the amount "${amountText}" is not valid (${amount.reason})` });
    return null;
  }
  return { amountMinor: amount.minor, currency };
}

function remittanceOf(details: Node) {
  const structured = list(child(details, 'RmtInf', 'Strd'))
    .map((item) => text(item, 'CdtrRefInf', 'Ref'))
    .find((reference) => reference !== null);
  const unstructured = list(child(details, 'RmtInf'))
    .flatMap((info): unknown[] => (Array.isArray(info.Ustrd) ? info.Ustrd : []))
    .filter((value): value is string => typeof value === 'string');
  return {
    structuredReference: cleanText(structured ?? null, 35),
    communication: cleanText(unstructured.join(' ')),
  };
}

function counterpartyOf(details: Node, direction: 'credit' | 'debit') {
  // On a credit the other party is the debtor (who paid us); on a debit the creditor.
  const party = direction === 'credit' ? 'Dbtr' : 'Cdtr';
  const parties = child(details, 'RltdPties');
  const name = text(parties, party, 'Nm') ?? text(parties, party, 'Pty', 'Nm');
  const iban = text(parties, `${party}Acct`, 'Id', 'IBAN');
  return { counterpartyName: cleanText(name, 200), counterpartyIban: normaliseIban(iban) };
}

function linesOfEntry(context: EntryContext): DraftLine[] {
  const { entry, where, problems } = context;
  const indicator = text(entry, 'CdtDbtInd');
  if (indicator !== 'CRDT' && indicator !== 'DBIT') {
    problems.push({ where, message: 'CdtDbtInd must be CRDT or DBIT' });
    return [];
  }
  const direction = indicator === 'CRDT' ? 'credit' : 'debit';
  const bookingDate = dateOf(child(entry, 'BookgDt'));
  if (bookingDate === null) {
    problems.push({ where, message: 'the booking date (BookgDt) is missing or not a date' });
    return [];
  }
  const entryAmount = amountOf(child(entry, 'Amt'), where, problems);
  if (!entryAmount) return [];
  const status = text(entry, 'Sts', 'Cd') ?? text(entry, 'Sts');
  const details = list(child(entry, 'NtryDtls')).flatMap((item) => list(item.TxDtls));
  const base = {
    bookingDate,
    valueDate: dateOf(child(entry, 'ValDt')),
    direction,
    isPending: status !== null && status !== 'BOOK',
    isReversal: text(entry, 'RvslInd') === 'true',
  } as const;
  const entryReference = text(entry, 'AcctSvcrRef');

  if (details.length === 0) {
    return [
      {
        ...base,
        ...entryAmount,
        counterpartyName: null,
        counterpartyIban: null,
        communication: cleanText(text(entry, 'AddtlNtryInf')),
        structuredReference: null,
        bankReference: entryReference,
        identityHint: entryReference,
      },
    ];
  }
  const lines: DraftLine[] = [];
  for (const [index, item] of details.entries()) {
    const itemWhere = `${where}, transaction ${index + 1}`;
    const ownAmount = child(item, 'Amt') ?? child(item, 'AmtDtls', 'TxAmt', 'Amt');
    if (ownAmount === undefined && details.length > 1) {
      problems.push({ where: itemWhere, message: 'a batch entry needs an amount per transaction' });
      continue;
    }
    const amount = ownAmount === undefined ? entryAmount : amountOf(ownAmount, itemWhere, problems);
    if (!amount) continue;
    const bankReference = text(item, 'Refs', 'AcctSvcrRef');
    const endToEnd = text(item, 'Refs', 'EndToEndId');
    const endToEndHint =
      endToEnd && endToEnd !== 'NOTPROVIDED' ? `e2e|${bookingDate}|${endToEnd}` : null;
    const entryHint = entryReference ? `${entryReference}#${index + 1}` : null;
    lines.push({
      ...base,
      ...amount,
      ...counterpartyOf(item, direction),
      ...remittanceOf(item),
      bankReference: bankReference ?? entryReference,
      identityHint: bankReference ?? entryHint ?? endToEndHint,
    });
  }
  return lines;
}

/** Reads a camt.053 document; any problem refuses the whole file, so nothing half-read is kept. */
export function parseCamt053(content: string): StatementParseResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(content)) {
    // Bank files never declare a document type; one that does may try entity expansion.
    return { ok: false, problems: [{ where: 'file', message: 'a DOCTYPE is not accepted' }] };
  }
  const validation = XMLValidator.validate(content);
  if (validation !== true) {
    const { line, msg } = validation.err;
    return { ok: false, problems: [{ where: `line ${line}`, message: `not valid XML: ${msg}` }] };
  }
  const document: unknown = parser.parse(content);
  const statements = list(child(document, 'Document', 'BkToCstmrStmt', 'Stmt'));
  if (statements.length === 0) {
    return {
      ok: false,
      problems: [{ where: 'file', message: 'no camt.053 statement (Document/BkToCstmrStmt/Stmt)' }],
    };
  }

  const problems: StatementProblem[] = [];
  const lines: StatementLine[] = [];
  const first = statements[0];
  const accountIban = normaliseIban(text(first, 'Acct', 'Id', 'IBAN'));
  for (const [statementIndex, statement] of statements.entries()) {
    const iban = normaliseIban(text(statement, 'Acct', 'Id', 'IBAN'));
    const drafts = list(statement.Ntry).flatMap((entry, entryIndex) =>
      linesOfEntry({
        accountIban: iban,
        entry,
        where: `statement ${statementIndex + 1}, entry ${entryIndex + 1}`,
        problems,
      }),
    );
    lines.push(...identifyLines(iban, drafts));
  }
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, 50) };
  const renumbered = lines.map((line, index) => ({ ...line, position: index + 1 }));
  return {
    ok: true,
    statement: {
      format: 'camt.053',
      statementRef: cleanText(text(first, 'Id'), 100),
      accountIban,
      lines: renumbered,
    },
  };
}
