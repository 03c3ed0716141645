// One customer's wallet as the till sees it, read in one transaction so the cached server
// balance and this till's pending movements come from the same moment: read apart, a push
// result landing in between would count a movement twice or not at all.
import type { CachedCustomer, PendingMovement, TillDatabase } from './database.ts';

export interface WalletView {
  customer: CachedCustomer;
  pendingMovements: PendingMovement[];
  /** The server's balance as last cached plus this till's movements it has not booked yet. */
  shownBalanceMinor: number;
  /** What this till took from the wallet offline and has not had booked yet. */
  pendingOfflineChargeMinor: number;
}

export async function readWalletView(
  db: TillDatabase,
  customerId: string,
): Promise<WalletView | null> {
  return db.transaction('r', [db.customers, db.pendingMovements], async () => {
    const customer = await db.customers.get(customerId);
    if (!customer) return null;
    const pendingMovements = await db.pendingMovements
      .where('walletId')
      .equals(customer.walletId)
      .toArray();
    let shownBalanceMinor = customer.walletBalanceMinor;
    let pendingOfflineChargeMinor = 0;
    for (const movement of pendingMovements) {
      shownBalanceMinor += movement.deltaMinor;
      pendingOfflineChargeMinor += movement.offlineChargeMinor;
    }
    return { customer, pendingMovements, shownBalanceMinor, pendingOfflineChargeMinor };
  });
}
