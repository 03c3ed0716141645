// The till's sync engine. It keeps the local cache up to date (a first full download, then
// changes by cursor, on reconnect, on each poke from the server and on a slow fallback timer),
// drains the outbox of validated orders in bounded batches with backoff, and answers "refresh
// this customer" on selection. Pushes, pulls and refreshes run one at a time through one lock:
// the server's answers are then applied in the order the server gave them, which is what keeps
// the shown balance (cached server balance plus this till's pending movements) exact.
import {
  BehaviorSubject,
  catchError,
  combineLatest,
  distinctUntilChanged,
  EMPTY,
  filter,
  interval,
  Observable,
  retry,
  Subscription,
  switchMap,
  timer,
} from 'rxjs';
import { liveQuery } from 'dexie';
import type { Order } from '../../shared/domain.ts';
import type { Logger } from '../../shared/logger.ts';
import {
  pushBatchSizeMax,
  pullPageSizeMax,
  refreshPendingIdsMax,
  type PullResponse,
} from '../../shared/protocol.ts';
import { assert } from '../../shared/assert.ts';
import {
  LedgerRefusalError,
  LedgerUnreachableError,
  type LedgerClient,
} from '../api/ledger-client.ts';
import {
  readSyncState,
  type CachedCustomer,
  type OutboxItem,
  type TillDatabase,
} from '../store/database.ts';
import { applyPullPage, applyRefresh } from './apply-pull.ts';
import { applyPushResults } from './apply-push.ts';
import { retryDelayMs, type RetryDelayBounds } from './backoff.ts';
import { setAsideFailedOrder } from './set-aside.ts';
import { createConnectivity, type Connectivity } from './connectivity.ts';
import { CoalescingRunner, SerialLock, yieldToEventLoop } from './serial.ts';
import type { FailedItem, FirstSyncProgress, SyncEngine, SyncStatus } from './types.ts';

export interface SyncEngineOptions {
  db: TillDatabase;
  client: LedgerClient;
  logger: Logger;
  now?: () => Date;
  heartbeatIntervalMs?: number;
  pullIntervalMs?: number;
  /** The tuning below has defaults that suit a shop; tests shorten the waits. */
  pullPageSize?: number;
  pushBatchSize?: number;
  retryDelayMsMin?: number;
  retryDelayMsMax?: number;
  /** Drawn from for the jitter of every retry delay. */
  random?: () => number;
}

/** The engine with two extra commands for a "sync now" button and for orderly shutdown. */
export interface TillSyncEngine extends SyncEngine {
  /** Pushes the outbox now, batch after batch; resolves when this run is over. */
  pushNow(): Promise<void>;
  /** Resolves when no push, pull or refresh is running any more (after stop(), before close). */
  whenIdle(): Promise<void>;
}

export const syncDefaults = {
  heartbeatIntervalMs: 5_000,
  heartbeatTimeoutMs: 3_000,
  /** Pokes bring changes within a second; this only catches a poke lost with its stream. */
  pullIntervalMs: 60_000,
  /** 100,000 customers arrive in 50 pages, each small enough to parse and store at once. */
  pullPageSize: 2_000,
  pushBatchSize: 100,
  retryDelayMsMin: 1_000,
  retryDelayMsMax: 60_000,
  pokeReconnectDelayMsMin: 1_000,
  pokeReconnectDelayMsMax: 30_000,
  /** A cashier waits this long at most for a refresh queued behind a push or a pull page. */
  refreshWaitMsMax: 4_000,
} as const;

/** A batch larger than this holds the lock (and a refresh waiting on it) for too long. */
export const pushBatchSizeLimit = Math.min(100, pushBatchSizeMax);
/** Above a catalogue's size many times over; a run that reaches it hands over and resumes. */
const pullPagesPerRunMax = 1_000;
/** Batches per push run; the run then queues the next one, leaving room for pulls. */
const pushBatchesPerRunMax = 100;
/** Wallets the server is asked about for one page or after one pull; the rest wait. */
const reconcileWalletsMax = 100;
/** Failed orders listed in the status; a manager works through them from the oldest. */
const failedListMax = 200;

