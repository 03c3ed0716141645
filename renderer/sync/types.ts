// What the rest of the till sees of the sync engine: one status stream for the indicator, and a
// few commands. The engine itself (engine.ts) is RxJS inside; callers need none of it.
import type { Observable } from 'rxjs';
import type { PushRejectionReason } from '../../shared/protocol.ts';
import type { CachedCustomer } from '../store/database.ts';

export interface FailedItem {
  orderId: string;
  sequence: number;
  reason: PushRejectionReason | 'conflict';
  detail: string;
}

export interface FirstSyncProgress {
  loaded: number;
  total: number;
}

export interface SyncStatus {
  isOnline: boolean;
  pendingCount: number;
  /** ISO time of the oldest order not yet booked, for "waiting since 12 min". */
  oldestPendingAt: string | null;
  failed: FailedItem[];
  /** Set while the first download of the catalogue runs. */
  firstSync: FirstSyncProgress | null;
  lastSuccessAt: string | null;
}

export interface SyncEngine {
  readonly status$: Observable<SyncStatus>;
  /** Connectivity: browser online state and a heartbeat to the server, not a guess. */
  readonly online$: Observable<boolean>;
  isOnline(): boolean;
  start(): void;
  stop(): void;
  /** Tells the engine an order entered the outbox, so it pushes soon. */
  notifyOutbox(): void;
  /** Pulls every change since the cursor, page by page. */
  pullNow(): Promise<void>;
  /**
   * Online: fetches the customer from the server and stores them; offline: the cached record,
   * silently. Never erases this till's pending movements.
   */
  refreshCustomer(customerId: string): Promise<CachedCustomer | null>;
  /** Puts a failed order back in the outbox. */
  retryFailed(orderId: string): Promise<void>;
  /**
   * Takes a failed order off the failed list for good, keeping it in the history; only with a
   * manager's approval. False when the order is not (or no longer) failed.
   */
  setAsideFailed(orderId: string, manager: { id: string; name: string }): Promise<boolean>;
}
