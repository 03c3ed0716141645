// The search words of every cached customer and product, held in memory, so that a query of
// several words ("dup marie") is answered without reading IndexedDB index ranges. Chromium pays
// about as much to read the primary keys of an index range as to read the records (it checks
// each index entry against its record), and the two ranges of "noemie wery" in a store of
// 100,000 customers hold some four thousand entries: 40 ms, where a scan of the words in memory
// takes a few. One word stays with IndexedDB: the first records of one range cost little.
//
// The copy follows every write this connection makes to the two tables, through a DBCore
// middleware that sees each write with the records it writes: a put sets the record's words, a
// delete removes them, and a write that names no records (a clear) or a transaction that aborts
// makes the copy read everything again. A store created by this opening starts with a complete,
// empty copy that its first sync fills as it writes; a store opened with data is read in chunks
// in the background, and until then searches go to IndexedDB.
//
// A write committed through another connection to the same database (a page being replaced
// by its reload still finishing a pull, another window) cannot be followed record by record:
// Dexie announces every commit (`storagemutated`), and one that is not this connection's own
// makes the copy read the table again. It costs some 30 MB for 100,000 customers and 50,000
// products, most of it e-mail addresses and card numbers, which are search words too.
import Dexie, {
  type ObservabilitySet,
  type Collection,
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
  type Table,
} from 'dexie';

/** The tables whose records have search words. */
export const searchedTables = ['customers', 'products'] as const;
export type SearchedTable = (typeof searchedTables)[number];

interface Searchable {
  id: string;
  searchWords: string[];
  isActive: boolean;
}

/**
 * One record as one string, the lightest form: a mark for an active record or not, then each
 * word preceded by a separator no word contains, so a prefix test is one `includes`.
 */
type Entry = string;

const activeMark = '+';
const inactiveMark = '-';
const separator = '\u0000';
/**
 * Records read per request while filling the copy: large enough to be quick, small enough to
 * leave the till responsive between two of them.
 */
const fillChunkSize = 5_000;

type State = 'unfilled' | 'filling' | 'ready';

export class MemorySearchIndex {
  constructor(private readonly table: () => Table<Searchable, string>) {}

  private entries = new Map<string, Entry>();
  private state: State = 'unfilled';
  /** Changes whenever the copy is dropped, so a fill that started before stops. */
  private generation = 0;
  /** Records written while a fill runs: what the fill read of them may be older. */
  private writtenDuringFill = new Set<string>();