interface OutboxView {
  pendingCount: number;
  oldestPendingAt: string | null;
  failed: FailedItem[];
}

type PushStep = 'empty' | 'pushed' | 'failed';

export function createSyncEngine(options: SyncEngineOptions): TillSyncEngine {
  return new LedgerSyncEngine(options);
}

class LedgerSyncEngine implements TillSyncEngine {
  private readonly db: TillDatabase;
  private readonly client: LedgerClient;
  private readonly logger: Logger;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly pullIntervalMs: number;
  private readonly pullPageSize: number;
  private readonly pushBatchSize: number;
  private readonly pushRetryBounds: RetryDelayBounds;
  private readonly connectivity: Connectivity;

  private readonly lock = new SerialLock();
  private readonly pushRunner = new CoalescingRunner(() => this.pushOutbox());
  private readonly pullRunner = new CoalescingRunner(() => this.pullAllPages());
  private readonly onlineSubject = new BehaviorSubject(false);
  private readonly firstSyncSubject = new BehaviorSubject<FirstSyncProgress | null>(null);
  private readonly lastSuccessSubject = new BehaviorSubject<string | null>(null);
  private readonly statusSubject = new BehaviorSubject<SyncStatus>({
    isOnline: false,
    pendingCount: 0,
    oldestPendingAt: null,
    failed: [],
    firstSync: null,
    lastSuccessAt: null,
  });

  private subscriptions: Subscription | null = null;
  private retrySubscription: Subscription | null = null;
  private isStopped = false;
  private pushFailureCount = 0;
  /** The newest change this till holds, so a poke about something already pulled is ignored. */
  private knownCursor = 0;

  readonly status$: Observable<SyncStatus> = this.statusSubject.asObservable();
  readonly online$: Observable<boolean> = this.onlineSubject.pipe(distinctUntilChanged());

  constructor(options: SyncEngineOptions) {
    this.db = options.db;
    this.client = options.client;
    this.logger = options.logger.child('sync');
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.pullIntervalMs = options.pullIntervalMs ?? syncDefaults.pullIntervalMs;
    this.pullPageSize = options.pullPageSize ?? syncDefaults.pullPageSize;
    this.pushBatchSize = options.pushBatchSize ?? syncDefaults.pushBatchSize;
    this.pushRetryBounds = {
      retryDelayMsMin: options.retryDelayMsMin ?? syncDefaults.retryDelayMsMin,
      retryDelayMsMax: options.retryDelayMsMax ?? syncDefaults.retryDelayMsMax,
    };
    assert(this.pullPageSize >= 1 && this.pullPageSize <= pullPageSizeMax, 'pull page size');
    assert(this.pushBatchSize >= 1 && this.pushBatchSize <= pushBatchSizeLimit, 'push batch size');
    this.connectivity = createConnectivity({
      client: this.client,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? syncDefaults.heartbeatIntervalMs,
      heartbeatTimeoutMs: syncDefaults.heartbeatTimeoutMs,
    });
  }

  isOnline(): boolean {
    return this.onlineSubject.value;
  }

  start(): void {
    if (this.subscriptions) return;
    this.isStopped = false;
    const subscriptions = new Subscription();
    this.subscriptions = subscriptions;
    subscriptions.add(
      this.connectivity.online$.subscribe((isOnline) => this.onlineSubject.next(isOnline)),
    );
    subscriptions.add(
      this.onlineSubject
        .pipe(distinctUntilChanged(), filter(Boolean))
        .subscribe(() => this.onReconnect()),
    );
    subscriptions.add(
      this.onlineSubject
        .pipe(switchMap((isOnline) => (isOnline ? this.pokes$() : EMPTY)))
        .subscribe((cursor) => {
          if (cursor > this.knownCursor) this.requestPull();
        }),
    );
    subscriptions.add(
      this.onlineSubject
        .pipe(switchMap((isOnline) => (isOnline ? interval(this.pullIntervalMs) : EMPTY)))
        .subscribe(() => this.requestPull()),
    );
    subscriptions.add(this.statusUpdates());
    void this.loadRemembered();
  }

