// Handling the server's answer to a pushed batch, in one transaction. A refused order leaves the
// outbox so it never holds back the rest, but keeps its pending movement: the goods have left
// the shop, and the shown balance must go on counting them until a manager deals with it.
//
// A booked order's movement may leave the pending list only together with a cached balance
// that is known to contain it, or the shown balance would jump for a while. A fresh booking
// ("created") comes with the wallet's balance right after it, which contains it and every order
// booked before it. An order already booked ("exists": an earlier push whose answer was lost)
// carries no balance, so its movement stays pending until such a balance arrives: a booking on
// the same wallet, in this batch or a later one, or the refresh the engine runs for it.
//
// The whole batch is read, decided and written in a few bulk requests, whatever its size: every
// request waits for IndexedDB, and a hundred orders handled one by one made seven hundred.
import { assertNever } from '../../shared/assert.ts';
import type { Order } from '../../shared/domain.ts';
import type { PushItemResult, PushResponse } from '../../shared/protocol.ts';
import type {
  CachedCustomer,
  PendingMovement,
  TillDatabase,
  TillOrder,
  TillOrderStatus,
} from '../store/database.ts';

export interface PushOutcome {
  bookedCount: number;
  failedCount: number;
  overdrawnOrderIds: string[];
  /** Orders the server gave no answer for: they stay in the outbox. */
  unansweredOrderIds: string[];
  /** Booked orders whose movement waits for a balance that contains it. */
  unsettledCount: number;
}

interface AnsweredOrder {
  order: Order;
  result: PushItemResult;
}

/** What the batch's own answers say, before the wallets it touched are looked at. */
interface BatchPlan {
  /** The till's orders with their new status; an order the till no longer holds is left out. */
  updatedOrders: TillOrder[];
  /** The status each answered order ends the batch with. */
  statusById: Map<string, TillOrderStatus>;
  /** Freshly booked orders: their own balance contains them. */
  settledIds: Set<string>;
  /** The newest balance the batch gives per wallet: the last booking on it, in sending order. */
  balanceByWallet: Map<string, number>;
  /** Movements of orders booked by an earlier push, settled only by a balance from now. */
  earlierBooked: PendingMovement[];
  outcome: PushOutcome;
}

export async function applyPushResults(
  db: TillDatabase,
  sent: readonly Order[],
  response: PushResponse,
  nowIso: string,
): Promise<PushOutcome> {
  const { answered, unansweredOrderIds } = matchResults(sent, response);
  const tables = [db.outbox, db.orders, db.pendingMovements, db.customers, db.syncState];
  return db.transaction('rw', tables, async () => {
    const plan = planBatch(answered, await readBatch(db, answered), nowIso);
    plan.outcome.unansweredOrderIds = unansweredOrderIds;

    const wallets = await readFreshWallets(db, plan);
    const walletSettledIds = wallets.movements.flatMap((movement) =>
      wallets.statusById.get(movement.orderId) === 'synced' ? [movement.orderId] : [],
    );
    plan.outcome.unsettledCount = plan.earlierBooked.filter(
      (movement) => !plan.balanceByWallet.has(movement.walletId),
    ).length;

    const holders = wallets.holders.map((customer) => ({
      ...customer,
      walletBalanceMinor:
        plan.balanceByWallet.get(customer.walletId) ?? customer.walletBalanceMinor,
      balanceAt: nowIso,
    }));
    const settledIds = [...plan.settledIds, ...walletSettledIds];
    const answeredIds = answered.map(({ order }) => order.id);
    // Sent together, applied in this order; any one failing aborts the whole batch.
    await Promise.all([
      plan.updatedOrders.length > 0 ? db.orders.bulkPut(plan.updatedOrders) : null,
      answeredIds.length > 0 ? db.outbox.bulkDelete(answeredIds) : null,
      settledIds.length > 0 ? db.pendingMovements.bulkDelete(settledIds) : null,
      holders.length > 0 ? db.customers.bulkPut(holders) : null,
      db.syncState.put({ key: 'lastPushAt', value: nowIso }),
    ]);
    return plan.outcome;
  });
}

/**
 * Results are matched by position; an id that disagrees means the answer is not for this
 * order, and guessing could drop a sale, so the order is simply sent again later.
 */
function matchResults(sent: readonly Order[], response: PushResponse) {
  const resultsByIndex = new Map(response.results.map((result) => [result.index, result]));
  const answered: AnsweredOrder[] = [];
  const unansweredOrderIds: string[] = [];
  for (const [index, order] of sent.entries()) {
    const result = resultsByIndex.get(index);
    const isOtherOrder = result?.orderId !== null && result?.orderId !== order.id;
    if (result === undefined || isOtherOrder) unansweredOrderIds.push(order.id);
    else answered.push({ order, result });
  }
  return { answered, unansweredOrderIds };
}

