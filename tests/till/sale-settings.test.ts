// The store settings and payment methods a sale reads come from memory while nothing changed
// them, and from the database again as soon as anything did: a pull page, any other write, a
// write through another connection to the same database, or one that lands while a read is on
// its way. A stale copy here would let a till sell past limits the manager just lowered.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import type { DBCore, DBCoreTable } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentMethod, StoreSettings } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import type { PullResponse } from '../../shared/protocol.ts';
import type { TillDatabase } from '../../renderer/store/database.ts';
import { readSaleSettings } from '../../renderer/store/sale-settings.ts';
import { applyPullPage } from '../../renderer/sync/apply-pull.ts';
import { openLocalDatabase, uniqueDatabaseName } from './local-records.ts';

const settings: StoreSettings = {
  version: 1,
  storeName: 'Épicerie',
  currency: 'EUR',
  locale: 'fr-BE',
  walletTopUpProductId: null,
  offlineWalletLimits: {
    perPaymentMaxMinor: 5_000,
    perCustomerMaxMinor: 10_000,
    cachedBalanceMaxAgeMinutes: 1_440,
  },
  walletHoldMinutes: 15,
  receiptHeader: '',
  receiptFooter: '',
};

function method(name: string, kind: PaymentMethod['kind']): PaymentMethod {
  return {
    id: newId(),
    name,
    kind,
    minimumWalletMinor: 0,
    requiresCustomer: kind === 'wallet',
    sortOrder: 1,
    isActive: true,
  };
}

function page(overrides: Partial<PullResponse>): PullResponse {
  return {
    cursor: 1,
    hasMore: false,
    latestCursor: 1,
    customers: [],
    households: [],
    products: [],
    paymentMethods: [],
    staff: [],
    settings: null,
    serverTime: '2026-01-05T09:00:00.000Z',
    ...overrides,
  };
}

interface ReadWatch {
  count: number;
  /** Run once, as the next read request is sent. */
  onNextRead: (() => void) | null;
}

/** Counts the requests that reach IndexedDB for the settings and the payment methods. */
function countReads(db: TillDatabase): ReadWatch {
  const reads: ReadWatch = { count: 0, onNextRead: null };
  const noteRead = () => {
    reads.count += 1;
    const onRead = reads.onNextRead;
    reads.onNextRead = null;
    onRead?.();
  };
  db.use({
    stack: 'dbcore',
    name: 'countSettingsReads',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (tableName: string): DBCoreTable => {
        const table = down.table(tableName);
        if (tableName !== 'settings' && tableName !== 'paymentMethods') return table;
        return {
          ...table,
          get: (request) => {
            noteRead();
            return table.get(request);
          },
          query: (request) => {
            noteRead();
            return table.query(request);
          },
        };
      },
    }),
  });
  return reads;
}

describe('the settings a sale reads', () => {
  const opened: TillDatabase[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  async function storeWith(name = uniqueDatabaseName()) {
    const db = openLocalDatabase(name);
    opened.push(db);
    const reads = countReads(db);
    const cash = method('Espèces', 'cash');
    await applyPullPage(db, page({ settings, paymentMethods: [cash] }), {
      previousCursor: 0,
      pulledAt: '2026-01-05T09:00:00.000Z',
      settledOrderIds: [],
    });
    return { db, reads, cash };
  }

  it('are read from the database once while nothing changes them', async () => {
    const { db, reads, cash } = await storeWith();

    const first = await readSaleSettings(db);
    const readsAfterFirst = reads.count;
    const again = await Promise.all([readSaleSettings(db), readSaleSettings(db)]);

    expect(first).toEqual({ settings, paymentMethods: [cash] });
    expect(readsAfterFirst).toBeGreaterThan(0);
    expect(again).toEqual([first, first]);
    expect(reads.count).toBe(readsAfterFirst);
    expect(Object.isFrozen(first.settings)).toBe(true);
    expect(Object.isFrozen(first.paymentMethods)).toBe(true);
  });

  it('are read again once a pull brings new settings or payment methods', async () => {
    const { db, cash } = await storeWith();
    await readSaleSettings(db);
    const lowered = {
      ...settings,
      version: 2,
      offlineWalletLimits: { ...settings.offlineWalletLimits, perPaymentMaxMinor: 1_000 },
    };
    const wallet = method('Portefeuille', 'wallet');

    await applyPullPage(db, page({ cursor: 2, settings: lowered }), {
      previousCursor: 1,
      pulledAt: '2026-01-05T09:01:00.000Z',
      settledOrderIds: [],
    });
    expect((await readSaleSettings(db)).settings).toEqual(lowered);

    await applyPullPage(db, page({ cursor: 3, paymentMethods: [wallet] }), {
      previousCursor: 2,
      pulledAt: '2026-01-05T09:02:00.000Z',
      settledOrderIds: [],
    });
    const methods = (await readSaleSettings(db)).paymentMethods;
    expect(methods.map((known) => known.id).sort()).toEqual([cash.id, wallet.id].sort());
  });

  it('are read again after a write through another connection to the same database', async () => {
    const name = uniqueDatabaseName();
    const { db } = await storeWith(name);
    await readSaleSettings(db);
    const other = openLocalDatabase(name);
    opened.push(other);

    await other.settings.put({ key: 'store', value: { ...settings, storeName: 'Autre' } });

    expect((await readSaleSettings(db)).settings?.storeName).toBe('Autre');
  });

  it('never keep what a read found while a write was landing', async () => {
    const name = uniqueDatabaseName();
    const { db, reads } = await storeWith(name);
    const other = openLocalDatabase(name);
    opened.push(other);
    // The write starts once the read is under way, so it lands after the read saw the old rows.
    const writes: Promise<void>[] = [];
    reads.onNextRead = () => writes.push(other.paymentMethods.clear());

    const under = await readSaleSettings(db);
    await Promise.all(writes);

    expect(writes).toHaveLength(1);
    expect(under.paymentMethods).toHaveLength(1);
    expect((await readSaleSettings(db)).paymentMethods).toEqual([]);
  });

  it('are read afresh when the database is opened again', async () => {
    const { db } = await storeWith();
    await readSaleSettings(db);
    db.close();
    const other = openLocalDatabase(db.name);
    opened.push(other);
    await other.settings.put({ key: 'store', value: { ...settings, storeName: 'Rouvert' } });
    other.close();

    await db.open();

    expect((await readSaleSettings(db)).settings?.storeName).toBe('Rouvert');
  });
});