  stop(): void {
    this.isStopped = true;
    this.subscriptions?.unsubscribe();
    this.subscriptions = null;
    this.retrySubscription?.unsubscribe();
    this.retrySubscription = null;
    this.onlineSubject.next(false);
    this.statusSubject.next({ ...this.statusSubject.value, isOnline: false });
  }

  notifyOutbox(): void {
    this.requestPush();
  }

  pushNow(): Promise<void> {
    return this.pushRunner.run();
  }

  pullNow(): Promise<void> {
    return this.pullRunner.run();
  }

  async whenIdle(): Promise<void> {
    await Promise.all([this.pushRunner.idle(), this.pullRunner.idle()]);
    await this.lock.idle();
  }

  async refreshCustomer(customerId: string): Promise<CachedCustomer | null> {
    if (!this.isOnline()) return (await this.db.customers.get(customerId)) ?? null;
    const refreshed = this.lock
      .run(() => this.refreshAndStore(customerId))
      .catch((error: unknown) => {
        // The server's failures were logged where they happened; anything else is a bug here.
        const isLedgerFailure =
          error instanceof LedgerUnreachableError || error instanceof LedgerRefusalError;
        if (!isLedgerFailure) this.logger.error('refresh failed', { error });
        return null;
      });
    // A refresh queued behind a long push must not freeze the screen: past the wait the cashier
    // gets the cached record, and the refresh still lands when its turn comes.
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<null>((resolve) => {
      deadline = setTimeout(() => resolve(null), syncDefaults.refreshWaitMsMax);
    });
    const result = await Promise.race([refreshed, timedOut]);
    clearTimeout(deadline);
    return result ?? (await this.db.customers.get(customerId)) ?? null;
  }

  async retryFailed(orderId: string): Promise<void> {
    const nowIso = this.now().toISOString();
    const isRequeued = await this.db.transaction(
      'rw',
      [this.db.orders, this.db.outbox],
      async () => {
        const tillOrder = await this.db.orders.get(orderId);
        if (tillOrder?.status !== 'failed') return false;
        await this.db.orders.update(orderId, { status: 'pending', failure: null });
        await this.db.outbox.put({
          orderId,
          sequence: tillOrder.order.sequence,
          createdAt: tillOrder.order.createdAt,
          attemptCount: 0,
          nextAttemptAt: nowIso,
          lastError: null,
        });
        return true;
      },
    );
    if (!isRequeued) {
      this.logger.warn('retry asked for an order that has not failed', { orderId });
      return;
    }
    this.logger.info('failed order back in the outbox', { orderId });
    this.requestPush();
  }

  async setAsideFailed(orderId: string, manager: { id: string; name: string }): Promise<boolean> {
    const outcome = await setAsideFailedOrder(this.db, orderId, manager, this.nowIso());
    if (outcome === 'not_failed') {
      this.logger.warn('set aside asked for an order that has not failed', { orderId });
      return false;
    }
    this.logger.info('failed order set aside', { orderId, managerId: manager.id });
    return true;
  }

  private onReconnect(): void {
    this.logger.info('server reachable');
    // Back online, the outbox goes at once: the backoff was for the outage that just ended.
    this.pushFailureCount = 0;
    this.retrySubscription?.unsubscribe();
    this.retrySubscription = null;
    this.requestPush();
    this.requestPull();
  }

