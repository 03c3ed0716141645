// Handling the server's answer to a pushed batch, in one transaction. A refused order leaves the
// outbox so it never holds back the rest, but keeps its pending movement: the goods have left
// the shop, and the shown balance must go on counting them until a manager deals with it.
//
// A booked order's movement may leave the pending list only together with a cached balance
// that is known to contain it, or the shown balance would jump for a while. A fresh booking
// ("created") comes with the wallet's balance right after it, which contains it and every order
// booked before it. An order already booked ("exists": an earlier push whose answer was lost)
// carries no balance, so its movement stays pending until such a balance arrives: a later
// booking on the same wallet, or the refresh the engine runs for it.
import { assertNever } from '../../shared/assert.ts';
import type { Order } from '../../shared/domain.ts';
import type { PushItemResult, PushResponse } from '../../shared/protocol.ts';
import type { TillDatabase, TillOrder } from '../store/database.ts';

export interface PushOutcome {
  bookedCount: number;
  failedCount: number;
  overdrawnOrderIds: string[];
  /** Orders the server gave no answer for: they stay in the outbox. */
  unansweredOrderIds: string[];
  /** Booked orders whose movement waits for a balance that contains it. */
  unsettledCount: number;
}

interface BatchState {
  nowIso: string;
  outcome: PushOutcome;
  /** Wallets whose cached balance now comes from a booking in this batch. */
  freshWalletIds: Set<string>;
}

export async function applyPushResults(
  db: TillDatabase,
  sent: readonly Order[],
  response: PushResponse,
  nowIso: string,
): Promise<PushOutcome> {
  const resultsByIndex = new Map(response.results.map((result) => [result.index, result]));
  const state: BatchState = {
    nowIso,
    outcome: {
      bookedCount: 0,
      failedCount: 0,
      overdrawnOrderIds: [],
      unansweredOrderIds: [],
      unsettledCount: 0,
    },
    freshWalletIds: new Set(),
  };
  const tables = [db.outbox, db.orders, db.pendingMovements, db.customers, db.syncState];
  await db.transaction('rw', tables, async () => {
    // In the order sent: a later order's balance is the newer one for a wallet both touched.
    for (const [index, order] of sent.entries()) {
      const result = resultsByIndex.get(index);
      // Results are matched by position; an id that disagrees means the answer is not for
      // this order, and guessing could drop a sale, so the order is simply sent again later.
      const isOtherOrder = result?.orderId !== null && result?.orderId !== order.id;
      if (result === undefined || isOtherOrder) {
        state.outcome.unansweredOrderIds.push(order.id);
        continue;
      }
      await applyOne(db, order, result, state);
    }
    await db.syncState.put({ key: 'lastPushAt', value: nowIso });
  });
  return state.outcome;
}

async function applyOne(
  db: TillDatabase,
  order: Order,
  result: PushItemResult,
  state: BatchState,
): Promise<void> {
  const { outcome } = state;
  switch (result.status) {
    case 'created':
      await markBooked(db, order.id, state.nowIso);
      await db.pendingMovements.delete(order.id);
      if (result.walletBalanceMinor !== null) {
        await storeWalletBalance(db, order, result.walletBalanceMinor, state);
      }
      if (result.isOverdrawn) outcome.overdrawnOrderIds.push(order.id);
      outcome.bookedCount += 1;
      return;
    case 'exists':
      await markBooked(db, order.id, state.nowIso);
      await settleIfFresh(db, order.id, state);
      outcome.bookedCount += 1;
      return;
    case 'conflict':
      await markFailed(db, order.id, { reason: 'conflict', detail: result.detail });
      outcome.failedCount += 1;
      return;
    case 'rejected':
      await markFailed(db, order.id, { reason: result.reason, detail: result.detail });
      outcome.failedCount += 1;
      return;
    default:
      assertNever(result, 'push result');
  }
}

async function markBooked(db: TillDatabase, orderId: string, nowIso: string): Promise<void> {
  await db.outbox.delete(orderId);
  await db.orders.update(orderId, { status: 'synced', failure: null, syncedAt: nowIso });
}

async function markFailed(
  db: TillDatabase,
  orderId: string,
  failure: NonNullable<TillOrder['failure']>,
): Promise<void> {
  await db.outbox.delete(orderId);
  await db.orders.update(orderId, { status: 'failed', failure });
}

/** An already booked order is in a balance taken from a booking later in this batch. */
async function settleIfFresh(db: TillDatabase, orderId: string, state: BatchState) {
  const movement = await db.pendingMovements.get(orderId);
  if (!movement) return;
  if (state.freshWalletIds.has(movement.walletId)) await db.pendingMovements.delete(orderId);
  else state.outcome.unsettledCount += 1;
}

/**
 * The server's balance right after booking this order, for every cached holder of the wallet.
 * It contains every order booked before, so the movements of this till's orders already known
 * to be booked leave the pending list with it.
 */
async function storeWalletBalance(
  db: TillDatabase,
  order: Order,
  walletBalanceMinor: number,
  state: BatchState,
): Promise<void> {
  if (order.customerId === null) return;
  const customer = await db.customers.get(order.customerId);
  if (!customer) return;
  const { walletId } = customer;
  await db.customers
    .where('walletId')
    .equals(walletId)
    .modify({ walletBalanceMinor, balanceAt: state.nowIso });
  state.freshWalletIds.add(walletId);

  const pending = await db.pendingMovements.where('walletId').equals(walletId).toArray();
  const tillOrders = await db.orders.bulkGet(pending.map((movement) => movement.orderId));
  const bookedIds = tillOrders.flatMap((tillOrder) =>
    tillOrder?.status === 'synced' ? [tillOrder.id] : [],
  );
  await db.pendingMovements.bulkDelete(bookedIds);
}
