// The till's cache against a real ledger server: the first download page by page with its
// progress, then only what changed, brought by a poke within the second, and searched without
// accents the way a cashier types.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoreSettings, readSyncState } from '../../renderer/store/database.ts';
import {
  findCustomerByCardBarcode,
  findProductByBarcode,
  searchCustomers,
  searchProducts,
} from '../../renderer/store/search.ts';
import type { FirstSyncProgress } from '../../renderer/sync/types.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  openTill,
  serverBalance,
  startSynced,
  waitForDb,
  waitOnline,
  type TestTill,
} from './support.ts';

const extraCustomerCount = 25;

describe('till cache on sqlite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    for (let index = 0; index < extraCustomerCount; index += 1) {
      await server.ledger.createCustomer({
        name: `Client ${index}`,
        isWalletUser: index % 2 === 0,
      });
    }
    await server.ledger.createCustomer({
      name: 'Gérard Lefèvre',
      email: 'gerard@example.org',
      cardBarcode: '2990000000019',
      isWalletUser: true,
    });
    await server.ledger.createCustomer({ name: 'Marie Dupont-Léger', isWalletUser: true });
    await server.ledger.createCustomer({ name: 'Élodie Martin', isWalletUser: false });
    await server.ledger.createProduct({
      name: 'Pâté de campagne',
      barcode: '5400000000031',
      priceMinor: 690,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
    });
  });
  afterAll(() => server.close());

  async function latestServerCursor(): Promise<number> {
    return (await server.ledger.pull({ cursor: 0, limit: 1 })).latestCursor;
  }

  it('downloads the whole catalogue page by page, showing its progress', async () => {
    const till = openTill(server, { engine: { pullPageSize: 10 } });
    const progress: FirstSyncProgress[] = [];
    const subscription = till.engine.status$.subscribe((status) => {
      // The status is sent again on every change; each progress step is kept once.
      if (status.firstSync && status.firstSync !== progress.at(-1)) progress.push(status.firstSync);
    });
    try {
      await startSynced(till);
      const customerCount = 2 + extraCustomerCount + 3;
      expect(await till.db.customers.count()).toBe(customerCount);
      expect(await till.db.products.count()).toBe(4);
      expect(await till.db.paymentMethods.count()).toBe(3);
      expect((await readStoreSettings(till.db))?.walletTopUpProductId).toBe(server.store.topUp.id);
      const latest = await latestServerCursor();
      expect(await readSyncState<number>(till.db, 'cursor')).toBe(latest);

      // 36 changes in pages of 10: several steps, each further than the last, ending at the top.
      expect(progress.length).toBeGreaterThanOrEqual(3);
      for (const [index, step] of progress.entries()) {
        expect(step.loaded).toBeLessThanOrEqual(step.total);
        if (index > 0) expect(step.loaded).toBeGreaterThan(progress[index - 1]!.loaded);
      }
      expect(progress.at(-1)).toEqual({ loaded: latest, total: latest });
      expect(till.engine.isOnline()).toBe(true);
      const status = await firstValueFrom(till.engine.status$);
      expect(status.firstSync).toBeNull();
      expect(status.lastSuccessAt).not.toBeNull();

      const alice = await till.db.customers.get(server.store.alice.id);
      expect(alice?.walletBalanceMinor).toBe(10_000);
      expect(alice?.searchWords).toEqual(['alice', 'dupont']);
      expect(Date.parse(alice?.balanceAt ?? '')).not.toBeNaN();
    } finally {
      subscription.unsubscribe();
      await till.close();
    }
  });

  it('then pulls only what changed on the server since its cursor', async () => {
    const till = openTill(server);
    try {
      await startSynced(till);
      const cursorBefore = (await readSyncState<number>(till.db, 'cursor')) ?? 0;
      const customerCountBefore = await till.db.customers.count();
      const balanceBefore = await serverBalance(server, server.store.alice.id);
      await server.ledger.bookWalletTransfer({
        kind: 'bank_top_up',
        customerId: server.store.alice.id,
        amountMinor: 2_500,
        description: 'Virement',
      });
      const coffee = await server.ledger.createProduct({
        name: 'Café équitable',
        barcode: null,
        priceMinor: 895,
        taxRateBasisPoints: 600,
        isWalletCredit: false,
      });
      till.network.requests.length = 0;

      await till.engine.pullNow();

      const pulls = till.network.requests.filter((path) => path.startsWith('/v1/pull'));
      expect(pulls[0]).toContain(`cursor=${cursorBefore}&`);
      expect(await readSyncState<number>(till.db, 'cursor')).toBe(await latestServerCursor());
      const alice = await till.db.customers.get(server.store.alice.id);
      expect(alice?.walletBalanceMinor).toBe(balanceBefore + 2_500);
      expect((await till.db.products.get(coffee.id))?.searchWords).toEqual(['cafe', 'equitable']);
      expect(await till.db.customers.count()).toBe(customerCountBefore);
    } finally {
      await till.close();
    }
  });

  it('learns of a balance change from the server poke, without waiting for its timer', async () => {
    // The fallback pull is an hour away: only the poke can bring the change in this test.
    const till = openTill(server, { engine: { pullIntervalMs: 3_600_000 } });
    try {
      await startSynced(till);
      const before = (await till.db.customers.get(server.store.alice.id))?.walletBalanceMinor;
      expect(before).toBeDefined();
      await server.ledger.bookWalletTransfer({
        kind: 'bank_top_up',
        customerId: server.store.alice.id,
        amountMinor: 700,
        description: 'Virement',
      });
      const alice = await waitForDb(
        () => till.db.customers.get(server.store.alice.id),
        (customer) => customer?.walletBalanceMinor === (before ?? 0) + 700,
      );
      expect(alice?.walletBalanceMinor).toBe((before ?? 0) + 700);
    } finally {
      await till.close();
    }
  });

  it('finds customers and products by accent-free prefixes, and by scanned codes', async () => {
    const till = openTill(server);
    try {
      await startSynced(till);
      const names = async (text: string) =>
        (await searchCustomers(till.db, text)).map((customer) => customer.name);

      expect(await names('gerard')).toEqual(['Gérard Lefèvre']);
      expect(await names('LEFE')).toEqual(['Gérard Lefèvre']);
      expect(await names('dup mar')).toEqual(['Marie Dupont-Léger']);
      expect(await names('leger')).toEqual(['Marie Dupont-Léger']);
      expect(await names('élo')).toEqual(['Élodie Martin']);
      expect(await names('mar')).toEqual(['Bob Martin', 'Élodie Martin', 'Marie Dupont-Léger']);
      expect(await names('gerard@exa')).toEqual(['Gérard Lefèvre']);
      expect(await names('zzz')).toEqual([]);
      expect(await names('   ')).toEqual([]);
      expect((await searchProducts(till.db, 'pate camp')).map((p) => p.name)).toEqual([
        'Pâté de campagne',
      ]);
      expect((await findProductByBarcode(till.db, '5400000000017'))?.id).toBe(
        server.store.bread.id,
      );
      expect((await findCustomerByCardBarcode(till.db, '2990000000019'))?.name).toBe(
        'Gérard Lefèvre',
      );
      expect(await findProductByBarcode(till.db, '0000000000000')).toBeNull();
    } finally {
      await till.close();
    }
  });

  it('stays offline and pulls nothing while the server cannot be reached', async () => {
    const till = openTill(server);
    till.network.isDown = true;
    try {
      till.engine.start();
      await waitForHeartbeats(till, 3);
      expect(till.engine.isOnline()).toBe(false);
      await expect(till.engine.pullNow()).rejects.toThrow(/network is down/);
      expect(await till.db.customers.count()).toBe(0);
      expect(await till.engine.refreshCustomer(server.store.alice.id)).toBeNull();

      till.network.isDown = false;
      await waitOnline(till.engine, true);
      await waitForDb(
        () => till.db.customers.count(),
        (count) => count > 0,
      );
    } finally {
      await till.close();
    }
  });
});

/** Waits until the till has sent `count` heartbeats, whatever they were answered. */
async function waitForHeartbeats(till: TestTill, count: number): Promise<void> {
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    const sent = till.network.requests.filter((path) => path === '/health').length;
    if (sent >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the heartbeat never ran');
}
