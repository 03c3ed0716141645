// The till's local store in IndexedDB, through Dexie. Everything a till needs to sell with no
// network lives here: the catalogue pulled from the server, the orders it validated, the outbox
// of orders not yet booked, and this till's wallet movements the server has not booked yet.
// The schema is versioned; a new version adds a `version(n)` step with its upgrade, in a file of
// its own under migrations/, and never edits an old one.
import Dexie, { type Table } from 'dexie';
import type {
  Customer,
  Household,
  Order,
  PaymentMethod,
  Product,
  StaffMember,
  StoreSettings,
} from '../../shared/domain.ts';
import type { PushRejectionReason, ZReport } from '../../shared/protocol.ts';
import { upgradeToVersion2, version2Stores } from './migrations/002-folded-search-words.ts';
import { upgradeToVersion3, version3Stores } from './migrations/003-staff-sessions.ts';
import { attachMemorySearchIndexes } from './search-index.ts';

export interface CachedCustomer extends Customer {
  searchWords: string[];
  /** When the server last told us this customer's balance (pull or refresh). */
  balanceAt: string;
}

export interface CachedProduct extends Product {
  searchWords: string[];
}

/**
 * `set_aside`: refused by the server, then put aside by a manager. The order stays in the
 * history and on the receipt; it is no longer sent, listed as failed, or counted in a balance.
 */
export type TillOrderStatus = 'pending' | 'synced' | 'failed' | 'set_aside';

export interface TillOrder {
  id: string;
  order: Order;
  status: TillOrderStatus;
  /** The wallet balance after this order as the till computed it when validating. */
  walletBalanceAfterMinor: number | null;
  /** True when the balance came from the cache without the server. */
  isBalanceProvisional: boolean;
  failure: { reason: PushRejectionReason | 'conflict'; detail: string } | null;
  syncedAt: string | null;
  /** Who set the refused order aside, and when; absent on every other order. */
  setAside?: { at: string; by: { id: string; name: string } };
}

export interface OutboxItem {
  orderId: string;
  sequence: number;
  createdAt: string;
  attemptCount: number;
  nextAttemptAt: string;
  lastError: string | null;
}

/** A wallet movement made by this till that the server has not booked yet. */
export interface PendingMovement {
  orderId: string;
  walletId: string;
  customerId: string;
  /** Signed change of the wallet balance (spend negative, top-up positive). */
  deltaMinor: number;
  /** What the order took from the wallet offline, counted against the offline limits. */
  offlineChargeMinor: number;
  createdAt: string;
}

/**
 * A till session, from the cash float to the Z report. At most one is open on a till; every
 * order validated while it is open names it.
 */
export interface TillSession {
  id: string;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: { id: string; name: string };
  floatMinor: number;
  closedAt: string | null;
  /** The report made at close, kept so it can be shown and printed again. */
  report: ZReport | null;
  /** Whether the server has the report; it is sent like an order, when the network allows. */
  reportStatus: 'none' | 'pending' | 'sent';
  reportSentAt: string | null;
}

export interface KeyValue<T = unknown> {
  key: string;
  value: T;
}

export type SyncStateKey =
  | 'cursor'
  | 'lastPullAt'
  | 'lastPushAt'
  | 'sequence'
  /** Set once the first download of the catalogue has reached the server's newest change. */
  | 'firstSyncCompletedAt';

export class TillDatabase extends Dexie {
  customers!: Table<CachedCustomer, string>;
  households!: Table<Household, string>;
  products!: Table<CachedProduct, string>;
  paymentMethods!: Table<PaymentMethod, string>;
  settings!: Table<KeyValue, string>;
  orders!: Table<TillOrder, string>;
  outbox!: Table<OutboxItem, string>;
  pendingMovements!: Table<PendingMovement, string>;
  syncState!: Table<KeyValue, SyncStateKey>;
  staff!: Table<StaffMember, string>;
  sessions!: Table<TillSession, string>;

  constructor(name = 'caisse-till') {
    super(name);
    this.version(1).stores({
      customers: 'id, *searchWords, email, cardBarcode, walletId',
      households: 'id',
      products: 'id, *searchWords, barcode',
      paymentMethods: 'id, sortOrder',
      settings: 'key',
      orders: 'id, order.sequence, order.createdAt, status',
      outbox: 'orderId, sequence, nextAttemptAt',
      pendingMovements: 'orderId, walletId',
      syncState: 'key',
    });
    this.version(2).stores(version2Stores).upgrade(upgradeToVersion2);
    this.version(3).stores(version3Stores).upgrade(upgradeToVersion3);
    attachMemorySearchIndexes(this);
  }
}

export async function readSyncState<T>(db: TillDatabase, key: SyncStateKey): Promise<T | null> {
  const row = await db.syncState.get(key);
  return row ? (row.value as T) : null;
}

export async function readStoreSettings(db: TillDatabase): Promise<StoreSettings | null> {
  const row = await db.settings.get('store');
  return row ? (row.value as StoreSettings) : null;
}

/** The balance a cashier sees: the server's cached balance plus this till's pending movements. */
export async function shownBalanceMinor(db: TillDatabase, customer: Customer): Promise<number> {
  const pending = await db.pendingMovements.where('walletId').equals(customer.walletId).toArray();
  return pending.reduce(
    (total, movement) => total + movement.deltaMinor,
    customer.walletBalanceMinor,
  );
}
