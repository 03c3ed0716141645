// Searching the local catalogue as the cashier types. Every typed word is a prefix of a key in the
// multi-entry `searchWords` index. One word reads the first matching records straight from the
// index. Several words ("dup mar" for "Marie Dupont") are matched against the copy of the search
// words held in memory (search-index.ts), and only the records found are read; until that copy
// is ready, the primary keys of each word's prefix range are intersected instead, longest word
// first, rather than reading every record one word matches (two thousand "marie" in a large
// store). A scanned code is looked up exactly.
import Dexie, { type Table } from 'dexie';
import type { CachedCustomer, CachedProduct, TillDatabase } from './database.ts';
import { memorySearchIndex, type SearchedTable } from './search-index.ts';
import { normaliseSearchText, queryWordsOf } from './search-words.ts';

/** Enough for a result list on one screen; the cashier types more to narrow it. */
export const searchResultsMax = 50;
/**
 * A shorter prefix covers much of a large table ("m" is a third of the customers): reading its
 * keys costs more than checking the other words on the few records left.
 */
const keyReadLengthMin = 3;

export interface SearchOptions {
  limit?: number;
  isInactiveIncluded?: boolean;
}

export function searchCustomers(
  db: TillDatabase,
  text: string,
  options: SearchOptions = {},
): Promise<CachedCustomer[]> {
  return searchTable(db, db.customers, text, options);
}

export function searchProducts(
  db: TillDatabase,
  text: string,
  options: SearchOptions = {},
): Promise<CachedProduct[]> {
  return searchTable(db, db.products, text, options);
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
  id: string;
  name: string;
  searchWords: string[];
  isActive: boolean;
}

interface SearchPlan<T> {
  /** Longest first: the longer a prefix, the fewer keys it usually matches. */
  words: string[];
  limit: number;
  isInactiveIncluded: boolean;
  isWanted: (record: T) => boolean;
}

async function searchTable<T extends Searchable>(
  db: TillDatabase,
  table: Table<T, string>,
  text: string,
  options: SearchOptions,
): Promise<T[]> {
  const words = significantWords(queryWordsOf(text));
  if (words.length === 0) return [];
  const limit = Math.max(1, Math.min(options.limit ?? searchResultsMax, searchResultsMax * 20));
  const isInactiveIncluded = options.isInactiveIncluded ?? false;
  const plan: SearchPlan<T> = {
    words,
    limit,
    isInactiveIncluded,
    isWanted: (record) =>
      (isInactiveIncluded || record.isActive) &&
      words.every((word) => record.searchWords.some((key) => key.startsWith(word))),
  };

  // One read transaction: every request sees the same catalogue, and none waits for its own.
  const found = await db.transaction('r', table, () =>
    words.length === 1 ? firstByPrefix(table, plan) : bySeveralWords(db, table, plan),
  );
  return found.sort((left, right) =>
    normaliseSearchText(left.name).localeCompare(normaliseSearchText(right.name)),
  );
}

/**
 * Drops a typed word that starts another typed word: every record the longer one finds, the
 * shorter one finds too ("mar marie" asks no more than "marie").
 */
function significantWords(words: readonly string[]): string[] {
  const longestFirst = [...words].sort((left, right) => right.length - left.length);
  return longestFirst.filter(
    (word, index) => !longestFirst.slice(0, index).some((longer) => longer.startsWith(word)),
  );
}

/**
 * One word: the first records of its prefix range in one request. A record shows up once per
 * key of its own the prefix matches ("mar" for "Marie Marchal"), and inactive ones are skipped,
 * so a little more than the limit is read; only when that is not enough does a cursor go on
 * through the range.
 */
async function firstByPrefix<T extends Searchable>(
  table: Table<T, string>,
  plan: SearchPlan<T>,
): Promise<T[]> {
  const [word] = plan.words;
  if (word === undefined) return [];
  const readCount = plan.limit * 2;
  const read = await table.where('searchWords').startsWith(word).limit(readCount).toArray();
  const found = distinctWanted(read, plan.isWanted).slice(0, plan.limit);
  if (found.length === plan.limit || read.length < readCount) return found;

  return table
    .where('searchWords')
    .startsWith(word)
    .distinct()
    .filter(plan.isWanted)
    .limit(plan.limit)
    .toArray();
}

/** Several words: from the copy in memory when it is ready, else from the index. */
async function bySeveralWords<T extends Searchable>(
  db: TillDatabase,
  table: Table<T, string>,
  plan: SearchPlan<T>,
): Promise<T[]> {
  const [longest] = plan.words;
  const index = memorySearchIndex(db, table.name as SearchedTable);
  const ids = index?.candidates(plan.words, plan.isInactiveIncluded, plan.limit) ?? null;
  if (ids !== null && longest !== undefined) {
    // The screen runs its search as a live query, which reruns when a range it read changes. A
    // record that comes to match has a key in the longest word's range: this one-key read of
    // it is what tells the screen, as an article pulled while the cashier looks at no results.
    const [found] = await Promise.all([
      readWanted(table, ids, plan),
      table.where('searchWords').startsWith(longest).limit(1).primaryKeys(),
    ]);
    return found;
  }

  // Not filled yet, or dropped after a failed read: filled for the next searches.
  if (index) void Dexie.ignoreTransaction(() => index.fill());
  return byKeyIntersection(table, plan);
}

/**
 * The primary keys of each word's range, intersected, longest word first. Once no more than a
 * screenful of candidates is left, or the next word is a short prefix, the remaining words are
 * checked on the records themselves, which is cheaper than reading one more range of keys.
 */
async function byKeyIntersection<T extends Searchable>(
  table: Table<T, string>,
  plan: SearchPlan<T>,
): Promise<T[]> {
  const [first, ...others] = plan.words;
  if (first === undefined) return [];
  const keysOf = (word: string) => table.where('searchWords').startsWith(word).primaryKeys();
  let candidates = [...new Set(await keysOf(first))];
  for (const word of others) {
    if (candidates.length <= plan.limit || word.length < keyReadLengthMin) break;
    candidates = intersection(candidates, await keysOf(word));
  }
  return readWanted(table, candidates, plan);
}

/** The wanted records among the candidates, read a screenful at a time, up to the limit. */
async function readWanted<T extends Searchable>(
  table: Table<T, string>,
  candidates: readonly string[],
  plan: SearchPlan<T>,
): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < candidates.length && found.length < plan.limit; start += plan.limit) {
    const records = await table.bulkGet(candidates.slice(start, start + plan.limit));
    for (const record of records) {
      if (record !== undefined && plan.isWanted(record)) found.push(record);
    }
  }
  return found.slice(0, plan.limit);
}

/** The candidates, in their order, that also appear among `keys`. */
function intersection(candidates: readonly string[], keys: readonly string[]): string[] {
  const present = new Set(keys);
  return candidates.filter((key) => present.has(key));
}

function distinctWanted<T extends Searchable>(
  records: readonly T[],
  isWanted: (record: T) => boolean,
): T[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    if (seen.has(record.id)) return false;
    seen.add(record.id);
    return isWanted(record);
  });
}