  private requestPush(): void {
    if (!this.subscriptions || !this.isOnline()) return;
    this.pushRunner.run().catch((error: unknown) => {
      this.logger.error('push run failed', { error });
    });
  }

  private requestPull(): void {
    if (!this.subscriptions || !this.isOnline()) return;
    this.pullRunner.run().catch((error: unknown) => {
      this.logger.warn('pull run failed', { error });
    });
  }

  private async loadRemembered(): Promise<void> {
    const [cursor, lastPullAt, lastPushAt] = await Promise.all([
      readSyncState<number>(this.db, 'cursor'),
      readSyncState<string>(this.db, 'lastPullAt'),
      readSyncState<string>(this.db, 'lastPushAt'),
    ]);
    this.knownCursor = Math.max(this.knownCursor, cursor ?? 0);
    const remembered = [lastPullAt, lastPushAt, this.lastSuccessSubject.value]
      .filter((value): value is string => value !== null)
      .sort()
      .at(-1);
    if (remembered !== undefined) this.lastSuccessSubject.next(remembered);
  }

  private noteSuccess(atIso: string): void {
    this.lastSuccessSubject.next(atIso);
  }

  private noteRequestFailure(what: string, error: unknown): void {
    if (error instanceof LedgerUnreachableError) {
      this.logger.info(`${what}: server unreachable`, { error });
      // The heartbeat decides whether the till is offline; it is asked now rather than later.
      this.connectivity.probe();
    } else if (error instanceof LedgerRefusalError) {
      this.logger.warn(`${what}: refused`, { status: error.status, code: error.code });
    } else {
      this.logger.error(`${what}: failed`, { error });
    }
  }

  // Push.

  private async pushOutbox(): Promise<void> {
    for (let batch = 0; batch < pushBatchesPerRunMax; batch += 1) {
      if (this.isStopped) return;
      const step = await this.lock.run(() => this.pushOneBatch());
      if (step !== 'pushed') return;
      await yieldToEventLoop();
    }
    this.requestPush();
  }

  private async pushOneBatch(): Promise<PushStep> {
    const batch = await this.takeBatch();
    if (batch === null) return 'empty';
    const { items, orders } = batch;
    if (orders.length === 0) return 'pushed';

    let response;
    try {
      response = await this.client.push(orders);
    } catch (error) {
      await this.recordPushFailure(items, error);
      return 'failed';
    }

    const nowIso = this.now().toISOString();
    const outcome = await applyPushResults(this.db, orders, response, nowIso);
    this.noteSuccess(nowIso);
    this.logger.debug('pushed', {
      sentCount: orders.length,
      bookedCount: outcome.bookedCount,
      failedCount: outcome.failedCount,
      sequenceGapCount: response.sequenceGaps.length,
    });
    if (outcome.failedCount > 0) this.logger.warn('orders refused', { count: outcome.failedCount });
    for (const orderId of outcome.overdrawnOrderIds) {
      this.logger.warn('offline spend overdrew a wallet', { orderId });
    }
    // The server moved on (this push, or changes by others), or orders booked by a push whose
    // answer was lost still wait for a balance that contains them: a pull settles both.
    if (response.cursor > this.knownCursor || outcome.unsettledCount > 0) this.requestPull();
    if (outcome.unansweredOrderIds.length > 0) {
      const unanswered = items.filter((item) => outcome.unansweredOrderIds.includes(item.orderId));
      await this.recordPushFailure(unanswered, new Error('the server left orders unanswered'));
      return 'failed';
    }
    this.pushFailureCount = 0;
    return 'pushed';
  }

