// Finding the customer a person means when they type into a back-office form: a structured
// reference, an e-mail address or (part of) a name, without accents or case. One match is
// chosen; several are offered to pick from.
import { parseTransferReference } from '../backoffice/structured-reference.ts';
import type { Sql } from '../storage/database.ts';
import { customerForReference, normaliseName } from './matching.ts';

export interface CustomerChoice {
  id: string;
  name: string;
  email: string | null;
}

export type ChoiceOutcome =
  | { status: 'found'; customer: CustomerChoice }
  | { status: 'several'; candidates: CustomerChoice[] }
  | { status: 'none' };

export const candidatesMax = 20;

export async function chooseCustomer(sql: Sql, query: string): Promise<ChoiceOutcome> {
  const text = query.trim().slice(0, 200);
  if (text === '') return { status: 'none' };
  const byId = async (id: string): Promise<ChoiceOutcome> => {
    const rows = await sql.all<{ id: string; name: string; email: string | null }>(
      'SELECT id, name, email FROM customers WHERE id = ? AND is_active = 1',
      [id],
    );
    const customer = rows[0];
    return customer ? { status: 'found', customer } : { status: 'none' };
  };

  const reference = parseTransferReference(text);
  if (reference) {
    const customerId = await customerForReference(sql, reference);
    return customerId ? byId(customerId) : { status: 'none' };
  }
  const customers = await sql.all<{ id: string; name: string; email: string | null }>(
    'SELECT id, name, email FROM customers WHERE is_active = 1 ORDER BY name, id',
  );
  if (text.includes('@')) {
    const matches = customers.filter((row) => row.email?.toLowerCase() === text.toLowerCase());
    return outcomeOf(matches);
  }
  // Every word typed must start a word of the name: "lef ger" finds Gérard Lefèvre.
  const words = normaliseName(text).split(' ');
  const matches = customers.filter((row) => {
    const nameWords = normaliseName(row.name).split(' ');
    return words.every((word) => nameWords.some((nameWord) => nameWord.startsWith(word)));
  });
  const exact = matches.filter((row) => normaliseName(row.name) === normaliseName(text));
  return outcomeOf(exact.length === 1 ? exact : matches);
}

function outcomeOf(matches: readonly CustomerChoice[]): ChoiceOutcome {
  const [first] = matches;
  if (!first) return { status: 'none' };
  if (matches.length === 1) return { status: 'found', customer: first };
  return { status: 'several', candidates: matches.slice(0, candidatesMax) };
}
