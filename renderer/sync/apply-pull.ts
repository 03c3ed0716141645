// Writing what the server sent into the local cache. A pull page lands in one transaction
// together with its cursor, so a till that stops halfway (closed, crashed, offline) resumes
// exactly after the last page it kept. A refreshed customer lands in one transaction together
// with the removal of the pending movements the server says it has booked, so the shown balance
// never counts a movement twice nor loses one. Staff arrive with their PIN hashes, so that
// people sign in at this till while the network is down; a member who leaves is kept, inactive.
import { assert } from '../../shared/assert.ts';
import type { Customer } from '../../shared/domain.ts';
import type { PullResponse, RefreshResponse } from '../../shared/protocol.ts';
import type { CachedCustomer, PendingMovement, TillDatabase } from '../store/database.ts';
import { toCachedCustomer, toCachedProduct } from '../store/records.ts';

export interface PullPageContext {
  previousCursor: number;
  /** The till's own clock, like every other "last done" time the indicator shows. */
  pulledAt: string;
  /** This till's orders the server says it has booked: the page's balances contain them. */
  settledOrderIds: readonly string[];
}

export async function applyPullPage(
  db: TillDatabase,
  page: PullResponse,
  context: PullPageContext,
): Promise<void> {
  const { previousCursor, pulledAt } = context;
  assert(page.cursor >= previousCursor, `pull went back from ${previousCursor} to ${page.cursor}`);
  const tables = [
    db.customers,
    db.households,
    db.products,
    db.paymentMethods,
    db.staff,
    db.settings,
    db.pendingMovements,
    db.syncState,
  ];
  await db.transaction('rw', tables, async () => {
    const customers = page.customers.map((customer) => toCachedCustomer(customer, page.serverTime));
    await db.customers.bulkPut(customers);
    await followWalletChanges(db, page.customers);
    await db.pendingMovements.bulkDelete([...context.settledOrderIds]);
    if (page.households.length > 0) await db.households.bulkPut(page.households);
    if (page.products.length > 0) await db.products.bulkPut(page.products.map(toCachedProduct));
    if (page.paymentMethods.length > 0) await db.paymentMethods.bulkPut(page.paymentMethods);
    if (page.staff.length > 0) await db.staff.bulkPut(page.staff);
    if (page.settings) await db.settings.put({ key: 'store', value: page.settings });
    await db.syncState.bulkPut([
      { key: 'cursor', value: page.cursor },
      { key: 'lastPullAt', value: pulledAt },
    ]);
  });
}

/**
 * Stores a customer the server just answered for, and drops the pending movements it reports
 * booked: the answer's balance already contains them. The caller holds the engine's lock, so no
 * push result for this wallet can land between the server's answer and this write.
 */
export async function applyRefresh(
  db: TillDatabase,
  response: RefreshResponse,
): Promise<CachedCustomer> {
  const customer = toCachedCustomer(response.customer, response.serverTime);
  await db.transaction('rw', [db.customers, db.pendingMovements], async () => {
    await db.customers.put(customer);
    // Household members share the wallet, so they share the balance just learnt.
    await db.customers
      .where('walletId')
      .equals(customer.walletId)
      .modify({ walletBalanceMinor: customer.walletBalanceMinor, balanceAt: customer.balanceAt });
    await followWalletChanges(db, [response.customer]);
    await db.pendingMovements.bulkDelete(response.bookedOrderIds);
  });
  return customer;
}

/**
 * A customer who joins or leaves a household spends from another wallet from then on, and the
 * server books an order on the customer's wallet of the moment it arrives. This till's pending
 * movements follow, so they keep counting on the balance they will land on.
 */
async function followWalletChanges(db: TillDatabase, customers: readonly Customer[]) {
  if (customers.length === 0 || (await db.pendingMovements.count()) === 0) return;
  const walletOf = new Map(customers.map((customer) => [customer.id, customer.walletId]));
  const moved: PendingMovement[] = [];
  await db.pendingMovements.each((movement) => {
    const walletId = walletOf.get(movement.customerId);
    if (walletId !== undefined && walletId !== movement.walletId) {
      moved.push({ ...movement, walletId });
    }
  });
  if (moved.length > 0) await db.pendingMovements.bulkPut(moved);
}
