// The till in a real browser against a real ledger server, for the end-to-end tests. The
// Electron binary is not available to the tests, so the built renderer (out/renderer) runs in
// Debian's headless Chromium, driven by playwright-core; the test plays the preload's host API.
//
// One browser per harness and one browser context per till. Playwright's `launch` already gives
// Chromium a fresh temporary profile (and deletes it on close), and every `newContext` is a
// separate storage partition with its own IndexedDB, so two tills never share a local store and
// a run never sees a previous run's data. A context's storage lives as long as the context, so a
// page reload (or `restartTill`) keeps the till's outbox, as restarting the app does. This is
// cheaper than one persistent profile folder per till, which would start one browser per till.
//
// The tills reach the server through a TCP proxy (reachability-proxy.ts) so a test can cut the
// network and restore it while the server keeps running with all its data.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { PrintOutcome, PrinterStatus, TillConnection } from '../../../shared/host-api.ts';
import type { ReceiptDocument } from '../../../shared/receipt.ts';
import type { SyncStateKey } from '../../../renderer/store/database.ts';
import { testStaff } from '../../support/store.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import type { HostHandlerSet } from '../../../electron/main/host-handlers.ts';
import {
  installHostApi,
  makeTillHost,
  recordingHostHandlers,
  type HostRecord,
} from './host-bridge.ts';
import { openSessionIfAsked, signIn } from './till-actions.ts';
import { startReachabilityProxy, type ReachabilityProxy } from './reachability-proxy.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export const chromiumPath = process.env.CAISSE_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** The first sync of the small test store takes well under a second; this bounds a hang. */
export const firstSyncTimeoutMs = 30_000;

/** The IndexedDB database the till's store opens (renderer/store/database.ts). */
export const tillDatabaseName = 'caisse-till';
/** The sync state the engine writes once the first download has reached the newest change. */
const firstSyncCompletedKey: SyncStateKey = 'firstSyncCompletedAt';

export const chromiumArgs = [
  // The test machine runs as root in a container, where Chromium's sandbox cannot start.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Every name but 127.0.0.1 fails to resolve: a test can never reach another machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export interface TillHarnessOptions {
  tillCount?: 1 | 2;
  /** Alice's opening wallet balance (the seeded store's default is 100,00). */
  walletBalanceMinor?: number;
  /** Where receipts go; by default they are recorded and the print succeeds. */
  printReceipt?: (receipt: ReceiptDocument, till: TillIdentity) => Promise<PrintOutcome>;
  openDrawer?: (till: TillIdentity) => Promise<PrintOutcome>;
  printerStatus?: (till: TillIdentity) => Promise<PrinterStatus>;
  /** The device setting every till of the harness locks after (the default is 5 minutes). */
  lockAfterIdleMinutes?: number;
}

export interface TillIdentity {
  index: number;
  tillId: string;
  tillToken: string;
  tillName: string;
}

export interface HarnessTill extends TillIdentity {
  context: BrowserContext;
  page: Page;
  /** Every receipt the till sent to the host, in order. */
  receipts: ReceiptDocument[];
  host: HostRecord;
  /** The main process's handlers behind this till, on their own data folder. */
  hostHandlers: HostHandlerSet;
  dataFolder: string;
  /** Uncaught errors in the page, so a test can show why a screen never appeared. */
  pageErrors: string[];
  /** Console errors, among them the browser's own (a request blocked by CORS, a failed load). */
  consoleErrors: string[];
}

export interface TillHarness {
  server: TestServer;
  /** The server address the tills use: the proxy in front of `server.url`. */
  tillServerUrl: string;
  rendererUrl: string;
  browser: Browser;
  tills: HarnessTill[];
  isServerReachable(): boolean;
  /** A new till with no connection, as a till is before its first pairing. */
  addUnpairedTill(): Promise<HarnessTill>;
  setServerReachable(isReachable: boolean): Promise<void>;
  close(): Promise<void>;
}

async function createTill(
  browser: Browser,
  identity: TillIdentity,
  serverUrl: string,
  options: TillHarnessOptions,
): Promise<HarnessTill> {
  const context = await browser.newContext({ locale: 'fr-BE', timezoneId: 'Europe/Brussels' });
  const connection: TillConnection | null = identity.tillId
    ? {
        serverUrl,
        tillId: identity.tillId,
        tillToken: identity.tillToken,
        tillName: identity.tillName,
      }
    : null;
  const tillHost = makeTillHost(
    connection,
    {
      printReceipt: (receipt) =>
        options.printReceipt?.(receipt, identity) ?? recordingHostHandlers.printReceipt(receipt),
      openDrawer: () => options.openDrawer?.(identity) ?? recordingHostHandlers.openDrawer(),
      printerStatus: () =>
        options.printerStatus?.(identity) ?? recordingHostHandlers.printerStatus(),
    },
    { lockAfterIdleMinutes: options.lockAfterIdleMinutes },
  );
  const host = await installHostApi(context, tillHost.handlers);
  const page = await context.newPage();
  const till: HarnessTill = {
    ...identity,
    context,
    page,
    receipts: host.receipts,
    host,
    hostHandlers: tillHost.real,
    dataFolder: tillHost.dataFolder,
    pageErrors: [],
    consoleErrors: [],
  };
  watchPage(till, page);
  return till;
}

function watchPage(till: HarnessTill, page: Page): void {
  page.on('pageerror', (error) => till.pageErrors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') till.consoleErrors.push(message.text());
  });
}

