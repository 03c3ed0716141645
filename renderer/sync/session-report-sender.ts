// Sends the Z reports of closed sessions to the server, as the outbox sends orders: a report is
// stored pending at close and stays so until the server has it, whatever happens to the network
// or the till meanwhile. A report waits until the session's orders are no longer waiting to be
// pushed, so the server has booked them when it compares its ledger's figures with the till's;
// an order the server refused does not hold the report back, since it may never be booked.
// Sending again is harmless: the server answers `exists` for the same report.
import { liveQuery } from 'dexie';
import type { Observable, Subscription } from 'rxjs';
import type { Logger } from '../../shared/logger.ts';
import { LedgerUnreachableError, type LedgerClient } from '../api/ledger-client.ts';
import type { TillDatabase, TillSession } from '../store/database.ts';
import { retryDelayMs, type RetryDelayBounds } from './backoff.ts';

export interface SessionReportSenderOptions {
  db: TillDatabase;
  client: Pick<LedgerClient, 'putSessionReport'>;
  logger: Logger;
  /** The sync engine's connectivity: a report goes out when the server answers again. */
  online$: Observable<boolean>;
  isOnline(): boolean;
  now?: () => Date;
  retryDelayMsMin?: number;
  retryDelayMsMax?: number;
  random?: () => number;
}

export interface SessionReportSender {
  start(): void;
  stop(): void;
  /** Sends what can be sent now; resolves when this run is over. */
  sendNow(): Promise<void>;
}

/** Reports sent per run; a till closes a session or two a day, so this is only a bound. */
const reportsPerRunMax = 20;

type SendResult = 'sent' | 'waiting' | 'failed';

export function createSessionReportSender(
  options: SessionReportSenderOptions,
): SessionReportSender {
  const { db, client } = options;
  const logger = options.logger.child('session-reports');
  const now = options.now ?? (() => new Date());
  const bounds: RetryDelayBounds = {
    retryDelayMsMin: options.retryDelayMsMin ?? 1_000,
    retryDelayMsMax: options.retryDelayMsMax ?? 60_000,
  };

  let subscriptions: { unsubscribe(): void }[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failureCount = 0;
  let running: Promise<void> | null = null;
  let isRerunWanted = false;
  let isStarted = false;

  async function sendOne(session: TillSession): Promise<SendResult> {
    if (!session.report) return 'waiting';
    const pendingOrders = await db.orders
      .where('order.sessionId')
      .equals(session.id)
      .filter((row) => row.status === 'pending')
      .count();
    if (pendingOrders > 0) return 'waiting';
    try {
      const answer = await client.putSessionReport(session.report);
      await db.sessions.update(session.id, {
        reportStatus: 'sent',
        reportSentAt: now().toISOString(),
      });
      logger.info('session report sent', { sessionId: session.id, status: answer.status });
      return 'sent';
    } catch (error) {
      if (error instanceof LedgerUnreachableError) {
        logger.info('session report waits for the server', { sessionId: session.id });
      } else {
        // A refusal will not mend by itself, but the report must not be dropped: it is kept,
        // retried at the slowest pace, and the close screen shows it as not yet sent.
        logger.error('session report refused', { sessionId: session.id, error });
      }
      return 'failed';
    }
  }

  async function runOnce(): Promise<void> {
    const pending = await db.sessions.where('reportStatus').equals('pending').toArray();
    pending.sort((left, right) => (left.closedAt ?? '').localeCompare(right.closedAt ?? ''));
    for (const session of pending.slice(0, reportsPerRunMax)) {
      if (!isStarted) return;
      const result = await sendOne(session);
      if (result === 'failed') {
        failureCount += 1;
        scheduleRetry();
        return;
      }
      if (result === 'sent') failureCount = 0;
    }
  }

  function scheduleRetry(): void {
    if (retryTimer || !isStarted) return;
    const delayMs = retryDelayMs(failureCount, bounds, options.random);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void sendNow();
    }, delayMs);
  }

  function sendNow(): Promise<void> {
    if (running) {
      isRerunWanted = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          isRerunWanted = false;
          await runOnce();
        } while (isRerunWanted && isStarted);
      } catch (error) {
        logger.error('session report run failed', { error });
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    start() {
      if (isStarted) return;
      isStarted = true;
      // Woken by a report closed pending, an order of its session booked, or the network back.
      const watched = liveQuery(() =>
        Promise.all([
          db.sessions.where('reportStatus').equals('pending').count(),
          db.orders.where('status').equals('pending').count(),
        ]),
      ).subscribe({
        next: ([reportCount]) => {
          if (reportCount > 0 && options.isOnline()) void sendNow();
        },
        error: (error: unknown) => logger.error('session report watch failed', { error }),
      });
      const online: Subscription = options.online$.subscribe((isOnline) => {
        if (!isOnline) return;
        failureCount = 0;
        if (retryTimer) clearTimeout(retryTimer);
        retryTimer = null;
        void sendNow();
      });
      subscriptions = [watched, online];
    },
    stop() {
      isStarted = false;
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriptions = [];
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    },
    sendNow: () => (isStarted ? sendNow() : Promise.resolve()),
  };
}
