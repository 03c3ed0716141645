// Searching the local catalogue as the cashier types. The longest typed word goes through the
// multi-entry `searchWords` index as a prefix (the most selective lookup); the other words are
// checked in memory, so "dup mar" finds "Marie Dupont". A scanned code is looked up exactly.
import type { Table } from 'dexie';
import type { CachedCustomer, CachedProduct, TillDatabase } from './database.ts';
import { normaliseSearchText, searchWordsOf } from './search-words.ts';

/** Enough for a result list on one screen; the cashier types more to narrow it. */
export const searchResultsMax = 50;

export interface SearchOptions {
  limit?: number;
  isInactiveIncluded?: boolean;
}

export function searchCustomers(
  db: TillDatabase,
  text: string,
  options: SearchOptions = {},
): Promise<CachedCustomer[]> {
  return searchTable(db.customers, text, options);
}

export function searchProducts(
  db: TillDatabase,
  text: string,
  options: SearchOptions = {},
): Promise<CachedProduct[]> {
  return searchTable(db.products, text, options);
}

export async function findProductByBarcode(
  db: TillDatabase,
  barcode: string,
): Promise<CachedProduct | null> {
  const matches = await db.products.where('barcode').equals(barcode.trim()).toArray();
  return matches.find((product) => product.isActive) ?? matches[0] ?? null;
}

export async function findCustomerByCardBarcode(
  db: TillDatabase,
  cardBarcode: string,
): Promise<CachedCustomer | null> {
  const matches = await db.customers.where('cardBarcode').equals(cardBarcode.trim()).toArray();
  return matches.find((customer) => customer.isActive) ?? matches[0] ?? null;
}

interface Searchable {
  name: string;
  searchWords: string[];
  isActive: boolean;
}

async function searchTable<T extends Searchable>(
  table: Table<T, string>,
  text: string,
  options: SearchOptions,
): Promise<T[]> {
  const words = searchWordsOf(text);
  const [longest] = [...words].sort((left, right) => right.length - left.length);
  if (longest === undefined) return [];
  const limit = Math.max(1, Math.min(options.limit ?? searchResultsMax, searchResultsMax * 20));
  const isInactiveIncluded = options.isInactiveIncluded ?? false;

  const found = await table
    .where('searchWords')
    .startsWith(longest)
    .distinct()
    .filter((record) => {
      if (!isInactiveIncluded && !record.isActive) return false;
      return words.every((word) => record.searchWords.some((key) => key.startsWith(word)));
    })
    .limit(limit)
    .toArray();
  return found.sort((left, right) =>
    normaliseSearchText(left.name).localeCompare(normaliseSearchText(right.name)),
  );
}