  /**
   * The next outbox items with their orders, read in one transaction, then the attempt counted
   * in a second: every transaction of the drain waits for the one before to commit, and a
   * read-write one commits even with nothing to write, which the empty outbox of a till that
   * just started must not pay before its first pull. An item whose order is gone is dropped,
   * loudly.
   */
  private async takeBatch(): Promise<{ items: OutboxItem[]; orders: Order[] } | null> {
    const { db } = this;
    const [found, tillOrders] = await db.transaction('r', [db.outbox, db.orders], async () => {
      const items = await db.outbox.orderBy('sequence').limit(this.pushBatchSize).toArray();
      const orderIds = items.map((item) => item.orderId);
      const orders = orderIds.length > 0 ? await db.orders.bulkGet(orderIds) : [];
      return [items, orders] as const;
    });
    if (found.length === 0) return null;

    const items: OutboxItem[] = [];
    const orders: Order[] = [];
    const orphanIds: string[] = [];
    found.forEach((item, index) => {
      const tillOrder = tillOrders[index];
      if (tillOrder) {
        items.push(item);
        orders.push(tillOrder.order);
      } else {
        orphanIds.push(item.orderId);
      }
    });
    if (orphanIds.length > 0) {
      this.logger.error('outbox items without their order', { orderIds: orphanIds });
    }
    await db.transaction('rw', db.outbox, async () => {
      if (orphanIds.length > 0) await db.outbox.bulkDelete(orphanIds);
      if (items.length > 0) await this.markAttempt(items);
    });
    return { items, orders };
  }

  /**
   * Counted before the request leaves: an order sent once may be booked even if the answer never
   * comes back, and the reconciliation after a pull asks the server only about those.
   */
  private async markAttempt(items: readonly OutboxItem[]): Promise<void> {
    const nowIso = this.now().toISOString();
    await this.db.outbox.bulkPut(
      items.map((item) => ({
        ...item,
        attemptCount: item.attemptCount + 1,
        nextAttemptAt: nowIso,
      })),
    );
  }

  private async recordPushFailure(items: readonly OutboxItem[], error: unknown): Promise<void> {
    this.noteRequestFailure('push', error);
    this.pushFailureCount += 1;
    const delayMs = retryDelayMs(this.pushFailureCount, this.pushRetryBounds, this.random);
    const nextAttemptAt = new Date(this.now().getTime() + delayMs).toISOString();
    const lastError = error instanceof Error ? error.message.slice(0, 500) : String(error);
    const current = await this.db.outbox.bulkGet(items.map((item) => item.orderId));
    await this.db.outbox.bulkPut(
      current.flatMap((item) => (item ? [{ ...item, nextAttemptAt, lastError }] : [])),
    );
    this.retrySubscription?.unsubscribe();
    this.retrySubscription = timer(delayMs).subscribe(() => this.requestPush());
  }

  // Pull.

  private async pullAllPages(): Promise<void> {
    const isFirstSync = (await readSyncState(this.db, 'firstSyncCompletedAt')) === null;
    let hasMore = true;
    for (let pageNumber = 0; hasMore && pageNumber < pullPagesPerRunMax; pageNumber += 1) {
      if (this.isStopped) return;
      hasMore = await this.lock.run(() => this.pullOnePage(isFirstSync));
      if (hasMore) await yieldToEventLoop();
    }
    if (hasMore) {
      this.logger.warn('pull stopped at its page bound; resuming', {
        pageCount: pullPagesPerRunMax,
      });
      this.requestPull();
      return;
    }
    if (isFirstSync) {
      await this.db.syncState.put({ key: 'firstSyncCompletedAt', value: this.nowIso() });
      this.firstSyncSubject.next(null);
    }
    await this.reconcilePendingWallets();
  }

  private async pullOnePage(isFirstSync: boolean): Promise<boolean> {
    const cursor = (await readSyncState<number>(this.db, 'cursor')) ?? 0;
    let page;
    try {
      page = await this.client.pull(cursor, this.pullPageSize);
    } catch (error) {
      this.noteRequestFailure('pull', error);
      throw error;
    }
    const settledOrderIds = await this.bookedOrdersBehind(page);
    const pulledAt = this.nowIso();
    await applyPullPage(this.db, page, { previousCursor: cursor, pulledAt, settledOrderIds });
    this.knownCursor = Math.max(this.knownCursor, page.cursor);
    this.noteSuccess(pulledAt);
    if (isFirstSync) {
      const total = Math.max(page.latestCursor, page.cursor);
      this.firstSyncSubject.next({ loaded: page.cursor, total });
    }
    return page.hasMore;
  }

