// Which customer (or which invoice) a credit line is for, tried in the order of certainty: a
// structured reference the payer copied, then the IBAN they paid from, then their name. Anything
// less certain is left to a person: a line that matches several wallets is not guessed.
import { findCustomerByTransferReference, foldForSearch } from '../backoffice/customers.ts';
import {
  findTransferReferences,
  formatCreditorReference,
  formatStructuredCommunication,
  parseTransferReference,
  type ParsedReference,
} from '../backoffice/structured-reference.ts';
import type { Sql } from '../storage/database.ts';
import type { StatementLine } from './statement.ts';
import { normaliseIban } from './statement.ts';

export type MatchMethod = 'reference' | 'invoice' | 'iban' | 'name' | 'hand';

export interface LineMatch {
  method: MatchMethod | null;
  customerId: string | null;
  invoiceId: string | null;
  /** Why a line was not matched, or what was odd about the match, for the person checking. */
  note: string | null;
}

interface CandidateCustomer {
  id: string;
  name: string;
  walletId: string;
}

/** The customer whose own transfer reference this is, by the back office's one lookup. */
export async function customerForReference(
  sql: Sql,
  reference: ParsedReference,
): Promise<string | null> {
  const text =
    reference.kind === 'structured_communication'
      ? formatStructuredCommunication(reference.referenceNumber)
      : formatCreditorReference(reference.referenceNumber);
  return (await findCustomerByTransferReference(sql, text))?.customerId ?? null;
}

export interface MatchingIndex {
  byIban: Map<string, CandidateCustomer[]>;
  byName: Map<string, CandidateCustomer[]>;
  /** Invoices by the number their payment reference carries. */
  invoiceByReference: Map<number, { invoiceId: string; customerId: string }>;
  customerForReference: (reference: ParsedReference) => Promise<string | null>;
}

/**
 * The whole name, without accents, case, punctuation or word order: banks print "DUPONT ALICE"
 * for the customer we know as "Alice Dupont", and "Gérard" as "GERARD".
 */
export function normaliseName(name: string): string {
  return foldForSearch(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '')
    .sort()
    .join(' ');
}

function addTo(map: Map<string, CandidateCustomer[]>, key: string, customer: CandidateCustomer) {
  const list = map.get(key);
  if (list) list.push(customer);
  else map.set(key, [customer]);
}

/** Reads what matching needs once per import: a store has at most some 100,000 customers. */
export async function loadMatchingIndex(sql: Sql): Promise<MatchingIndex> {
  const customers = await sql.all<{
    id: string;
    name: string;
    iban: string | null;
    wallet_id: string;
  }>('SELECT id, name, iban, wallet_id FROM customers WHERE is_active = 1 ORDER BY name, id');
  const byIban = new Map<string, CandidateCustomer[]>();
  const byName = new Map<string, CandidateCustomer[]>();
  for (const row of customers) {
    const customer = { id: row.id, name: row.name, walletId: row.wallet_id };
    const iban = normaliseIban(row.iban);
    if (iban) addTo(byIban, iban, customer);
    const name = normaliseName(row.name);
    if (name !== '') addTo(byName, name, customer);
  }
  const invoices = await sql.all<{ id: string; customer_id: string; payment_reference: string }>(
    'SELECT id, customer_id, payment_reference FROM invoices',
  );
  const invoiceByReference = new Map<number, { invoiceId: string; customerId: string }>();
  for (const row of invoices) {
    const reference = parseTransferReference(row.payment_reference);
    if (reference) {
      invoiceByReference.set(reference.referenceNumber, {
        invoiceId: row.id,
        customerId: row.customer_id,
      });
    }
  }
  return {
    byIban,
    byName,
    invoiceByReference,
    customerForReference: (reference) => customerForReference(sql, reference),
  };
}

/** One customer, or several who share one wallet (a household): then the first by name. */
function chooseAmong(candidates: readonly CandidateCustomer[] | undefined) {
  if (!candidates || candidates.length === 0) return { status: 'none' as const };
  const wallets = new Set(candidates.map((candidate) => candidate.walletId));
  if (wallets.size > 1) return { status: 'ambiguous' as const, count: candidates.length };
  return { status: 'found' as const, customer: candidates[0] as CandidateCustomer };
}

// Looks like a structured communication or an RF reference, valid or not.
const referenceShape = /[+*]{3}\s*\d{3}\s*\/\s*\d{4}\s*\/\s*\d{5}\s*[+*]{3}|\bRF\d{2}[0-9A-Z ]+/i;

type ReferenceSearch =
  | { status: 'found'; reference: ParsedReference; text: string }
  | { status: 'invalid'; text: string }
  | { status: 'none' };

/**
 * The reference the payer gave: the structured block of camt.053, or one typed in the free
 * communication ("Recharge +++012/3456/78939+++ merci"). One that has the shape of a reference
 * but wrong check digits is reported, so the line is looked at instead of silently matched.
 */
function referenceOf(line: StatementLine): ReferenceSearch {
  const text = line.structuredReference ?? line.communication ?? '';
  const reference = line.structuredReference
    ? parseTransferReference(line.structuredReference)
    : (findTransferReferences(text)[0] ?? null);
  if (reference) return { status: 'found', reference, text: line.structuredReference ?? text };
  if (line.structuredReference || referenceShape.test(text)) {
    return { status: 'invalid', text: line.structuredReference ?? text };
  }
  return { status: 'none' };
}

export async function matchLine(line: StatementLine, index: MatchingIndex): Promise<LineMatch> {
  const notes: string[] = [];
  const found = referenceOf(line);
  if (found.status === 'found') {
    const invoice = index.invoiceByReference.get(found.reference.referenceNumber);
    if (invoice) return { method: 'invoice', ...invoice, note: null };
    const customerId = await index.customerForReference(found.reference);
    if (customerId) return { method: 'reference', customerId, invoiceId: null, note: null };
    notes.push(`the reference in "${found.text}" belongs to no customer`);
  } else if (found.status === 'invalid') {
    notes.push(`the reference in "${found.text}" has wrong check digits`);
  }

  const byIban = chooseAmong(line.counterpartyIban ? index.byIban.get(line.counterpartyIban) : []);
  if (byIban.status === 'found') {
    return {
      method: 'iban',
      customerId: byIban.customer.id,
      invoiceId: null,
      note: notes[0] ?? null,
    };
  }
  if (byIban.status === 'ambiguous') notes.push(`the IBAN is known for ${byIban.count} wallets`);

  const name = line.counterpartyName ? normaliseName(line.counterpartyName) : '';
  const byName = chooseAmong(name === '' ? [] : index.byName.get(name));
  if (byName.status === 'found') {
    return {
      method: 'name',
      customerId: byName.customer.id,
      invoiceId: null,
      note: notes[0] ?? null,
    };
  }
  if (byName.status === 'ambiguous') notes.push(`${byName.count} customers have this name`);
  return {
    method: null,
    customerId: null,
    invoiceId: null,
    note: notes.join('; ') || 'no reference, IBAN or name matches a customer',
  };
}
