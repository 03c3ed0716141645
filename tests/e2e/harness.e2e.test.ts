// The end-to-end harness itself: the other browser suites trust it to cut the network for real,
// to keep the server's data across an outage, to give each till its own local store, and to
// play the host API as the preload does. Each of those is checked here against the real built
// renderer's origin, in the real browser.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostApiKeys } from '../../shared/host-api.ts';
import type { ReceiptDocument } from '../../shared/receipt.ts';
import { startTillHarness, type TillHarness } from './support/till-harness.ts';

const suiteTimeoutMs = 120_000;

/** Fetches from inside the page, so the request goes through Chromium's network stack. */
function fetchFromPage(harness: TillHarness, path: string, token: string | null = null) {
  const page = harness.tills[0]!.page;
  return page.evaluate(
    async ({ url, bearer }) => {
      try {
        const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
        const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
        return { status: response.status, body: await response.text() };
      } catch (error) {
        return { status: null, body: String(error) };
      }
    },
    { url: `${harness.tillServerUrl}${path}`, bearer: token },
  );
}

function rawGet(origin: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const outgoing = request({ hostname, port, path, method: 'GET' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('the till harness', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;

  beforeAll(async () => {
    harness = await startTillHarness({ tillCount: 2 });
    for (const till of harness.tills) await till.page.goto(harness.rendererUrl);
  }, suiteTimeoutMs);

  afterAll(() => harness?.close());

  it('cuts the server off from the page and brings the same server back', async () => {
    const token = harness.tills[0]!.tillToken;
    expect((await fetchFromPage(harness, '/health')).status).toBe(200);

    await harness.setServerReachable(false);
    expect(harness.isServerReachable()).toBe(false);
    const cut = await fetchFromPage(harness, '/health');
    expect(cut.status).toBeNull();
    expect(cut.body).toMatch(/TypeError/);

    await harness.setServerReachable(true);
    const health = await fetchFromPage(harness, '/health');
    expect(health.status).toBe(200);
    const pull = await fetchFromPage(harness, '/v1/pull?cursor=0&limit=100', token);
    expect(pull.status).toBe(200);
    expect(pull.body).toContain(harness.server.store.alice.id);
  });

  it('cuts an open poke stream when the server becomes unreachable', async () => {
    // Read from Node through the proxy: the stream must end at the cut, not linger half-open.
    const controller = new AbortController();
    const response = await fetch(`${harness.tillServerUrl}/v1/events`, {
      headers: { authorization: `Bearer ${harness.tills[0]!.tillToken}` },
      signal: controller.signal,
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const firstPoke = await reader.read();
    expect(firstPoke.value).toContain('event: poke');

    await harness.setServerReachable(false);
    const stillOpen = new Promise<string>((resolve) => setTimeout(() => resolve('open'), 3_000));
    const afterCut = reader.read().then(
      (result) => (result.done ? 'ended' : `more data: ${result.value}`),
      () => 'cut',
    );
    const outcome = await Promise.race([afterCut, stillOpen]);
    controller.abort();
    await harness.setServerReachable(true);
    expect(['ended', 'cut']).toContain(outcome);
  });

  it('gives each till its own local store, kept across a reload', async () => {
    const [first, second] = harness.tills;
    const writeMark = () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('harness-probe', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('marks');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const transaction = open.result.transaction('marks', 'readwrite');
          transaction.objectStore('marks').put('first till', 'owner');
          transaction.oncomplete = () => resolve();
        };
      });
    const readMarks = () => indexedDB.databases().then((list) => list.map((item) => item.name));

    await first!.page.evaluate(writeMark);
    await first!.page.reload();
    expect(await first!.page.evaluate(readMarks)).toContain('harness-probe');
    expect(await second!.page.evaluate(readMarks)).not.toContain('harness-probe');
  });

  it('plays the host API with the till connection and records receipts', async () => {
    const till = harness.tills[1]!;
    const receipt: ReceiptDocument = {
      orderId: 'order-1',
      lines: [{ kind: 'pair', left: 'Total', right: '4,05 €', isBold: true }],
      isCashTaken: true,
    };
    const seen = await till.page.evaluate(async (document) => {
      const host = (window as unknown as { caisseHost: Record<string, (x?: unknown) => unknown> })
        .caisseHost;
      return {
        keys: Object.keys(host).sort(),
        info: await host.appInfo!(),
        printed: await host.printReceipt!(document),
        isFrozen: Object.isFrozen(host),
      };
    }, receipt);

    expect(seen.keys).toEqual([...hostApiKeys].sort());
    expect(seen.isFrozen).toBe(true);
    expect(seen.info).toMatchObject({
      connection: {
        serverUrl: harness.tillServerUrl,
        tillId: till.tillId,
        tillToken: till.tillToken,
        tillName: 'Caisse 2',
      },
    });
    expect(seen.printed).toEqual({ ok: true });
    expect(till.receipts).toEqual([receipt]);
    expect(harness.tills[0]!.receipts).toEqual([]);
  });

  it('serves only files inside the renderer build', async () => {
    const origin = new URL(harness.rendererUrl).origin;
    expect(await rawGet(origin, '/index.html')).toBe(200);
    expect(await rawGet(origin, '/%2e%2e/package.json')).toBe(404);
    expect(await rawGet(origin, '/no-such-file.js')).toBe(404);
  });
});
