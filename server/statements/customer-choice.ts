// Finding the customer a person means when they type into a back-office form: a transfer
// reference, an e-mail address or words of a name, without accents or case, through the back
// office's customer search. One match is chosen (or the one whose whole name is what was typed);
// several are offered to pick from.
import { foldForSearch, searchCustomers } from '../backoffice/customers.ts';
import type { Database } from '../storage/database.ts';

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

export async function chooseCustomer(
  database: Database,
  now: () => Date,
  query: string,
): Promise<ChoiceOutcome> {
  const text = query.trim().slice(0, 200);
  if (text === '') return { status: 'none' };
  const { items } = await searchCustomers(
    database,
    { query: text, isNonZeroOnly: false, isWalletUsersOnly: false, limit: 100, offset: 0 },
    now,
  );
  const matches = items
    .filter((item) => item.isActive)
    .map((item) => ({ id: item.id, name: item.name, email: item.email }));
  const folded = foldForSearch(text);
  const exact = matches.filter(
    (match) => foldForSearch(match.name) === folded || match.email?.toLowerCase() === folded,
  );
  const chosen = exact.length === 1 ? exact : matches;
  const [first] = chosen;
  if (!first) return { status: 'none' };
  if (chosen.length === 1) return { status: 'found', customer: first };
  return { status: 'several', candidates: chosen.slice(0, candidatesMax) };
}
