// The store settings and payment methods that every sale reads, kept in memory between sales.
// They change only when a pull brings new ones, yet reading both from IndexedDB made two of the
// requests each sale waits for. Any committed write to either table, by a pull or anyone else,
// through this connection or another one to the same database, drops the copy: Dexie announces a
// committed change (`storagemutated`) as the transaction completes, before the writer's own code
// goes on, so a sale that starts once a pull has landed never reads what the pull replaced.
import Dexie, { type ObservabilitySet } from 'dexie';
import type { PaymentMethod, StoreSettings } from '../../shared/domain.ts';
import type { TillDatabase } from './database.ts';

export interface SaleSettings {
  settings: StoreSettings | null;
  /** Every method, active or not, in no particular order: as the wallet rules take them. */
  paymentMethods: readonly PaymentMethod[];
}

/** The settings and payment methods as last committed, from memory while nothing changed them. */
export function readSaleSettings(db: TillDatabase): Promise<SaleSettings> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new SaleSettingsCache(db);
    caches.set(db, cache);
  }
  return cache.read();
}

const caches = new WeakMap<TillDatabase, SaleSettingsCache>();

class SaleSettingsCache {
  /** The read under way or done; shared by the sales that ask meanwhile. */
  private value: Promise<SaleSettings> | null = null;
  private isWatching = false;
  private readonly watchedParts: readonly string[];

  constructor(private readonly db: TillDatabase) {
    this.watchedParts = [db.settings.name, db.paymentMethods.name].map(
      (table) => `idb://${db.name}/${table}/`,
    );
    // A closed database hears of no change; it reads afresh, and watches again, once reopened.
    db.on('close', () => {
      this.value = null;
      if (this.isWatching) Dexie.on('storagemutated').unsubscribe(this.onMutated);
      this.isWatching = false;
    });
  }

  read(): Promise<SaleSettings> {
    if (!this.isWatching) {
      Dexie.on('storagemutated', this.onMutated);
      this.isWatching = true;
    }
    this.value ??= this.load();
    return this.value;
  }

  private load(): Promise<SaleSettings> {
    const { db } = this;
    // Shared by every caller, so read apart from whichever transaction the first one is in.
    const loading = Dexie.ignoreTransaction(() =>
      db.transaction('r', [db.settings, db.paymentMethods], async () => {
        const [row, methods] = await Promise.all([
          db.settings.get('store'),
          db.paymentMethods.toArray(),
        ]);
        // Frozen: every sale shares these objects, so one that changed them would be a bug.
        const settings = row ? Object.freeze(row.value as StoreSettings) : null;
        const paymentMethods = Object.freeze(methods.map((method) => Object.freeze(method)));
        return { settings, paymentMethods };
      }),
    );
    // A failed read is not kept: the next sale tries again.
    loading.catch(() => {
      if (this.value === loading) this.value = null;
    });
    return loading;
  }

  private readonly onMutated = (parts: ObservabilitySet): void => {
    const isWatchedTable = Object.keys(parts).some((part) =>
      this.watchedParts.some((prefix) => part.startsWith(prefix)),
    );
    if (isWatchedTable) this.value = null;
  };
}
