// Searching the till's own store with several words at once, as "dup marie" or "noemie wery":
// exactly the records that have a key starting with every typed word, whichever word matches
// more records, sorted by name, at most the limit, never an inactive one unless asked, and
// each record once, whether the copy of the words in memory answers or IndexedDB's index does
// while the copy is not ready. Every answer is checked against a plain scan of the whole table.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { liveQuery, type DBCore, type DBCoreTable } from 'dexie';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CachedCustomer, TillDatabase } from '../../renderer/store/database.ts';
import { searchCustomers, searchProducts } from '../../renderer/store/search.ts';
import { memorySearchIndex } from '../../renderer/store/search-index.ts';
import { queryWordsOf } from '../../renderer/store/search-words.ts';
import {
  cachedCustomer,
  cachedProduct,
  openLocalDatabase,
  whenCopyReady,
} from './local-records.ts';

const firstNames = ['Marie', 'Noémie', 'Gérard', 'Zoé', 'Luc', 'Anne', 'Marc'];
const lastNames = ['Dupont', 'Wéry', 'Lefèvre', 'Crèvecœur', "D'Hondt", 'Dupuis', 'Marchal'];

describe.each([
  { source: 'the copy in memory', isFromMemory: true },
  { source: 'the index, the copy not ready', isFromMemory: false },
])('searching the local store by several words, from $source', ({ isFromMemory }) => {
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

  /** Readies the copy, or drops it just before the search so the index must answer. */
  async function search(text: string, options: Parameters<typeof searchCustomers>[2] = {}) {
    if (isFromMemory) await whenCopyReady(db, 'customers');
    else memorySearchIndex(db, 'customers')?.drop();
    return searchCustomers(db, text, options);
  }

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

    const found = await search(text, { limit: 50 });

    expect(ids(found)).toEqual(ids(expected));
  });

  it('includes inactive customers only when asked', async () => {
    const found = await search('noemie wery', { isInactiveIncluded: true });
    expect(ids(found)).toEqual(ids(scanned('noemie wery', true)));
    expect(found.some((record) => !record.isActive)).toBe(true);
  });

  it('stops at the limit with matching, active, distinct records sorted by name', async () => {
    // "mar" and "d" together still match more than a screenful: Marie and Marc with Dupont,
    // Dupuis or D'Hondt.
    expect(scanned('mar d').length).toBeGreaterThan(50);

    const found = await search('mar d', { limit: 30 });

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
    const found = await search('mar', { limit: 50 });
    expect(found).toHaveLength(50);
    expect(new Set(ids(found)).size).toBe(50);
    expect(found.every((record) => record.isActive)).toBe(true);

    const few = await search('marchal-d');
    expect(few.map((record) => record.name)).toEqual(['Marie Marchal-Dupont']);
  });

  it('with one word, reads on when the first records read are mostly inactive', async () => {
    // In index order the twelve former members come first, then the three active ones.
    const former = Array.from({ length: 12 }, () =>
      cachedCustomer({ name: 'Quentin Ancien', isActive: false }),
    );
    const active = Array.from({ length: 3 }, () => cachedCustomer({ name: 'Quentin Actif' }));
    await db.customers.bulkPut([...former, ...active]);

    const found = await search('quentin', { limit: 3 });

    expect(ids(found)).toEqual(ids(active));
  });

  it('finds an article by two words', async () => {
    await db.products.bulkPut([
      cachedProduct({ name: 'Pâté de campagne' }),
      cachedProduct({ name: 'Pâte à tartiner' }),
      cachedProduct({ name: 'Pain de campagne' }),
    ]);
    if (isFromMemory) await whenCopyReady(db, 'products');
    else memorySearchIndex(db, 'products')?.drop();
    const found = await searchProducts(db, 'campagne pat');
    expect(found.map((product) => product.name)).toEqual(['Pâté de campagne']);
  });
});

