// What a till reads back from the ledger, on every engine: the paged pull of everything that
// changed since its cursor, the change listener that pokes online tills, and the refresh of one
// customer on selection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import type { PullResponse } from '../../shared/protocol.ts';
import { defaultSettings } from '../../server/ledger/catalog.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { line, makeOrder, pay, seedStore, type SeededStore } from '../support/store.ts';
import { closeTestLedger, type OpenedLedger } from '../support/workload.ts';

// Far more than any sane number of pages for the data these tests make; a pull that never
// reports the end fails the test instead of hanging it.
const pagesMax = 200;

async function pullAll(ledger: Ledger, cursor: number, limit: number) {
  const pages: PullResponse[] = [];
  let next = cursor;
  for (let page = 0; page < pagesMax; page += 1) {
    const response = await ledger.pull({ cursor: next, limit });
    pages.push(response);
    next = response.cursor;
    if (!response.hasMore) return { pages, cursor: next };
  }
  throw new Error(`The pull did not end after ${pagesMax} pages`);
}

function rowCount(page: PullResponse): number {
  return (
    page.customers.length +
    page.households.length +
    page.products.length +
    page.paymentMethods.length +
    page.staff.length +
    (page.settings ? 1 : 0)
  );
}

describe.each(engines)('pulling changes from the ledger on %s', (engine) => {
  let opened: OpenedLedger;
  let ledger: Ledger;
  let store: SeededStore;

  beforeEach(async () => {
    opened = await openTestLedger(engine);
    ledger = opened.ledger;
    store = await seedStore(ledger);
  });

  afterEach(async () => {
    await closeTestLedger(opened);
  });

  async function spendFromWallet(amountMinor: number, customerId = store.alice.id) {
    // A price changed at the till, so any amount can be spent with one line.
    const order = makeOrder({
      customerId,
      lines: [{ ...line(store.bread), unitPriceMinor: amountMinor, totalMinor: amountMinor }],
      payments: [pay(store.wallet, amountMinor)],
    });
    const response = await ledger.push(store.till, [order]);
    expect(response.results[0]?.status).toBe('created');
    return { order, response };
  }

  it('pages 2,500 customers by cursor without losing or repeating one', async () => {
    const created: string[] = [];
    // Created a few at a time: on PostgreSQL these transactions then really overlap.
    for (let start = 0; start < 2_500; start += 25) {
      const group = await Promise.all(
        Array.from({ length: 25 }, (_, offset) =>
          ledger.createCustomer({ name: `Client ${start + offset}`, isWalletUser: true }),
        ),
      );
      created.push(...group.map((customer) => customer.id));
    }

    const { pages, cursor } = await pullAll(ledger, 0, 300);

    const pulled = pages.flatMap((page) => page.customers.map((customer) => customer.id));
    expect(new Set(pulled).size).toBe(pulled.length);
    expect(new Set(pulled)).toEqual(new Set([store.alice.id, store.bob.id, ...created]));
    for (const page of pages) expect(rowCount(page)).toBeLessThanOrEqual(300);
    expect(pages.length).toBeGreaterThanOrEqual(9);
    const cursors = pages.map((page) => page.cursor);
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(pages.at(-1)?.latestCursor).toBe(cursor);
    // Every catalogue row arrives once too: the products, the payment methods, the settings.
    expect(pages.flatMap((page) => page.products)).toHaveLength(3);
    expect(pages.flatMap((page) => page.paymentMethods)).toHaveLength(3);
    expect(pages.filter((page) => page.settings !== null)).toHaveLength(1);
    expect((await ledger.pull({ cursor, limit: 300 })).customers).toEqual([]);
  });

  it('misses no customer when a till pages through while customers are being created', async () => {
    const created: string[] = [];
    let isCreating = true;
    const creating = (async () => {
      for (let start = 0; start < 1_000; start += 20) {
        const group = await Promise.all(
          Array.from({ length: 20 }, (_, offset) =>
            ledger.createCustomer({ name: `Client ${start + offset}`, isWalletUser: true }),
          ),
        );
        created.push(...group.map((customer) => customer.id));
      }
      isCreating = false;
    })();

    const pulled = new Set<string>();
    let cursor = 0;
    let pullCount = 0;
    while (isCreating && pullCount < 10_000) {
      const page = await ledger.pull({ cursor, limit: 50 });
      for (const customer of page.customers) pulled.add(customer.id);
      cursor = page.cursor;
      pullCount += 1;
    }
    await creating;
    const rest = await pullAll(ledger, cursor, 50);
    for (const page of rest.pages) for (const customer of page.customers) pulled.add(customer.id);

    expect(pullCount).toBeGreaterThan(1);
    expect(pulled).toEqual(new Set([store.alice.id, store.bob.id, ...created]));
  });

  it('returns a customer again, with the new balance, after a wallet movement', async () => {
    const { cursor } = await pullAll(ledger, 0, 1000);

    await spendFromWallet(1_250);
    const next = await ledger.pull({ cursor, limit: 1000 });

    expect(next.customers).toEqual([
      expect.objectContaining({ id: store.alice.id, walletBalanceMinor: 8_750 }),
    ]);
    expect(next.products).toEqual([]);
    expect(next.paymentMethods).toEqual([]);
    expect(next.settings).toBeNull();
    expect(next.cursor).toBeGreaterThan(cursor);
  });

  it('does not lose a customer whose balance changes while a till is paging through', async () => {
    for (let index = 0; index < 40; index += 1) {
      await ledger.createCustomer({ name: `Client ${index}`, isWalletUser: true });
    }
    const first = await ledger.pull({ cursor: 0, limit: 10 });
    const seenFirst = first.customers.find((customer) => customer.id === store.alice.id);

    // Alice was on the first page; her balance moves before the till asks for the next one.
    await spendFromWallet(405);
    const rest = await pullAll(ledger, first.cursor, 10);

    expect(seenFirst?.walletBalanceMinor).toBe(10_000);
    const later = rest.pages.flatMap((page) => page.customers);
    expect(later.filter((customer) => customer.id === store.alice.id)).toEqual([
      expect.objectContaining({ walletBalanceMinor: 9_595 }),
    ]);
    const everyone = new Set([...first.customers, ...later].map((customer) => customer.id));
    expect(everyone.size).toBe(42);
  });

  it('brings a settings change to the tills', async () => {
    const { cursor } = await pullAll(ledger, 0, 1000);

    await ledger.saveSettings({
      ...defaultSettings,
      storeName: 'Épicerie du Marais',
      walletTopUpProductId: store.topUp.id,
      walletHoldMinutes: 5,
    });
    const next = await ledger.pull({ cursor, limit: 1000 });

    expect(next.settings).toMatchObject({
      storeName: 'Épicerie du Marais',
      walletHoldMinutes: 5,
      walletTopUpProductId: store.topUp.id,
      version: 2,
    });
    expect(next.customers).toEqual([]);
  });

  it('brings a new minimum wallet amount to the tills', async () => {
    const { cursor } = await pullAll(ledger, 0, 1000);

    await ledger.setMinimumWalletAmount(store.wallet.id, -2_000);
    const next = await ledger.pull({ cursor, limit: 1000 });

    expect(next.paymentMethods).toEqual([
      expect.objectContaining({ id: store.wallet.id, minimumWalletMinor: -2_000 }),
    ]);
  });

  it('tells change listeners the new cursor after a push moves a wallet', async () => {
    const { cursor } = await pullAll(ledger, 0, 1000);
    const heard: number[] = [];
    const stopListening = ledger.onChange((newCursor) => heard.push(newCursor));

    const { response } = await spendFromWallet(500);
    stopListening();
    await spendFromWallet(500);

    expect(heard).toEqual([response.cursor]);
    expect(response.cursor).toBeGreaterThan(cursor);
    const next = await ledger.pull({ cursor, limit: 1000 });
    expect(next.latestCursor).toBeGreaterThanOrEqual(response.cursor);
    expect(next.customers.map((customer) => customer.id)).toEqual([store.alice.id]);
  });

  it('tells change listeners about a bank top-up booked in the back office', async () => {
    const heard: number[] = [];
    ledger.onChange((newCursor) => heard.push(newCursor));

    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: store.alice.id,
      amountMinor: 2_000,
      description: 'Virement',
    });

    expect(heard).toHaveLength(1);
    const latest = await ledger.pull({ cursor: (heard[0] ?? 1) - 1, limit: 1000 });
    expect(latest.customers).toEqual([
      expect.objectContaining({ id: store.alice.id, walletBalanceMinor: 12_000 }),
    ]);
  });

  it('refreshes a customer: current balance, and which pending orders are booked', async () => {
    const { order: booked } = await spendFromWallet(1_000);
    const notYetPushed = newId();
    await ledger.authorize(store.till, {
      authorizationId: newId(),
      orderId: notYetPushed,
      customerId: store.alice.id,
      methodId: store.wallet.id,
      currency: 'EUR',
      amountMinor: 700,
    });

    const refreshed = await ledger.refresh({
      customerId: store.alice.id,
      pendingOrderIds: [booked.id, notYetPushed],
    });

    expect(refreshed).toMatchObject({
      customer: { id: store.alice.id, walletBalanceMinor: 9_000, isWalletUser: true },
      bookedOrderIds: [booked.id],
      heldMinor: 700,
    });
    expect(await ledger.refresh({ customerId: newId(), pendingOrderIds: [] })).toBeNull();
  });

  it('refreshes every member of a household with the shared balance', async () => {
    const household = await ledger.createHousehold({ name: 'Famille Leroy' });
    const claire = await ledger.createCustomer({
      name: 'Claire Leroy',
      householdId: household.id,
      isWalletUser: true,
    });
    const paul = await ledger.createCustomer({
      name: 'Paul Leroy',
      householdId: household.id,
      isWalletUser: true,
    });
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: claire.id,
      amountMinor: 3_000,
      description: 'Virement',
    });
    const { cursor } = await pullAll(ledger, 0, 1000);

    await spendFromWallet(1_000, paul.id);
    const next = await ledger.pull({ cursor, limit: 1000 });
    const refreshed = await ledger.refresh({ customerId: claire.id, pendingOrderIds: [] });

    // Claire did not shop, but her till must learn that the wallet she shares went down.
    expect(next.customers.map((customer) => [customer.id, customer.walletBalanceMinor])).toEqual(
      expect.arrayContaining([
        [claire.id, 2_000],
        [paul.id, 2_000],
      ]),
    );
    expect(next.customers).toHaveLength(2);
    expect(refreshed?.customer.walletBalanceMinor).toBe(2_000);
  });
});
