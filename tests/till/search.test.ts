// Searching the till's own store with several words at once, as "dup marie" or "noemie wery":
// exactly the records that have a key starting with every typed word, whichever word matches
// more records, sorted by name, at most the limit, never an inactive one unless asked, and
// each record once. Every answer is checked against a plain scan of the whole table.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedCustomer, TillDatabase } from '../../renderer/store/database.ts';
import { searchCustomers, searchProducts } from '../../renderer/store/search.ts';
import { queryWordsOf } from '../../renderer/store/search-words.ts';
import { cachedCustomer, cachedProduct, openLocalDatabase } from './local-records.ts';

const firstNames = ['Marie', 'Noémie', 'Gérard', 'Zoé', 'Luc', 'Anne', 'Marc'];
const lastNames = ['Dupont', 'Wéry', 'Lefèvre', 'Crèvecœur', "D'Hondt", 'Dupuis', 'Marchal'];

describe('searching the local store by several words', () => {
  let db: TillDatabase;
  let everyone: CachedCustomer[];
  beforeAll(async () => {
    db = openLocalDatabase();
    everyone = [];
    // Every first name with every last name, several times over: each word alone matches far
    // more customers than a screenful, the pair only a few.
    for (let round = 0; round < 12; round += 1) {
      for (const first of firstNames) {
        for (const last of lastNames) {
          everyone.push(
            cachedCustomer({
              name: `${first} ${last}`,
              // One in five has left the shop: found only when asked for.
              isActive: everyone.length % 5 !== 0,
              email: round === 0 ? `${first}.${last}@example.org`.toLowerCase() : null,
            }),
          );
        }
      }
    }
    everyone.push(cachedCustomer({ name: 'Marie Marchal-Dupont' }));
    await db.customers.bulkPut(everyone);
  });
  afterAll(() => db.close());

  /** What the search must find: every record with a key starting with each typed word. */
  function scanned(text: string, isInactiveIncluded = false): CachedCustomer[] {
    const words = queryWordsOf(text);
    return everyone.filter(
      (record) =>
        (isInactiveIncluded || record.isActive) &&
        words.every((word) => record.searchWords.some((key) => key.startsWith(word))),
    );
  }

  const ids = (records: readonly CachedCustomer[]) => records.map((record) => record.id).sort();

  it.each([
    'dup marie',
    'noemie wery',
    'wery noemie',
    'gerard crevecoeur',
    "zoe d'hondt",
    'luc dhondt',
    'marie marchal dupont',
    'marchal-dupont marie',
    'anne.dupont@ dupont',
    'anne xyz',
  ])('finds exactly what a full scan finds for "%s"', async (text) => {
    const expected = scanned(text);
    expect(expected.length).toBeLessThan(50);

    const found = await searchCustomers(db, text, { limit: 50 });

    expect(ids(found)).toEqual(ids(expected));
  });

  it('includes inactive customers only when asked', async () => {
    const found = await searchCustomers(db, 'noemie wery', { isInactiveIncluded: true });
    expect(ids(found)).toEqual(ids(scanned('noemie wery', true)));
    expect(found.some((record) => !record.isActive)).toBe(true);
  });

  it('stops at the limit with matching, active, distinct records sorted by name', async () => {
    // "mar" and "d" together still match more than a screenful: Marie and Marc with Dupont,
    // Dupuis or D'Hondt.
    expect(scanned('mar d').length).toBeGreaterThan(50);

    const found = await searchCustomers(db, 'mar d', { limit: 30 });

    expect(found).toHaveLength(30);
    expect(new Set(ids(found)).size).toBe(30);
    const expected = new Set(ids(scanned('mar d')));
    expect(found.every((record) => expected.has(record.id))).toBe(true);
    const names = found.map((record) => record.name);
    expect(names).toEqual([...names].sort((left, right) => left.localeCompare(right)));
  });

  it('with one word, skips inactive records and a record matched by two of its keys', async () => {
    // "mar" matches "Marie Marchal" twice in the index, and many inactive customers: the search
    // must still fill the screen with distinct active ones.
    const found = await searchCustomers(db, 'mar', { limit: 50 });
    expect(found).toHaveLength(50);
    expect(new Set(ids(found)).size).toBe(50);
    expect(found.every((record) => record.isActive)).toBe(true);

    const few = await searchCustomers(db, 'marchal-d');
    expect(few.map((record) => record.name)).toEqual(['Marie Marchal-Dupont']);
  });

  it('with one word, reads on when the first records read are mostly inactive', async () => {
    // In index order the twelve former members come first, then the three active ones.
    const former = Array.from({ length: 12 }, () =>
      cachedCustomer({ name: 'Quentin Ancien', isActive: false }),
    );
    const active = Array.from({ length: 3 }, () => cachedCustomer({ name: 'Quentin Actif' }));
    await db.customers.bulkPut([...former, ...active]);

    const found = await searchCustomers(db, 'quentin', { limit: 3 });

    expect(ids(found)).toEqual(ids(active));
  });

  it('finds an article by two words', async () => {
    await db.products.bulkPut([
      cachedProduct({ name: 'Pâté de campagne' }),
      cachedProduct({ name: 'Pâte à tartiner' }),
      cachedProduct({ name: 'Pain de campagne' }),
    ]);
    const found = await searchProducts(db, 'campagne pat');
    expect(found.map((product) => product.name)).toEqual(['Pâté de campagne']);
  });
});
