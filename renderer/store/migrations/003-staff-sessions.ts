// Version 3 of the till's store: the staff who sign in (pulled with their PIN hashes so that a
// cashier signs in offline), the till's sessions from the cash float to the Z report, and
// indexes to find a session's orders and the refunds of an order.
//
// Products gain `isService`. The server marks its wallet credit products as services when it
// upgrades, without sending them again, so the cached ones are marked the same way here.
import type { Transaction } from 'dexie';
import type { CachedProduct } from '../database.ts';

export const version3Stores = {
  staff: 'id',
  sessions: 'id, status, openedAt, reportStatus',
  orders: 'id, order.sequence, order.createdAt, status, order.sessionId, order.refundOfOrderId',
};

export async function upgradeToVersion3(transaction: Transaction): Promise<void> {
  await transaction
    .table<CachedProduct, string>('products')
    .toCollection()
    .modify((product) => {
      if (typeof product.isService === 'boolean') return false;
      product.isService = product.isWalletCredit;
      return true;
    });
}