  /**
   * A pulled balance already contains any order of this till the server booked while its answer
   * was lost; the till still holds that order as pending and would count it twice. Before the
   * page is written, the server is asked which of them it has booked, for the wallets in the
   * page, and those movements leave with the same transaction. The answer matches the page:
   * under the lock no push of this till is on its way, so its set of booked orders holds still.
   */
  private async bookedOrdersBehind(page: PullResponse): Promise<string[]> {
    if (page.customers.length === 0) return [];
    const possiblyBooked = await this.walletsPossiblyBooked();
    if (possiblyBooked.size === 0) return [];
    const bookedIds: string[] = [];
    let askedCount = 0;
    for (const customer of page.customers) {
      const customerId = possiblyBooked.get(customer.walletId);
      if (customerId === undefined || askedCount >= reconcileWalletsMax) continue;
      possiblyBooked.delete(customer.walletId);
      askedCount += 1;
      const pendingOrderIds = await this.pendingOrderIdsOf(customer.walletId);
      try {
        const answer = await this.client.refresh(customerId, pendingOrderIds);
        bookedIds.push(...answer.bookedOrderIds);
      } catch (error) {
        this.noteRequestFailure('settle', error);
        // Unreachable: the page waits for the next pull. Refused: this wallet stays unsettled
        // (counted twice at worst, never lost) rather than holding up the whole download.
        if (!(error instanceof LedgerRefusalError)) throw error;
      }
    }
    return bookedIds;
  }

  /**
   * The same question for every wallet still concerned after a pull (its customers were in no
   * page), answered with the server's current balance, in one transaction per wallet.
   */
  private async reconcilePendingWallets(): Promise<void> {
    const customerIds = [...(await this.walletsPossiblyBooked()).values()];
    if (customerIds.length > reconcileWalletsMax) {
      this.logger.warn('more wallets to reconcile than one pull handles', {
        walletCount: customerIds.length,
      });
    }
    for (const customerId of customerIds.slice(0, reconcileWalletsMax)) {
      if (this.isStopped) return;
      try {
        await this.lock.run(() => this.refreshAndStore(customerId));
      } catch (error) {
        if (!(error instanceof LedgerRefusalError)) throw error;
        this.noteRequestFailure('reconcile', error);
      }
    }
  }

  /** One customer per wallet that has a pending movement the server may have booked. */
  private walletsPossiblyBooked(): Promise<Map<string, string>> {
    const { db } = this;
    return db.transaction('r', [db.pendingMovements, db.outbox, db.orders], async () => {
      const movements = await db.pendingMovements.toArray();
      const orderIds = movements.map((movement) => movement.orderId);
      const [outboxItems, tillOrders] = await Promise.all([
        db.outbox.bulkGet(orderIds),
        db.orders.bulkGet(orderIds),
      ]);
      const customerByWallet = new Map<string, string>();
      movements.forEach((movement, index) => {
        const item = outboxItems[index];
        const tillOrder = tillOrders[index];
        // Never sent: not booked. Refused: not booked, unless refused as a conflict, which
        // means an order with this id is on the books.
        const isPossiblyBooked = item
          ? item.attemptCount > 0
          : tillOrder?.status !== 'failed' || tillOrder.failure?.reason === 'conflict';
        if (isPossiblyBooked && !customerByWallet.has(movement.walletId)) {
          customerByWallet.set(movement.walletId, movement.customerId);
        }
      });
      return customerByWallet;
    });
  }

