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

/**
 * `expectedWalletId`, the wallet the caller believes the customer spends from, lets both reads
 * go out at once; when the cached customer turns out to spend from another one (a household
 * joined or left), that wallet's movements are read after all.
 */
export async function readWalletView(
  db: TillDatabase,
  customerId: string,
  expectedWalletId?: string,
): Promise<WalletView | null> {
  const movementsOf = (walletId: string) =>
    db.pendingMovements.where('walletId').equals(walletId).toArray();
  return db.transaction('r', [db.customers, db.pendingMovements], async () => {
    const [customer, expected] = await Promise.all([
      db.customers.get(customerId),
      expectedWalletId === undefined ? null : movementsOf(expectedWalletId),
    ]);
    if (!customer) return null;
    const pendingMovements =
      expected !== null && customer.walletId === expectedWalletId
        ? expected
        : await movementsOf(customer.walletId);
    let shownBalanceMinor = customer.walletBalanceMinor;
    let pendingOfflineChargeMinor = 0;
    for (const movement of pendingMovements) {
      shownBalanceMinor += movement.deltaMinor;
      pendingOfflineChargeMinor += movement.offlineChargeMinor;
    }
    return { customer, pendingMovements, shownBalanceMinor, pendingOfflineChargeMinor };
  });
}