interface BatchRecords {
  tillOrders: Map<string, TillOrder>;
  /** The pending movements of the orders answered "exists". */
  existsMovements: Map<string, PendingMovement>;
  /** The customers of the orders that came back with a wallet balance. */
  customers: Map<string, CachedCustomer>;
}

async function readBatch(db: TillDatabase, answered: readonly AnsweredOrder[]) {
  const orderIds = answered.map(({ order }) => order.id);
  const existsIds = answered.flatMap(({ order, result }) =>
    result.status === 'exists' ? [order.id] : [],
  );
  const customerIds = answered.flatMap(({ order, result }) =>
    result.status === 'created' && result.walletBalanceMinor !== null && order.customerId !== null
      ? [order.customerId]
      : [],
  );
  const [tillOrders, existsMovements, customers] = await Promise.all([
    db.orders.bulkGet(orderIds),
    existsIds.length > 0 ? db.pendingMovements.bulkGet(existsIds) : [],
    customerIds.length > 0 ? db.customers.bulkGet([...new Set(customerIds)]) : [],
  ]);
  return {
    tillOrders: byId(tillOrders, (tillOrder) => tillOrder.id),
    existsMovements: byId(existsMovements, (movement) => movement.orderId),
    customers: byId(customers, (customer) => customer.id),
  } satisfies BatchRecords;
}

/** Pure: the new state of every answered order, in sending order. */
function planBatch(
  answered: readonly AnsweredOrder[],
  records: BatchRecords,
  nowIso: string,
): BatchPlan {
  const plan: BatchPlan = {
    updatedOrders: [],
    statusById: new Map(),
    settledIds: new Set(),
    balanceByWallet: new Map(),
    earlierBooked: [],
    outcome: {
      bookedCount: 0,
      failedCount: 0,
      overdrawnOrderIds: [],
      unansweredOrderIds: [],
      unsettledCount: 0,
    },
  };
  const setStatus = (orderId: string, change: Pick<TillOrder, 'status'> & Partial<TillOrder>) => {
    plan.statusById.set(orderId, change.status);
    const tillOrder = records.tillOrders.get(orderId);
    if (tillOrder) plan.updatedOrders.push({ ...tillOrder, ...change });
  };
  const booked = { status: 'synced', failure: null, syncedAt: nowIso } as const;

  for (const { order, result } of answered) {
    switch (result.status) {
      case 'created': {
        setStatus(order.id, booked);
        plan.settledIds.add(order.id);
        const customer = order.customerId === null ? null : records.customers.get(order.customerId);
        if (result.walletBalanceMinor !== null && customer) {
          plan.balanceByWallet.set(customer.walletId, result.walletBalanceMinor);
        }
        if (result.isOverdrawn) plan.outcome.overdrawnOrderIds.push(order.id);
        plan.outcome.bookedCount += 1;
        break;
      }
      case 'exists': {
        setStatus(order.id, booked);
        const movement = records.existsMovements.get(order.id);
        if (movement) plan.earlierBooked.push(movement);
        plan.outcome.bookedCount += 1;
        break;
      }
      case 'conflict':
      case 'rejected': {
        const reason = result.status === 'conflict' ? 'conflict' : result.reason;
        setStatus(order.id, { status: 'failed', failure: { reason, detail: result.detail } });
        plan.outcome.failedCount += 1;
        break;
      }
      default:
        assertNever(result, 'push result');
    }
  }
  return plan;
}

/**
 * For every wallet the batch brought a balance for: its cached holders (household members share
 * the wallet, so they share the balance) and this till's pending movements on it, each with the
 * status its order has once the batch is applied. The balance contains every order booked
 * before it, so each of those movements whose order is booked leaves with it.
 */
async function readFreshWallets(db: TillDatabase, plan: BatchPlan) {
  const walletIds = [...plan.balanceByWallet.keys()];
  if (walletIds.length === 0) {
    return { holders: [], movements: [], statusById: plan.statusById };
  }
  const [holders, movements] = await Promise.all([
    db.customers.where('walletId').anyOf(walletIds).toArray(),
    db.pendingMovements.where('walletId').anyOf(walletIds).toArray(),
  ]);
  const otherIds = movements.flatMap((movement) =>
    plan.statusById.has(movement.orderId) ? [] : [movement.orderId],
  );
  const others = otherIds.length > 0 ? await db.orders.bulkGet(otherIds) : [];
  const statusById = new Map(plan.statusById);
  for (const tillOrder of others) {
    if (tillOrder) statusById.set(tillOrder.id, tillOrder.status);
  }
  return { holders, movements, statusById };
}

function byId<T>(records: readonly (T | undefined)[], idOf: (record: T) => string) {
  const found = new Map<string, T>();
  for (const record of records) {
    if (record !== undefined) found.set(idOf(record), record);
  }
  return found;
}