  private async pendingOrderIdsOf(walletId: string): Promise<string[]> {
    const pending = await this.db.pendingMovements.where('walletId').equals(walletId).toArray();
    if (pending.length > refreshPendingIdsMax) {
      this.logger.warn('more pending orders on one wallet than a refresh can ask about', {
        pendingCount: pending.length,
      });
    }
    return pending.slice(0, refreshPendingIdsMax).map((movement) => movement.orderId);
  }

  // Refresh.

  private async refreshAndStore(customerId: string): Promise<CachedCustomer> {
    const cached = await this.db.customers.get(customerId);
    const pendingOrderIds = cached
      ? await this.pendingOrderIdsOf(cached.walletId)
      : (await this.db.pendingMovements.filter((m) => m.customerId === customerId).toArray())
          .slice(0, refreshPendingIdsMax)
          .map((movement) => movement.orderId);
    let response;
    try {
      response = await this.client.refresh(customerId, pendingOrderIds);
    } catch (error) {
      this.noteRequestFailure('refresh', error);
      throw error;
    }
    const stored = await applyRefresh(this.db, response);
    this.noteSuccess(this.nowIso());
    return stored;
  }

  // Pokes.

  /**
   * The server's pokes while online. The stream drops with the network or a server restart; it
   * is opened again after a growing, capped wait, reset by the first poke of a new stream (the
   * server sends its cursor as soon as a stream opens).
   */
  private pokes$(): Observable<number> {
    const bounds = {
      retryDelayMsMin: syncDefaults.pokeReconnectDelayMsMin,
      retryDelayMsMax: syncDefaults.pokeReconnectDelayMsMax,
    };
    const stream$ = new Observable<number>((subscriber) => {
      const controller = new AbortController();
      this.client
        .listen((cursor) => subscriber.next(cursor), controller.signal)
        .then(
          () => subscriber.error(new LedgerUnreachableError('the poke stream ended')),
          (error: unknown) => subscriber.error(error),
        );
      return () => controller.abort();
    });
    return stream$.pipe(
      retry({
        resetOnSuccess: true,
        delay: (error: unknown, attempt: number) => {
          this.logger.debug('poke stream lost', { error, attempt });
          return timer(retryDelayMs(attempt, bounds, this.random));
        },
      }),
    );
  }

  // Status.

  private statusUpdates(): Subscription {
    return combineLatest([
      this.onlineSubject,
      this.outboxView$(),
      this.firstSyncSubject,
      this.lastSuccessSubject,
    ]).subscribe(([isOnline, view, firstSync, lastSuccessAt]) => {
      this.statusSubject.next({ isOnline, ...view, firstSync, lastSuccessAt });
    });
  }

  /** The outbox and the failed orders, re-read by Dexie after every write that touches them. */
  private outboxView$(): Observable<OutboxView> {
    const { db } = this;
    const view = new Observable<OutboxView>((subscriber) => {
      const subscription = liveQuery(() =>
        db.transaction('r', [db.outbox, db.orders], async () => {
          const pendingCount = await db.outbox.count();
          const oldest = await db.outbox.orderBy('sequence').first();
          const failedOrders = await db.orders
            .where('status')
            .equals('failed')
            .limit(failedListMax)
            .toArray();
          const failed = failedOrders
            .map((tillOrder) => ({
              orderId: tillOrder.id,
              sequence: tillOrder.order.sequence,
              reason: tillOrder.failure?.reason ?? 'invalid_order',
              detail: tillOrder.failure?.detail ?? '',
            }))
            .sort((left, right) => left.sequence - right.sequence);
          return { pendingCount, oldestPendingAt: oldest?.createdAt ?? null, failed };
        }),
      ).subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => subscriber.error(error),
      });
      return () => subscription.unsubscribe();
    });
    return view.pipe(
      catchError((error: unknown) => {
        this.logger.error('status query failed', { error });
        return EMPTY;
      }),
    );
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}
