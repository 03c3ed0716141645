// Connectivity is the browser's online state and the server's heartbeat together: the browser
// saying "offline" is believed at once, "online" is checked with the server, and a server that
// stops answering turns the till offline although the browser still says online.
import { firstValueFrom, filter, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerClient } from '../../renderer/api/ledger-client.ts';
import { retryDelayMs } from '../../renderer/sync/backoff.ts';
import { createConnectivity, offlineHeartbeatMs } from '../../renderer/sync/connectivity.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { createNetwork } from './support.ts';

// Node has no window: the browser's online/offline events come from this stand-in.
const browserWindow = new EventTarget();
Object.assign(globalThis, {
  addEventListener: browserWindow.addEventListener.bind(browserWindow),
  removeEventListener: browserWindow.removeEventListener.bind(browserWindow),
});

function next(online$: Observable<boolean>, isOnline: boolean): Promise<boolean> {
  return firstValueFrom(online$.pipe(filter((value) => value === isOnline)));
}

describe('connectivity on sqlite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(() => server.close());

  it('follows the browser events and the heartbeat, each emitting only changes', async () => {
    const network = createNetwork();
    const client = createLedgerClient(
      {
        serverUrl: server.url,
        tillId: server.store.till.id,
        tillToken: server.store.token,
        tillName: 'Caisse 1',
      },
      network.fetch,
    );
    const { online$ } = createConnectivity({
      client,
      heartbeatIntervalMs: 20,
      heartbeatTimeoutMs: 1_000,
    });
    const seen: boolean[] = [];
    const subscription = online$.subscribe((value) => seen.push(value));
    try {
      await next(online$, true);
      browserWindow.dispatchEvent(new Event('offline'));
      await next(online$, false);
      browserWindow.dispatchEvent(new Event('online'));
      await next(online$, true);
      network.isDown = true;
      await next(online$, false);
      network.isDown = false;
      await next(online$, true);
      expect(seen).toEqual([true, false, true, false, true]);
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe('retry delays', () => {
  const bounds = { retryDelayMsMin: 1_000, retryDelayMsMax: 60_000 };

  it.each([
    { attempt: 1, random: 0, delayMs: 500 },
    { attempt: 1, random: 1, delayMs: 1_000 },
    { attempt: 2, random: 1, delayMs: 2_000 },
    { attempt: 4, random: 0.5, delayMs: 6_000 },
    { attempt: 7, random: 1, delayMs: 60_000 },
    { attempt: 1_000_000, random: 0, delayMs: 30_000 },
  ])('waits $delayMs ms before retry $attempt at draw $random', ({ attempt, random, delayMs }) => {
    expect(retryDelayMs(attempt, bounds, () => random)).toBe(delayMs);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attempt number %s', (attempt) => {
    expect(() => retryDelayMs(attempt, bounds)).toThrow(/attempt/);
  });

  it('refuses bounds in the wrong order', () => {
    expect(() => retryDelayMs(1, { retryDelayMsMin: 10, retryDelayMsMax: 5 })).toThrow(/bounds/);
  });

  it('probes an unreachable server faster than a reachable one, but not in a tight loop', () => {
    expect(offlineHeartbeatMs(5_000)).toBe(1_250);
    expect(offlineHeartbeatMs(600)).toBe(250);
    expect(offlineHeartbeatMs(50)).toBe(50);
  });
});
