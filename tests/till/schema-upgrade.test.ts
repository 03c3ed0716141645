// A till that cached its store under version 1 of the local schema opens it under the current
// one: nothing it held is lost (catalogue, orders, outbox, pending movements, sync state), the
// cached search words are those of today's folding, so an old "Crèvecœur" is found by
// "crevecoeur", the e-mail index is gone while the lookups that remain still answer, and the
// products learn whether they are services (the wallet credit is one) while the tables of
// version 3, the staff and the till sessions, start empty.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { TillDatabase } from '../../renderer/store/database.ts';
import { findCustomerByCardBarcode, searchCustomers } from '../../renderer/store/search.ts';
import { readWalletView } from '../../renderer/store/wallet-view.ts';
import {
  balanceAt,
  cachedProduct,
  customer,
  openLocalDatabase,
  pendingWalletOrder,
  uniqueDatabaseName,
} from './local-records.ts';

/** Version 1 exactly as the first release shipped it, to write a store the way it did. */
const version1Stores = {
  customers: 'id, *searchWords, email, cardBarcode, walletId',
  households: 'id',
  products: 'id, *searchWords, barcode',
  paymentMethods: 'id, sortOrder',
  settings: 'key',
  orders: 'id, order.sequence, order.createdAt, status',
  outbox: 'orderId, sequence, nextAttemptAt',
  pendingMovements: 'orderId, walletId',
  syncState: 'key',
};

/** Words as version 1 made them: accents dropped, split at anything but letters, digits, @ and. */
function version1Words(...texts: (string | null)[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    const folded = (text ?? '')
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase();
    for (const word of folded.split(/[^\p{L}\p{N}@.]+/u)) if (word) words.add(word);
  }
  return [...words];
}

describe('the local store upgraded from version 1', () => {
  const opened: Dexie[] = [];
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  async function writeVersion1Store(name: string) {
    const legacy = new Dexie(name);
    opened.push(legacy);
    legacy.version(1).stores(version1Stores);
    const people = [
      customer({ name: 'Anne Crèvecœur', cardBarcode: '2990000000019', walletBalanceMinor: 4_000 }),
      customer({ name: "Luc D'Hondt", email: 'luc@example.org' }),
      customer({ name: 'Marie Dupont-Léger' }),
    ];
    const rows = people.map((person) => ({
      ...person,
      searchWords: version1Words(person.name, person.email, person.cardBarcode),
      balanceAt,
    }));
    const jam = cachedProduct({ name: 'Confiture Œillet', barcode: '5400000000031' });
    const credit = cachedProduct({ name: 'Crédit', isWalletCredit: true, taxRateBasisPoints: 0 });
    const sale = pendingWalletOrder(people[0]!.id);
    await legacy.table('customers').bulkPut(rows);
    // Products had no service flag before version 3.
    await legacy.table('products').bulkPut(
      [jam, credit].map(({ isService: _isService, ...product }) => ({
        ...product,
        searchWords: version1Words(product.name, product.barcode),
      })),
    );
    await legacy.table('orders').put(sale);
    await legacy.table('outbox').put({
      orderId: sale.id,
      sequence: sale.order.sequence,
      createdAt: sale.order.createdAt,
      attemptCount: 1,
      nextAttemptAt: sale.order.createdAt,
      lastError: 'offline',
    });
    await legacy.table('pendingMovements').put({
      orderId: sale.id,
      walletId: people[0]!.walletId,
      customerId: people[0]!.id,
      deltaMinor: -500,
      offlineChargeMinor: 500,
      createdAt: sale.order.createdAt,
    });
    await legacy.table('syncState').bulkPut([
      { key: 'cursor', value: 42 },
      { key: 'sequence', value: sale.order.sequence },
    ]);
    legacy.close();
    return { people, jam, credit, sale };
  }

  async function openUpgraded(name: string): Promise<TillDatabase> {
    const db = openLocalDatabase(name);
    opened.push(db);
    await db.open();
    return db;
  }

  it('keeps every record, the outbox and the shown balance', async () => {
    const name = uniqueDatabaseName();
    const { people, jam, credit, sale } = await writeVersion1Store(name);

    const db = await openUpgraded(name);

    expect(db.verno).toBe(3);
    expect(await db.customers.count()).toBe(3);
    const anne = await db.customers.get(people[0]!.id);
    expect(anne).toMatchObject({ ...people[0], balanceAt });
    expect(await db.products.get(jam.id)).toMatchObject({
      barcode: '5400000000031',
      isService: false,
    });
    expect((await db.products.get(credit.id))?.isService).toBe(true);
    expect(await db.staff.count()).toBe(0);
    expect(await db.sessions.count()).toBe(0);
    expect(await db.orders.get(sale.id)).toEqual(sale);
    expect(await db.outbox.get(sale.id)).toMatchObject({ attemptCount: 1, lastError: 'offline' });
    expect((await readWalletView(db, people[0]!.id))?.shownBalanceMinor).toBe(3_500);
    expect(await db.syncState.get('cursor')).toEqual({ key: 'cursor', value: 42 });
  });

  it('computes the search words again, so folded and joined names are found', async () => {
    const name = uniqueDatabaseName();
    const { people, jam } = await writeVersion1Store(name);

    const db = await openUpgraded(name);

    expect((await db.customers.get(people[0]!.id))?.searchWords).toEqual([
      'anne',
      'crevecoeur',
      '2990000000019',
    ]);
    expect((await db.customers.get(people[1]!.id))?.searchWords).toEqual([
      'luc',
      'd',
      'hondt',
      'dhondt',
      'luc@example.org',
    ]);
    expect((await db.products.get(jam.id))?.searchWords).toEqual([
      'confiture',
      'oeillet',
      '5400000000031',
    ]);
    const names = async (text: string) =>
      (await searchCustomers(db, text)).map((found) => found.name);
    expect(await names('crevecoeur')).toEqual(['Anne Crèvecœur']);
    expect(await names("d'hondt")).toEqual(["Luc D'Hondt"]);
    expect(await names('dupont-leger')).toEqual(['Marie Dupont-Léger']);
  });

  it('drops the e-mail index and keeps the lookups by card, wallet and barcode', async () => {
    const name = uniqueDatabaseName();
    const { people } = await writeVersion1Store(name);

    const db = await openUpgraded(name);

    const indexes = db.customers.schema.indexes.map((index) => index.name);
    expect(indexes.sort()).toEqual(['cardBarcode', 'searchWords', 'walletId']);
    expect((await findCustomerByCardBarcode(db, '2990000000019'))?.id).toBe(people[0]!.id);
    expect(await db.customers.where('walletId').equals(people[1]!.walletId).count()).toBe(1);
    expect(await db.products.where('barcode').equals('5400000000031').count()).toBe(1);
    expect((await searchCustomers(db, 'luc@exa')).map((found) => found.id)).toEqual([
      people[1]!.id,
    ]);
  });

  it('creates a new store at the current version with the same tables', async () => {
    const db = await openUpgraded(uniqueDatabaseName());
    expect(db.verno).toBe(3);
    const version3Tables = [...Object.keys(version1Stores), 'staff', 'sessions'];
    expect(db.tables.map((table) => table.name).sort()).toEqual(version3Tables.sort());
  });
});
