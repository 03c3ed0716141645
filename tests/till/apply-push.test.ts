// Applying the server's answer to a pushed batch, all at once: every booked order leaves the
// outbox as synced; its pending movement leaves only with a cached balance that contains it,
// for every holder of the wallet; a refused or conflicting order is set aside as failed with its
// movement kept; an order left unanswered stays as it was; and a batch that cannot be written
// whole leaves nothing written. The answers are built here, so each case is exactly the one
// named; the same paths against a real server are in offline-sync.test.ts.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import type { DBCore, DBCoreTable } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import type { PushItemResult } from '../../shared/protocol.ts';
import type {
  CachedCustomer,
  PendingMovement,
  TillDatabase,
  TillOrder,
} from '../../renderer/store/database.ts';
import { readWalletView } from '../../renderer/store/wallet-view.ts';
import { applyPushResults } from '../../renderer/sync/apply-push.ts';
import {
  balanceAt,
  cachedCustomer,
  openLocalDatabase,
  pendingWalletOrder,
} from './local-records.ts';

const nowIso = '2026-01-05T10:00:00.000Z';

describe('applying a push answer', () => {
  let db: TillDatabase;
  /** Two members of one household, on one wallet; a third customer on a wallet of their own. */
  let anne: CachedCustomer;
  let bruno: CachedCustomer;
  let carla: CachedCustomer;
  beforeEach(async () => {
    db = openLocalDatabase();
    const householdWalletId = newId();
    anne = cachedCustomer({
      name: 'Anne',
      walletId: householdWalletId,
      walletBalanceMinor: 10_000,
    });
    bruno = cachedCustomer({
      name: 'Bruno',
      walletId: householdWalletId,
      walletBalanceMinor: 10_000,
    });
    carla = cachedCustomer({ name: 'Carla', walletBalanceMinor: 5_000 });
    await db.customers.bulkPut([anne, bruno, carla]);
  });
  afterEach(() => db.close());

  /** A wallet sale of this till as validation leaves it: order, outbox item, movement. */
  async function sold(customer: CachedCustomer, amountMinor = 500): Promise<TillOrder> {
    const tillOrder = pendingWalletOrder(customer.id, amountMinor);
    await db.orders.put(tillOrder);
    await db.outbox.put({
      orderId: tillOrder.id,
      sequence: tillOrder.order.sequence,
      createdAt: tillOrder.order.createdAt,
      attemptCount: 1,
      nextAttemptAt: tillOrder.order.createdAt,
      lastError: null,
    });
    await db.pendingMovements.put(movementOf(tillOrder, customer, amountMinor));
    return tillOrder;
  }

  function movementOf(tillOrder: TillOrder, customer: CachedCustomer, amountMinor: number) {
    return {
      orderId: tillOrder.id,
      walletId: customer.walletId,
      customerId: customer.id,
      deltaMinor: -amountMinor,
      offlineChargeMinor: amountMinor,
      createdAt: tillOrder.order.createdAt,
    } satisfies PendingMovement;
  }

  const created = (walletBalanceMinor: number | null, isOverdrawn = false) =>
    ({ status: 'created', walletBalanceMinor, isOverdrawn }) as const;
  const exists = { status: 'exists' } as const;

  type Answer =
    | ReturnType<typeof created>
    | typeof exists
    | { status: 'conflict'; detail: string }
    | { status: 'rejected'; reason: 'unknown_product'; detail: string };

  function answer(sent: readonly TillOrder[], answers: readonly (Answer | null)[], target = db) {
    const results = answers.flatMap((given, index): PushItemResult[] => {
      const orderId = sent[index]?.id ?? newId();
      return given === null ? [] : [{ ...given, index, orderId }];
    });
    return applyPushResults(
      target,
      sent.map((tillOrder) => tillOrder.order),
      { results, sequenceGaps: [], cursor: 100 },
      nowIso,
    );
  }

  async function statusOf(tillOrder: TillOrder) {
    const stored = await db.orders.get(tillOrder.id);
    return {
      status: stored?.status,
      isQueued: (await db.outbox.get(tillOrder.id)) !== undefined,
      isPending: (await db.pendingMovements.get(tillOrder.id)) !== undefined,
    };
  }

  const shown = async (customer: CachedCustomer) =>
    (await readWalletView(db, customer.id))?.shownBalanceMinor;

  it('books a batch on several wallets, each holder getting its latest balance', async () => {
    const first = await sold(anne, 500);
    const second = await sold(carla, 700);
    const third = await sold(bruno, 300);

    const outcome = await answer(
      [first, second, third],
      [created(9_500), created(4_300), created(9_200, true)],
    );

    expect(outcome).toEqual({
      bookedCount: 3,
      failedCount: 0,
      overdrawnOrderIds: [third.id],
      unansweredOrderIds: [],
      unsettledCount: 0,
    });
    for (const tillOrder of [first, second, third]) {
      expect(await statusOf(tillOrder)).toEqual({
        status: 'synced',
        isQueued: false,
        isPending: false,
      });
      expect((await db.orders.get(tillOrder.id))?.syncedAt).toBe(nowIso);
    }
    const [storedAnne, storedBruno, storedCarla] = await db.customers.bulkGet([
      anne.id,
      bruno.id,
      carla.id,
    ]);
    expect([storedAnne, storedBruno, storedCarla].map((c) => c?.walletBalanceMinor)).toEqual([
      9_200, 9_200, 4_300,
    ]);
    expect([storedAnne, storedBruno, storedCarla].map((c) => c?.balanceAt)).toEqual([
      nowIso,
      nowIso,
      nowIso,
    ]);
    expect(await db.syncState.get('lastPushAt')).toEqual({ key: 'lastPushAt', value: nowIso });
  });

  it('keeps the movement of an order booked earlier until a balance contains it', async () => {
    const lost = await sold(carla, 700);

    const outcome = await answer([lost], [exists]);

    expect(outcome.unsettledCount).toBe(1);
    expect(await statusOf(lost)).toEqual({ status: 'synced', isQueued: false, isPending: true });
    expect(await shown(carla)).toBe(5_000 - 700);

    // A later batch books another sale on the wallet: its balance contains both.
    const next = await sold(carla, 200);
    const later = await answer([next], [created(4_100)]);

    expect(later.unsettledCount).toBe(0);
    expect(await statusOf(lost)).toEqual({ status: 'synced', isQueued: false, isPending: false });
    expect(await db.pendingMovements.count()).toBe(0);
    expect(await shown(carla)).toBe(4_100);
  });

  it.each([
    { when: 'before', order: ['exists', 'created'] as const },
    { when: 'after', order: ['created', 'exists'] as const },
  ])('settles an earlier booking with a balance from the batch, $when it', async ({ order }) => {
    const lost = await sold(anne, 500);
    const fresh = await sold(bruno, 300);
    const sent = order[0] === 'exists' ? [lost, fresh] : [fresh, lost];
    const answers = order.map((status) => (status === 'exists' ? exists : created(9_200)));

    const outcome = await answer(sent, answers);

    expect(outcome.unsettledCount).toBe(0);
    expect(await db.pendingMovements.count()).toBe(0);
    expect(await shown(anne)).toBe(9_200);
    expect(await shown(bruno)).toBe(9_200);
  });

  it('sets refused and conflicting orders aside, keeping their movements', async () => {
    const refused = await sold(anne, 500);
    const conflicting = await sold(carla, 700);
    const booked = await sold(bruno, 300);

    const outcome = await answer(
      [refused, conflicting, booked],
      [
        { status: 'rejected', reason: 'unknown_product', detail: 'no such product' },
        { status: 'conflict', detail: 'another order has this id' },
        created(9_700),
      ],
    );

    expect(outcome).toMatchObject({ bookedCount: 1, failedCount: 2, unsettledCount: 0 });
    expect(await statusOf(refused)).toEqual({ status: 'failed', isQueued: false, isPending: true });
    expect(await statusOf(conflicting)).toEqual({
      status: 'failed',
      isQueued: false,
      isPending: true,
    });
    expect((await db.orders.get(refused.id))?.failure).toEqual({
      reason: 'unknown_product',
      detail: 'no such product',
    });
    expect((await db.orders.get(conflicting.id))?.failure?.reason).toBe('conflict');
    // The refused sale on the household's wallet still counts on the balance just learnt.
    expect(await shown(anne)).toBe(9_700 - 500);
    expect(await shown(carla)).toBe(5_000 - 700);
  });

  it('leaves an unanswered order, or one answered for another id, as it was', async () => {
    const unanswered = await sold(anne, 500);
    const mismatched = await sold(anne, 200);
    const booked = await sold(bruno, 300);
    const sent = [unanswered, mismatched, booked];
    const results: PushItemResult[] = [
      { status: 'exists', index: 1, orderId: newId() },
      {
        status: 'created',
        index: 2,
        orderId: booked.id,
        walletBalanceMinor: 9_700,
        isOverdrawn: false,
      },
    ];

    const outcome = await applyPushResults(
      db,
      sent.map((tillOrder) => tillOrder.order),
      { results, sequenceGaps: [], cursor: 100 },
      nowIso,
    );

    expect(outcome.unansweredOrderIds).toEqual([unanswered.id, mismatched.id]);
    for (const tillOrder of [unanswered, mismatched]) {
      expect(await statusOf(tillOrder)).toEqual({
        status: 'pending',
        isQueued: true,
        isPending: true,
      });
    }
    expect(await shown(anne)).toBe(9_700 - 700);
  });

  it('books an order with no wallet, or on a customer the till does not hold', async () => {
    const cash = pendingWalletOrder(anne.id);
    const cashSale: TillOrder = { ...cash, order: { ...cash.order, customerId: null } };
    await db.orders.put(cashSale);
    const stranger = cachedCustomer({ name: 'Inconnu' });
    const elsewhere = await sold(stranger, 400);

    const outcome = await answer([cashSale, elsewhere], [created(null), created(1_000)]);

    expect(outcome).toMatchObject({ bookedCount: 2, unsettledCount: 0 });
    expect((await db.orders.get(cashSale.id))?.status).toBe('synced');
    expect(await statusOf(elsewhere)).toEqual({
      status: 'synced',
      isQueued: false,
      isPending: false,
    });
    expect(await db.customers.get(stranger.id)).toBeUndefined();
    expect((await db.customers.get(anne.id))?.walletBalanceMinor).toBe(10_000);
  });

  it('writes nothing of a batch whose writing fails halfway', async () => {
    const first = await sold(carla, 700);
    const second = await sold(anne, 500);
    const failing = openLocalDatabase(db.name);
    failOnCustomerWrites(failing);

    const applying = answer([first, second], [created(4_300), created(9_500)], failing);

    await expect(applying).rejects.toThrow(/customers are read-only here/);
    failing.close();
    for (const tillOrder of [first, second]) {
      expect(await statusOf(tillOrder)).toEqual({
        status: 'pending',
        isQueued: true,
        isPending: true,
      });
    }
    expect((await db.customers.get(carla.id))?.balanceAt).toBe(balanceAt);
    expect(await db.syncState.get('lastPushAt')).toBeUndefined();
  });
});

/** A connection on which every write to the customers fails, as a full disk would. */
function failOnCustomerWrites(db: TillDatabase): void {
  db.use({
    stack: 'dbcore',
    name: 'failCustomerWrites',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (tableName: string): DBCoreTable => {
        const table = down.table(tableName);
        if (tableName !== 'customers') return table;
        return {
          ...table,
          mutate: () => Promise.reject(new Error('customers are read-only here')),
        };
      },
    }),
  });
}
