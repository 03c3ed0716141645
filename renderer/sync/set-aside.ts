// A manager sets aside an order the server refused: it leaves the failed list, stays in the
// till's history, and stops counting in the customer's shown balance. An order refused for its
// content was never booked, so its pending wallet movement goes with the same transaction: kept,
// the till would go on showing (and letting the customer spend against) money that moved
// nowhere. An order refused as a conflict is different: the server holds an order with this
// id, so its movement stays until a balance from the server that contains it settles it, as
// for any order the server may have booked.
import type { TillDatabase } from '../store/database.ts';

export type SetAsideOutcome = 'set_aside' | 'not_failed';

export async function setAsideFailedOrder(
  db: TillDatabase,
  orderId: string,
  by: { id: string; name: string },
  nowIso: string,
): Promise<SetAsideOutcome> {
  return db.transaction('rw', [db.orders, db.outbox, db.pendingMovements], async () => {
    const tillOrder = await db.orders.get(orderId);
    if (tillOrder?.status !== 'failed') return 'not_failed';
    await db.orders.put({ ...tillOrder, status: 'set_aside', setAside: { at: nowIso, by } });
    // A refused order is out of the outbox already; this only guards against a stray item.
    await db.outbox.delete(orderId);
    if (tillOrder.failure?.reason !== 'conflict') await db.pendingMovements.delete(orderId);
    return 'set_aside';
  });
}
