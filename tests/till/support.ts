// A till for tests: its own IndexedDB (fake-indexeddb, a fresh database name each time), the
// real ledger client and sync engine, talking to a real ledger server over a real socket. The
// network between them can be cut, can answer 503 on chosen paths, or can lose the answer of a
// request the server did receive, which is how a till meets the network in a shop.
import 'fake-indexeddb/auto';
import { firstValueFrom, filter, Observable } from 'rxjs';
import { liveQuery } from 'dexie';
import type { Customer, OrderLine, OrderPayment } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { createLedgerClient } from '../../renderer/api/ledger-client.ts';
import type { SaleDraft } from '../../renderer/sale/sale.ts';
import type { ValidateSaleDeps } from '../../renderer/sale/validate-sale.ts';
import { TillDatabase } from '../../renderer/store/database.ts';
import {
  createSyncEngine,
  type SyncEngineOptions,
  type TillSyncEngine,
} from '../../renderer/sync/engine.ts';
import type { SyncStatus } from '../../renderer/sync/types.ts';
import type { TestServer } from '../support/server.ts';

export interface Network {
  fetch: typeof fetch;
  /** Every request fails as if the cable were pulled. */
  isDown: boolean;
  /** Paths answered 503 by a "proxy" without reaching the server. */
  failingPaths: Set<string>;
  /** Per path, how many next answers are lost after the server handled the request. */
  lostAnswers: Map<string, number>;
  /** The paths and queries requested, in order. */
  requests: string[];
}

export function createNetwork(): Network {
  const network: Network = {
    isDown: false,
    failingPaths: new Set(),
    lostAnswers: new Map(),
    requests: [],
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      network.requests.push(`${url.pathname}${url.search}`);
      if (network.isDown) throw new TypeError('fetch failed: network is down');
      if (network.failingPaths.has(url.pathname)) {
        return new Response('upstream unavailable', { status: 503 });
      }
      const response = await fetch(input, init);
      const lostCount = network.lostAnswers.get(url.pathname) ?? 0;
      if (lostCount > 0) {
        network.lostAnswers.set(url.pathname, lostCount - 1);
        await response.arrayBuffer();
        throw new TypeError('fetch failed: connection reset before the answer');
      }
      return response;
    },
  };
  return network;
}

export interface TestTill {
  db: TillDatabase;
  engine: TillSyncEngine;
  network: Network;
  deps: ValidateSaleDeps;
  databaseName: string;
  close: () => Promise<void>;
}

let tillCounter = 0;

export function openTill(
  server: TestServer,
  options: {
    databaseName?: string;
    network?: Network;
    engine?: Partial<Omit<SyncEngineOptions, 'db' | 'client' | 'logger'>>;
  } = {},
): TestTill {
  tillCounter += 1;
  const databaseName = options.databaseName ?? `till-${tillCounter}-${newId()}`;
  const network = options.network ?? createNetwork();
  const db = new TillDatabase(databaseName);
  const connection = {
    serverUrl: server.url,
    tillId: server.store.till.id,
    tillToken: server.store.token,
    tillName: 'Caisse 1',
  };
  const client = createLedgerClient(connection, network.fetch);
  const { logger } = createMemoryLogger('till');
  const engine = createSyncEngine({
    db,
    client,
    logger,
    // Short waits keep the suite quick; no assertion depends on them.
    heartbeatIntervalMs: 50,
    retryDelayMsMin: 20,
    retryDelayMsMax: 200,
    ...options.engine,
  });
  const deps: ValidateSaleDeps = { db, engine, client, tillId: connection.tillId, logger };
  return {
    db,
    engine,
    network,
    deps,
    databaseName,
    close: async () => {
      engine.stop();
      await engine.whenIdle();
      db.close();
    },
  };
}

/** Starts the engine and waits for its first full download. */
export async function startSynced(till: TestTill): Promise<void> {
  till.engine.start();
  await waitOnline(till.engine, true);
  await till.engine.pullNow();
}

export function waitOnline(engine: TillSyncEngine, isOnline: boolean): Promise<boolean> {
  return firstValueFrom(engine.online$.pipe(filter((value) => value === isOnline)));
}

export function waitForStatus(
  engine: TillSyncEngine,
  predicate: (status: SyncStatus) => boolean,
): Promise<SyncStatus> {
  return firstValueFrom(engine.status$.pipe(filter(predicate)));
}

/** Waits until a query over the till's database gives an answer the predicate accepts. */
export function waitForDb<T>(
  query: () => Promise<T>,
  predicate: (value: T) => boolean,
): Promise<T> {
  const changes = new Observable<T>((subscriber) => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => subscriber.next(value),
      error: (error: unknown) => subscriber.error(error),
    });
    return () => subscription.unsubscribe();
  });
  return firstValueFrom(changes.pipe(filter(predicate)));
}

/** Resolves once the outbox is empty and no order waits to be booked. */
export function waitForDrained(db: TillDatabase): Promise<unknown> {
  return waitForDb(
    () =>
      db.transaction('r', [db.outbox, db.orders], async () => ({
        outboxCount: await db.outbox.count(),
        pendingCount: await db.orders.where('status').equals('pending').count(),
      })),
    (counts) => counts.outboxCount === 0 && counts.pendingCount === 0,
  );
}

export function draft(
  sale: {
    customer?: Customer | null;
    lines: OrderLine[];
    payments: OrderPayment[];
    isChangeToWallet?: boolean;
  },
  orderId = newId(),
): SaleDraft {
  return {
    orderId,
    customer: sale.customer ?? null,
    lines: sale.lines,
    payments: sale.payments,
    isChangeToWallet: sale.isChangeToWallet ?? false,
    cashierId: null,
    cashierName: 'Test',
    sessionId: null,
    refundOfOrderId: null,
  };
}

export async function serverBalance(server: TestServer, customerId: string): Promise<number> {
  const customer = await server.ledger.readCustomer(customerId);
  if (!customer) throw new Error(`no customer ${customerId} on the server`);
  return customer.walletBalanceMinor;
}

/** How many times the server has each of these orders on its books. */
export async function bookedTimes(server: TestServer, orderIds: readonly string[]) {
  const rows = await server.ledger.database.read((sql) =>
    sql.all<{ order_id: string }>(
      `SELECT order_id FROM transactions WHERE kind = 'order' AND order_id IN (${orderIds
        .map(() => '?')
        .join(', ')})`,
      orderIds,
    ),
  );
  return orderIds.map((id) => rows.filter((row) => row.order_id === id).length);
}