export async function startTillHarness(options: TillHarnessOptions = {}): Promise<TillHarness> {
  const tillCount = options.tillCount ?? 1;
  let staticServer: StaticServer | null = null;
  let server: TestServer | null = null;
  let proxy: ReachabilityProxy | null = null;
  let browser: Browser | null = null;
  const closeAll = async () => {
    await browser?.close();
    await proxy?.close();
    await staticServer?.close();
    await server?.close();
  };

  try {
    staticServer = await startStaticServer();
    server = await startTestServer('sqlite', { walletBalanceMinor: options.walletBalanceMinor });
    proxy = await startReachabilityProxy(Number(new URL(server.url).port));
    browser = await launchBrowser();

    const { till: firstTill, token: firstToken } = server.store;
    const identities: TillIdentity[] = [
      { index: 0, tillId: firstTill.id, tillToken: firstToken, tillName: firstTill.name },
    ];
    if (tillCount === 2) {
      const { till, token } = await server.ledger.createTill('Caisse 2');
      identities.push({ index: 1, tillId: till.id, tillToken: token, tillName: till.name });
    }

    const tills: HarnessTill[] = [];
    for (const identity of identities) {
      tills.push(await createTill(browser, identity, proxy.url, options));
    }

    const runningProxy = proxy;
    const runningBrowser = browser;
    return {
      addUnpairedTill: async () => {
        const identity = { index: tills.length, tillId: '', tillToken: '', tillName: '' };
        const till = await createTill(runningBrowser, identity, runningProxy.url, options);
        tills.push(till);
        return till;
      },
      server,
      tillServerUrl: proxy.url,
      rendererUrl: staticServer.indexUrl,
      browser,
      tills,
      isServerReachable: () => runningProxy.isReachable,
      setServerReachable: (isReachable) => runningProxy.setReachable(isReachable),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Who `openTill` signs in: the seeded store's cashier, its manager, or nobody. */
export type SignInAs = 'cashier' | 'manager' | null;

export interface OpenTillOptions {
  isFirstSyncAwaited?: boolean;
  /** The cashier by default; null leaves the till on its lock screen. */
  signInAs?: SignInAs;
  /**
   * The cash float typed when the till asks to open its session, "0" by default; null leaves
   * the till on its "open the session" screen. A till whose session is open goes straight on.
   */
  sessionFloat?: string | null;
}

/**
 * Loads the till's screen. By default it waits for the first sync to finish: the sync indicator
 * is shown, the first-sync progress is gone, and the local store says the first download is
 * complete (the progress bar alone could be missed before it first appears). Then it signs in
 * the seeded cashier, unless asked for the manager or for nobody.
 */
export async function openTill(
  harness: TillHarness,
  till: HarnessTill,
  options: OpenTillOptions = {},
): Promise<void> {
  await till.page.goto(harness.rendererUrl);
  await till.page.getByTestId('sync-indicator').waitFor({ timeout: firstSyncTimeoutMs });
  if (options.isFirstSyncAwaited ?? true) await waitForFirstSync(till);
  const signInAs = options.signInAs === undefined ? 'cashier' : options.signInAs;
  if (signInAs !== null) {
    const person = testStaff[signInAs];
    const float = options.sessionFloat === undefined ? '0' : options.sessionFloat;
    await signIn(till.page, person.name, person.pin, { sessionFloat: float });
    if (float !== null) await openSessionIfAsked(till.page, float);
  }
}

export async function waitForFirstSync(till: HarnessTill): Promise<void> {
  try {
    await till.page.waitForFunction(
      async ({ databaseName, completedKey }) => {
        if (document.querySelector('[data-testid="first-sync-progress"]')) return false;
        if (!document.querySelector('[data-testid="sync-indicator"]')) return false;
        // Never open a database that does not exist: that would create an empty one.
        const databases = await indexedDB.databases();
        if (!databases.some((database) => database.name === databaseName)) return false;
        return new Promise<boolean>((resolve) => {
          const request = indexedDB.open(databaseName);
          request.onerror = () => resolve(false);
          request.onsuccess = () => {
            const database = request.result;
            if (!database.objectStoreNames.contains('syncState')) {
              database.close();
              resolve(false);
              return;
            }
            const read = database
              .transaction('syncState')
              .objectStore('syncState')
              .get(completedKey);
            read.onsuccess = () => {
              database.close();
              resolve(read.result !== undefined);
            };
            read.onerror = () => {
              database.close();
              resolve(false);
            };
          };
        });
      },
      { databaseName: tillDatabaseName, completedKey: firstSyncCompletedKey },
      { timeout: firstSyncTimeoutMs, polling: 100 },
    );
  } catch (error) {
    const errors = [...till.pageErrors, ...till.consoleErrors.slice(0, 10)].join('\n');
    throw new Error(`the first sync of ${till.tillName} did not finish\n${errors}`, {
      cause: error,
    });
  }
}

/**
 * Closes the till's window and opens a new one on the same local store, as quitting and
 * starting the app again does. Does not wait for a sync: the server may be unreachable. The
 * till starts locked; the cashier signs in again unless asked otherwise.
 */
export async function restartTill(
  harness: TillHarness,
  till: HarnessTill,
  options: { signInAs?: SignInAs; sessionFloat?: string | null } = {},
): Promise<void> {
  await till.page.close();
  till.page = await till.context.newPage();
  watchPage(till, till.page);
  await openTill(harness, till, { ...options, isFirstSyncAwaited: false });
}
