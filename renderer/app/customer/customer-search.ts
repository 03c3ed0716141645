// Finding a customer among up to 100 000 cached ones: by any word of the name, by e-mail, or by
// the barcode of their card, each through its own index. Each result carries the balance the
// cashier must see: the cached server balance plus this till's pending movements.
import { shownBalanceMinor, type CachedCustomer, type TillDatabase } from '../../store/database.ts';
import { searchWordsOf } from '../../store/search-words.ts';
import { startsEveryWord } from '../sale/product-search.ts';

export const customerResultsMax = 30;

export interface CustomerResult {
  customer: CachedCustomer;
  balanceMinor: number;
}

function byNameWords(db: TillDatabase, text: string): Promise<CachedCustomer[]> {
  const words = searchWordsOf(text).sort((left, right) => right.length - left.length);
  const [indexed, ...others] = words;
  if (indexed === undefined) return Promise.resolve([]);
  return db.customers
    .where('searchWords')
    .startsWith(indexed)
    .distinct()
    .filter((customer) => startsEveryWord(customer.searchWords, others))
    .limit(customerResultsMax)
    .toArray();
}

export async function searchCustomers(db: TillDatabase, text: string): Promise<CustomerResult[]> {
  const typed = text.trim();
  if (typed.length === 0) return [];

  const groups = await Promise.all([
    db.customers.where('cardBarcode').equals(typed).toArray(),
    typed.includes('@')
      ? db.customers.where('email').startsWithIgnoreCase(typed).limit(customerResultsMax).toArray()
      : Promise.resolve([]),
    byNameWords(db, typed),
  ]);

  const unique = new Map<string, CachedCustomer>();
  for (const customer of groups.flat()) {
    if (customer.isActive && !unique.has(customer.id)) unique.set(customer.id, customer);
  }
  const customers = [...unique.values()]
    .sort((left, right) => left.name.localeCompare(right.name))
    .slice(0, customerResultsMax);
  return Promise.all(
    customers.map(async (customer) => ({
      customer,
      balanceMinor: await shownBalanceMinor(db, customer),
    })),
  );
}

export async function findCustomerByCard(db: TillDatabase, barcode: string) {
  const found = await db.customers.where('cardBarcode').equals(barcode.trim()).toArray();
  return found.find((customer) => customer.isActive) ?? null;
}
