// A till that loses its server, sells on, and comes back: offline wallet sales within the store's
// limits, the outbox drained on reconnect with every order booked exactly once, a refused order
// taken out of the outbox without holding back the others, a refresh that shows another till's
// spend without forgetting this till's own, and a shown balance that survives closing the
// database.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Order } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { validateSale } from '../../renderer/sale/validate-sale.ts';
import { toCachedProduct } from '../../renderer/store/records.ts';
import { readWalletView } from '../../renderer/store/wallet-view.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { line, makeOrder, pay } from '../support/store.ts';
import {
  bookedTimes,
  draft,
  openTill,
  serverBalance,
  startSynced,
  waitForDrained,
  waitForStatus,
  waitOnline,
  type TestTill,
} from './support.ts';

const openingBalanceMinor = 30_000;
const hourMs = 3_600_000;

describe('a till offline and back on sqlite', () => {
  let server: TestServer;
  let till: TestTill;
  beforeEach(async () => {
    server = await startTestServer('sqlite', { walletBalanceMinor: openingBalanceMinor });
    till = openTill(server);
    await startSynced(till);
  });
  afterEach(async () => {
    await till.close();
    await server.close();
  });

  const store = () => server.store;
  async function cached(customerId: string): Promise<Customer> {
    const customer = await till.db.customers.get(customerId);
    if (!customer) throw new Error(`customer ${customerId} is not in the cache`);
    return customer;
  }
  async function shownBalance(customerId: string, db = till.db): Promise<number | undefined> {
    return (await readWalletView(db, customerId))?.shownBalanceMinor;
  }
  /** A soap bought with `walletMinor` from the wallet and the rest in cash. */
  function walletSale(customer: Customer, walletMinor: number, soapCount = 5) {
    const soaps = line(store().soap, soapCount * 1_000);
    const payments = [pay(store().wallet, walletMinor)];
    if (soaps.totalMinor > walletMinor)
      payments.push(pay(store().cash, soaps.totalMinor - walletMinor));
    return draft({ customer, lines: [soaps], payments });
  }
  async function goOffline(): Promise<void> {
    till.network.isDown = true;
    await waitOnline(till.engine, false);
  }

  it('sells from the wallet offline within limits, provisionally, booked on return', async () => {
    const alice = await cached(store().alice.id);
    await goOffline();
    // The store's defaults: 50,00 per payment, 100,00 per customer, a day-old balance at most.
    const first = walletSale(alice, 2_500);
    const second = walletSale(alice, 4_000);
    const cash = draft({ lines: [line(store().bread)], payments: [pay(store().cash, 405)] });

    const outcomes = [
      await validateSale(till.deps, first),
      await validateSale(till.deps, second),
      await validateSale(till.deps, walletSale(alice, 5_001, 6)),
      await validateSale(till.deps, walletSale(alice, 4_000)),
      await validateSale(till.deps, cash),
    ];

    expect(outcomes).toEqual([
      {
        ok: true,
        orderId: first.orderId,
        walletBalanceAfterMinor: openingBalanceMinor - 2_500,
        isBalanceProvisional: true,
      },
      {
        ok: true,
        orderId: second.orderId,
        walletBalanceAfterMinor: openingBalanceMinor - 6_500,
        isBalanceProvisional: true,
      },
      { ok: false, reason: 'offline_payment_limit' },
      { ok: false, reason: 'offline_customer_limit' },
      {
        ok: true,
        orderId: cash.orderId,
        walletBalanceAfterMinor: null,
        isBalanceProvisional: false,
      },
    ]);
    const stored = await till.db.orders.get(first.orderId);
    expect(stored?.order).toMatchObject({ isOffline: true, walletAuthorizationId: null });
    expect((await till.db.pendingMovements.get(second.orderId))?.offlineChargeMinor).toBe(4_000);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 6_500);
    const offlineStatus = await waitForStatus(till.engine, (status) => status.pendingCount === 3);
    expect(offlineStatus.isOnline).toBe(false);
    expect(offlineStatus.oldestPendingAt).toBe(stored?.order.createdAt);
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor);

    till.network.isDown = false;
    await waitForDrained(till.db);

    const orderIds = [first.orderId, second.orderId, cash.orderId];
    expect(await bookedTimes(server, orderIds)).toEqual([1, 1, 1]);
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor - 6_500);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 6_500);
    expect(await till.db.pendingMovements.count()).toBe(0);
    expect(await server.ledger.check()).toEqual([]);
    // Sent again, as a till that lost every answer would: the server books nothing twice.
    const orders = (await till.db.orders.bulkGet(orderIds)).map((tillOrder) => tillOrder!.order);
    const resent = await server.ledger.push(await tillOf(server), orders);
    expect(resent.results.map((result) => result.status)).toEqual(['exists', 'exists', 'exists']);
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor - 6_500);
  });

  it('refuses an offline wallet payment against a cached balance older than allowed', async () => {
    const alice = await cached(store().alice.id);
    await goOffline();
    const tomorrow = () => new Date(Date.now() + 25 * hourMs);
    const deps = { ...till.deps, now: tomorrow };

    expect(await validateSale(deps, walletSale(alice, 405, 1))).toEqual({
      ok: false,
      reason: 'cached_balance_too_old',
    });
    // Cash, and a top-up onto the wallet, still go through: only spending needs a fresh balance.
    const cash = await validateSale(
      deps,
      draft({ lines: [line(store().bread)], payments: [pay(store().cash, 405)] }),
    );
    const topUp = await validateSale(
      deps,
      draft({
        customer: alice,
        lines: [line(store().topUp, 10_000)],
        payments: [pay(store().cash, 1_000)],
      }),
    );
    expect([cash.ok, topUp.ok]).toEqual([true, true]);
    expect(topUp).toMatchObject({
      walletBalanceAfterMinor: openingBalanceMinor + 1_000,
      isBalanceProvisional: true,
    });
  });

  it('books an order once when its push answer was lost, showing the right balance', async () => {
    const alice = await cached(store().alice.id);
    till.network.lostAnswers.set('/v1/push', 1);

    const sale = walletSale(alice, 1_250, 1);
    expect(await validateSale(till.deps, sale)).toMatchObject({ ok: true });
    await waitForDrained(till.db);

    expect(await bookedTimes(server, [sale.orderId])).toEqual([1]);
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor - 1_250);
    // Right away, whether or not the till has pulled since: never counted twice, nor lost.
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 1_250);
    await till.engine.pullNow();
    expect(await till.db.pendingMovements.count()).toBe(0);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 1_250);
  });

  it('settles an order whose answer was lost with the balance of the next booking', async () => {
    // No pull can help here: the balance that settles the first order is the one the server
    // gives with the second order on the same wallet.
    const alice = await cached(store().alice.id);
    till.network.failingPaths.add('/v1/pull');
    till.network.lostAnswers.set('/v1/push', 1);
    const first = walletSale(alice, 1_250, 1);
    expect(await validateSale(till.deps, first)).toMatchObject({ ok: true });
    await waitForDrained(till.db);
    expect(await till.db.pendingMovements.get(first.orderId)).toBeDefined();
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 1_250);

    const second = walletSale(alice, 405, 1);
    expect(await validateSale(till.deps, second)).toMatchObject({ ok: true });
    await waitForDrained(till.db);

    expect(await till.db.pendingMovements.count()).toBe(0);
    expect((await cached(alice.id)).walletBalanceMinor).toBe(openingBalanceMinor - 1_655);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 1_655);
    expect(await bookedTimes(server, [first.orderId, second.orderId])).toEqual([1, 1]);
  });

  it('drops a pending movement the server says it booked, at the next pull', async () => {
    // The push was booked but its answer lost, and pushes then fail: only the reconciliation
    // after a pull can tell the till that its movement is already in the pulled balance.
    const alice = await cached(store().alice.id);
    till.network.lostAnswers.set('/v1/push', 1);
    const sale = walletSale(alice, 1_250, 1);
    expect(await validateSale(till.deps, sale)).toMatchObject({ ok: true });
    await waitForBooked(server, sale.orderId);
    till.network.failingPaths.add('/v1/push');

    await till.engine.pullNow();

    expect((await cached(alice.id)).walletBalanceMinor).toBe(openingBalanceMinor - 1_250);
    expect(await till.db.pendingMovements.count()).toBe(0);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 1_250);
    expect(await till.db.outbox.count()).toBe(1);

    till.network.failingPaths.delete('/v1/push');
    await till.engine.pushNow();
    expect((await till.db.orders.get(sale.orderId))?.status).toBe('synced');
    expect(await bookedTimes(server, [sale.orderId])).toEqual([1]);
  });

  it('drops an outbox item whose order is gone, and books the orders beside it', async () => {
    till.network.failingPaths.add('/v1/push');
    const sale = draft({ lines: [line(store().bread)], payments: [pay(store().cash, 405)] });
    expect(await validateSale(till.deps, sale)).toMatchObject({ ok: true });
    const orphanId = newId();
    await till.db.outbox.put({
      orderId: orphanId,
      sequence: 0,
      createdAt: new Date().toISOString(),
      attemptCount: 0,
      nextAttemptAt: new Date().toISOString(),
      lastError: null,
    });

    till.network.failingPaths.delete('/v1/push');
    await till.engine.pushNow();

    expect(await till.db.outbox.count()).toBe(0);
    expect(await statusesOf(till, [sale])).toEqual(['synced']);
    expect(await bookedTimes(server, [sale.orderId])).toEqual([1]);
  });

  it('takes a refused order out without holding back the others, and retries it', async () => {
    // The cache knows a product the server does not have yet, as after a catalogue mix-up.
    const jam = toCachedProduct({
      id: newId(),
      name: 'Confiture',
      barcode: null,
      priceMinor: 550,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
      isService: false,
      isActive: true,
    });
    await till.db.products.put(jam);
    const alice = await cached(store().alice.id);
    till.network.failingPaths.add('/v1/push');
    const before = draft({ lines: [line(store().bread)], payments: [pay(store().cash, 405)] });
    const refused = draft({
      customer: alice,
      lines: [line(jam)],
      payments: [pay(store().wallet, 550)],
    });
    const after = draft({ lines: [line(store().soap)], payments: [pay(store().card, 1_250)] });
    for (const sale of [before, refused, after]) {
      expect(await validateSale(till.deps, sale)).toMatchObject({ ok: true });
    }

    till.network.failingPaths.delete('/v1/push');
    await till.engine.pushNow();

    expect(await statusesOf(till, [before, refused, after])).toEqual([
      'synced',
      'failed',
      'synced',
    ]);
    expect((await till.db.orders.get(refused.orderId))?.failure?.reason).toBe('unknown_product');
    const status = await waitForStatus(till.engine, (s) => s.failed.length === 1);
    expect(status.failed[0]).toMatchObject({ orderId: refused.orderId, reason: 'unknown_product' });
    expect(status.pendingCount).toBe(0);
    // The jam left the shop: the shown balance keeps counting it until a manager deals with it.
    expect(await till.db.pendingMovements.get(refused.orderId)).toBeDefined();
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 550);
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor);
    await till.engine.pullNow();
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 550);

    await server.ledger.createProduct({ ...jam, id: jam.id });
    await till.engine.retryFailed(refused.orderId);
    await waitForDrained(till.db);

    expect(await statusesOf(till, [refused])).toEqual(['synced']);
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor - 550);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 550);
    expect((await waitForStatus(till.engine, (s) => s.failed.length === 0)).failed).toEqual([]);
    expect(await server.ledger.check()).toEqual([]);
  });

  it("shows another till's spend on selection, keeping this till's own movement", async () => {
    // Pokes are cut and the fallback pull is far away, so only the refresh can bring the news;
    // pushes fail, so this till's own sale stays pending through it.
    await till.close();
    till = openTill(server, { engine: { pullIntervalMs: 10 * hourMs } });
    till.network.failingPaths.add('/v1/events');
    await startSynced(till);
    const alice = await cached(store().alice.id);
    till.network.failingPaths.add('/v1/push');
    const ours = walletSale(alice, 1_250, 1);
    expect(await validateSale(till.deps, ours)).toMatchObject({ ok: true });
    await spendOnAnotherTill(server, alice, 1_000);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 1_250);

    const refreshed = await till.engine.refreshCustomer(alice.id);

    expect(refreshed?.walletBalanceMinor).toBe(openingBalanceMinor - 1_000);
    expect(await till.db.pendingMovements.get(ours.orderId)).toBeDefined();
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 2_250);

    till.network.failingPaths.delete('/v1/push');
    await till.engine.pushNow();
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor - 2_250);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 2_250);
  });

  it('keeps the cached record, silently, when a refresh cannot reach the server', async () => {
    const alice = await cached(store().alice.id);
    await goOffline();
    const sale = walletSale(alice, 1_250, 1);
    expect(await validateSale(till.deps, sale)).toMatchObject({ ok: true });

    expect(await till.engine.refreshCustomer(alice.id)).toEqual(alice);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 1_250);
  });

  it('keeps the shown balance and the outbox across a restart, and drains afterwards', async () => {
    const alice = await cached(store().alice.id);
    await goOffline();
    const sale = walletSale(alice, 3_000, 3);
    expect(await validateSale(till.deps, sale)).toMatchObject({ ok: true });
    const databaseName = till.databaseName;
    await till.close();

    till = openTill(server, { databaseName });
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 3_000);
    expect(await till.db.outbox.count()).toBe(1);
    expect((await till.db.orders.get(sale.orderId))?.isBalanceProvisional).toBe(true);

    till.engine.start();
    await waitForDrained(till.db);
    expect(await bookedTimes(server, [sale.orderId])).toEqual([1]);
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor - 3_000);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 3_000);
  });
});

async function tillOf(server: TestServer) {
  const till = (await server.ledger.listTills()).find((t) => t.id === server.store.till.id);
  if (!till) throw new Error('the test till is missing on the server');
  return till;
}

async function spendOnAnotherTill(server: TestServer, customer: Customer, amountMinor: number) {
  const { till } = await server.ledger.createTill('Caisse 2');
  const soap = line(server.store.soap);
  const order: Order = makeOrder({
    sequence: 1,
    customerId: customer.id,
    lines: [soap],
    payments: [pay(server.store.wallet, amountMinor), pay(server.store.cash, 250)],
  });
  const answer = await server.ledger.push(till, [order]);
  expect(answer.results[0]?.status).toBe('created');
}

async function statusesOf(till: TestTill, sales: readonly { orderId: string }[]) {
  const orders = await till.db.orders.bulkGet(sales.map((sale) => sale.orderId));
  return orders.map((order) => order?.status);
}

/** Waits until the server has the order on its books, whatever the till heard of it. */
async function waitForBooked(server: TestServer, orderId: string): Promise<void> {
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    if ((await bookedTimes(server, [orderId]))[0] === 1) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`order ${orderId} was never booked`);
}