describe('the copy of the search words in memory', () => {
  let db: TillDatabase;
  beforeEach(async () => {
    db = openLocalDatabase();
    await db.open();
    await whenCopyReady(db, 'customers');
  });
  afterEach(() => db.close());

  const names = async (text: string) => {
    const found = await searchCustomers(db, text);
    // Answered from memory, not from the index after a drop.
    expect(memorySearchIndex(db, 'customers')?.isReady()).toBe(true);
    return found.map((record) => record.name);
  };

  it('follows what is written, renamed and deleted', async () => {
    const zoe = cachedCustomer({ name: 'Zoé Wéry' });
    await db.customers.bulkPut([zoe, cachedCustomer({ name: 'Zoé Dupont' })]);
    expect(await names('zoe wery')).toEqual(['Zoé Wéry']);

    await db.customers.put(cachedCustomer({ ...zoe, name: 'Zoé Noël' }));
    expect(await names('zoe wery')).toEqual([]);
    expect(await names('zoe noel')).toEqual(['Zoé Noël']);

    await db.customers.update(zoe.id, { isActive: false });
    expect(await names('zoe noel')).toEqual([]);
    await db.customers.delete(zoe.id);
    expect(await searchCustomers(db, 'zoe noel', { isInactiveIncluded: true })).toEqual([]);
  });

  it('tells a live search of a record that comes to match', async () => {
    await db.customers.put(cachedCustomer({ name: 'Zoé Dupont' }));
    const answers: string[][] = [];
    const subscription = liveQuery(() => searchCustomers(db, 'zoe wery')).subscribe((found) =>
      answers.push(found.map((record) => record.name)),
    );
    try {
      await until(() => answers.length === 1);
      expect(answers[0]).toEqual([]);
      expect(memorySearchIndex(db, 'customers')?.isReady()).toBe(true);

      // One record, as a pull page or a refresh of a single customer writes it.
      await db.customers.put(cachedCustomer({ name: 'Zoé Wéry' }));

      await until(() => answers.length > 1);
      expect(answers.at(-1)).toEqual(['Zoé Wéry']);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('reads the table again after a commit through another connection', async () => {
    await db.customers.put(cachedCustomer({ name: 'Léa Lambert' }));
    const other = openLocalDatabase(db.name);
    try {
      await other.customers.bulkPut([
        cachedCustomer({ name: 'Léa Maes' }),
        cachedCustomer({ name: 'Léa Mertens' }),
      ]);
    } finally {
      other.close();
    }

    await whenCopyReady(db, 'customers');
    expect(await names('lea m')).toEqual(['Léa Maes', 'Léa Mertens']);
    expect(await names('lea lambert')).toEqual(['Léa Lambert']);
  });

  it('forgets what an aborted transaction wrote, and fills itself again', async () => {
    await db.customers.put(cachedCustomer({ name: 'Luc Lambert' }));
    const failing = db.transaction('rw', db.customers, async () => {
      await db.customers.put(cachedCustomer({ name: 'Luc Fantôme' }));
      throw new Error('the sale went wrong');
    });
    await expect(failing).rejects.toThrow(/went wrong/);

    expect((await searchCustomers(db, 'luc fantome')).map((record) => record.name)).toEqual([]);
    await whenCopyReady(db, 'customers');
    expect(await names('luc lambert')).toEqual(['Luc Lambert']);
    // Not even a candidate that would take a place among the results.
    expect(memorySearchIndex(db, 'customers')?.candidates(['luc', 'fantome'], true, 10)).toEqual(
      [],
    );
  });

  it('fills itself again after the table is cleared', async () => {
    await db.customers.put(cachedCustomer({ name: 'Anne Ancienne' }));
    await db.customers.clear();
    await db.customers.put(cachedCustomer({ name: 'Anne Nouvelle' }));

    expect((await searchCustomers(db, 'anne anc')).map((record) => record.name)).toEqual([]);
    await whenCopyReady(db, 'customers');
    expect(await names('anne n')).toEqual(['Anne Nouvelle']);
  });

  it('is filled from a store opened again, keeping what is written meanwhile', async () => {
    // More customers than one chunk of the fill, the renamed one in a later chunk.
    const many = Array.from({ length: 12_000 }, (_, index) =>
      cachedCustomer({ name: `Client ${index} Peeters` }),
    );
    await db.customers.bulkPut(many);
    db.close();
    const renamed = many.at(-1)!;
    const reopened = openLocalDatabase(db.name);
    const gate = holdReadOf(reopened, renamed.id);
    db = reopened;

    await db.open();
    // The fill has read the old name and waits; the rename lands before the fill goes on.
    await gate.isHolding;
    await db.customers.put(cachedCustomer({ ...renamed, name: 'Client Renommé Maes' }));
    gate.release();
    await whenCopyReady(db, 'customers');

    expect(await names('client renomme')).toEqual(['Client Renommé Maes']);
    expect(await names('11999 peeters')).toEqual([]);
    expect(await names('11998 peeters')).toEqual(['Client 11998 Peeters']);
  });
});

/** Waits, boundedly, until the condition holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}

/** Holds back, until released, the first read of many records that includes the given one. */
function holdReadOf(db: TillDatabase, id: string) {
  let markHolding = () => undefined as void;
  let release = () => undefined as void;
  const isHolding = new Promise<void>((resolve) => (markHolding = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let isDone = false;
  db.use({
    stack: 'dbcore',
    name: 'holdRead',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (tableName: string): DBCoreTable => {
        const table = down.table(tableName);
        return {
          ...table,
          query: async (request) => {
            const response = await table.query(request);
            const rows = response.result as { id?: string }[];
            if (!isDone && request.values && rows.some((row) => row.id === id)) {
              isDone = true;
              // Told from a timer, so the test goes on outside this read's transaction.
              setTimeout(markHolding, 0);
              await released;
            }
            return response;
          },
        };
      },
    }),
  });
  return { isHolding, release };
}
