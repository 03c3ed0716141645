// Whether the till can reach its ledger server, as an observable. The browser's online state
// alone is not enough (a shop's Wi-Fi can be up with the internet down), and a heartbeat alone
// reacts slowly to a pulled cable, so both count: while the browser says offline nothing is
// tried; otherwise the server's health answer decides. The heartbeat runs faster while the
// server is unreachable, so the till notices within seconds that it is back.
import type { Observable } from 'rxjs';
import {
  catchError,
  defer,
  distinctUntilChanged,
  fromEvent,
  map,
  merge,
  of,
  race,
  repeat,
  shareReplay,
  startWith,
  Subject,
  switchMap,
  take,
  tap,
  timer,
} from 'rxjs';
import type { LedgerClient } from '../api/ledger-client.ts';

/** Never probe an unreachable server more often than this: a till must not flood the shop. */
export const offlineHeartbeatMsMin = 250;

export interface Connectivity {
  /** True while the browser is online and the server answered its last heartbeat. */
  readonly online$: Observable<boolean>;
  /** Asks for a heartbeat now, e.g. after a request failed, instead of waiting for the next. */
  probe(): void;
}

export function offlineHeartbeatMs(heartbeatIntervalMs: number): number {
  return Math.min(heartbeatIntervalMs, Math.max(offlineHeartbeatMsMin, heartbeatIntervalMs / 4));
}

export function createConnectivity(options: {
  client: LedgerClient;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
}): Connectivity {
  const probes = new Subject<void>();

  const heartbeat$ = (): Observable<boolean> => {
    let isReachable = false;
    return defer(() => options.client.health(options.heartbeatTimeoutMs)).pipe(
      // A health check that throws instead of answering false still means "not reachable".
      catchError(() => of(false)),
      tap((answer) => (isReachable = answer)),
      repeat({
        delay: () => {
          const waitMs = isReachable
            ? options.heartbeatIntervalMs
            : offlineHeartbeatMs(options.heartbeatIntervalMs);
          return race(timer(waitMs), probes.pipe(take(1)));
        },
      }),
    );
  };

  // Shared, so that every subscriber sees the same answers and the server gets one heartbeat;
  // the heartbeat stops when the last subscriber leaves.
  const online$ = browserOnline$().pipe(
    switchMap((isBrowserOnline) => (isBrowserOnline ? heartbeat$() : of(false))),
    distinctUntilChanged(),
    shareReplay({ bufferSize: 1, refCount: true }),
  );
  return { online$, probe: () => probes.next() };
}

/** The browser's own view, from `navigator.onLine` and the `online`/`offline` events. */
function browserOnline$(): Observable<boolean> {
  const target = globalThis as Partial<EventTarget>;
  if (typeof target.addEventListener !== 'function') return of(true);
  const isOnlineNow = typeof navigator === 'undefined' ? true : navigator.onLine;
  return merge(
    fromEvent(target as EventTarget, 'online').pipe(map(() => true)),
    fromEvent(target as EventTarget, 'offline').pipe(map(() => false)),
  ).pipe(startWith(isOnlineNow), distinctUntilChanged());
}