  /**
   * The ids of up to `limit` records with a word starting with each of `words`, in the order the
   * copy holds them; null while the copy is not ready, and the caller asks IndexedDB instead.
   */
  candidates(words: readonly string[], isInactiveIncluded: boolean, limit: number) {
    if (this.state !== 'ready') return null;
    const prefixes = words.map((word) => separator + word);
    const found: string[] = [];
    for (const [id, entry] of this.entries) {
      if (!isInactiveIncluded && entry[0] !== activeMark) continue;
      if (!prefixes.every((prefix) => entry.includes(prefix))) continue;
      found.push(id);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Reads every record of the table in chunks; a drop of the copy meanwhile ends it. */
  async fill(): Promise<void> {
    if (this.state !== 'unfilled') return;
    const table = this.table();
    this.state = 'filling';
    const generation = this.generation;
    try {
      let lastId: string | null = null;
      for (;;) {
        const range: Collection<Searchable, string> =
          lastId === null ? table.toCollection() : table.where(':id').above(lastId);
        // Apart from whichever transaction the search that asked for the fill is in.
        const chunk: Searchable[] = await Dexie.ignoreTransaction(() =>
          range.limit(fillChunkSize).toArray(),
        );
        if (generation !== this.generation) return;
        for (const record of chunk) {
          if (!this.writtenDuringFill.has(record.id)) this.entries.set(record.id, entryOf(record));
        }
        lastId = chunk.at(-1)?.id ?? null;
        if (chunk.length < fillChunkSize) break;
        // Let the till handle keys and pages between two chunks.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (generation !== this.generation) return;
      }
      this.state = 'ready';
      this.writtenDuringFill.clear();
    } catch {
      // Closed meanwhile, or a read failed: the next search, or opening, fills it again.
      if (generation === this.generation) this.drop();
    }
  }

  /** A table just created holds nothing: the copy is complete without a read. */
  startEmpty(): void {
    this.drop();
    this.state = 'ready';
  }

  /** Forgets everything and reads the table again, in the background. */
  refill(): void {
    this.drop();
    // Apart from the transaction whose end brought the refill about.
    setTimeout(() => void this.fill(), 0);
  }

  /** Forgets everything; the next search, or the next opening, fills the copy again. */
  drop(): void {
    this.generation += 1;
    this.entries = new Map();
    this.writtenDuringFill = new Set();
    this.state = 'unfilled';
  }

  isReady(): boolean {
    return this.state === 'ready';
  }

  /** A write this connection made to the table, as it went to IndexedDB. */
  follow(request: DBCoreMutateRequest, response: DBCoreMutateResponse): void {
    if (this.state === 'unfilled') return;
    switch (request.type) {
      case 'add':
      case 'put':
        request.values.forEach((value: Searchable, position) => {
          if (position in response.failures) return;
          this.entries.set(value.id, entryOf(value));
          if (this.state === 'filling') this.writtenDuringFill.add(value.id);
        });
        return;
      case 'delete':
        request.keys.forEach((key: string, position) => {
          if (position in response.failures) return;
          this.entries.delete(key);
          if (this.state === 'filling') this.writtenDuringFill.add(key);
        });
        return;
      case 'deleteRange':
        this.refill();
        return;
    }
  }
}

function entryOf(record: Searchable): Entry {
  const mark = record.isActive ? activeMark : inactiveMark;
  return mark + separator + record.searchWords.join(separator);
}

const indexesByDatabase = new WeakMap<Dexie, Record<SearchedTable, MemorySearchIndex>>();

/** The copy of one table's search words for this connection; attached when it was made. */
export function memorySearchIndex(db: Dexie, table: SearchedTable): MemorySearchIndex | null {
  return indexesByDatabase.get(db)?.[table] ?? null;
}

/**
 * Gives the connection its copies: the middleware that keeps them, a fill once the database
 * is open, a refill after another connection's commit, and a drop when it closes.
 */
export function attachMemorySearchIndexes(db: Dexie): void {
  const indexes: Record<SearchedTable, MemorySearchIndex> = {
    customers: new MemorySearchIndex(() => db.table('customers')),
    products: new MemorySearchIndex(() => db.table('products')),
  };
  indexesByDatabase.set(db, indexes);
  /** What this connection's own transactions announce on commit, to tell them from others'. */
  const ownCommits = new WeakSet<ObservabilitySet>();
  db.use(followingMiddleware(indexes, ownCommits));

  // A database created by this opening is empty, and Dexie then announces all of it as changed
  // once: the copies start complete, and that announcement is no one else's commit. A fresh
  // till thus reads nothing at opening, where its first sync is what it waits for.
  let isCreated = false;
  let isCreationAnnounced = false;
  db.on('populate', () => {
    isCreated = true;
  });

  const onCommit = (parts: ObservabilitySet) => {
    if (ownCommits.has(parts)) return;
    const isEveryTable = db.tables.every((table) => `idb://${db.name}/${table.name}/` in parts);
    if (isCreated && !isCreationAnnounced && isEveryTable) {
      isCreationAnnounced = true;
      return;
    }
    for (const name of searchedTables) {
      const prefix = `idb://${db.name}/${name}/`;
      if (Object.keys(parts).some((part) => part.startsWith(prefix))) indexes[name].refill();
    }
  };
  // Sticky: filled again on every opening. Not awaited: the store opens without waiting for it.
  db.on(
    'ready',
    () => {
      Dexie.on('storagemutated', onCommit);
      for (const name of searchedTables) {
        if (isCreated) indexes[name].startEmpty();
        else void indexes[name].fill();
      }
    },
    true,
  );
  db.on('close', () => {
    Dexie.on('storagemutated').unsubscribe(onCommit);
    isCreated = false;
    isCreationAnnounced = false;
    for (const name of searchedTables) indexes[name].drop();
  });
}

function followingMiddleware(
  indexes: Record<SearchedTable, MemorySearchIndex>,
  ownCommits: WeakSet<ObservabilitySet>,
) {
  return {
    stack: 'dbcore',
    name: 'memorySearchIndex',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (tableName: string): DBCoreTable => {
        const table = down.table(tableName);
        const index = (indexes as Record<string, MemorySearchIndex | undefined>)[tableName];
        if (!index) return table;
        return {
          ...table,
          mutate: async (request) => {
            const response = await table.mutate(request);
            index.follow(request, response);
            // Dexie's observability, beneath this middleware, has gathered by now what the
            // transaction will announce when it commits.
            const { mutatedParts } = request.trans as { mutatedParts?: ObservabilitySet };
            if (mutatedParts) ownCommits.add(mutatedParts);
            onAbort(request.trans, () => index.refill());
            return response;
          },
        };
      },
    }),
  } satisfies Middleware<DBCore>;
}

/** IndexedDB's transaction under Dexie's: an abort undoes writes the copy already followed. */
function onAbort(transaction: DBCoreTransaction, dropCopy: () => void): void {
  const events = transaction as Partial<Pick<EventTarget, 'addEventListener'>>;
  if (typeof events.addEventListener === 'function') {
    events.addEventListener('abort', dropCopy, { once: true });
  } else {
    dropCopy();
  }
}
