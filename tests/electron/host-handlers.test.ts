// The main process's host handlers on real parts: a temporary data folder, the TCP test printer
// and a real ledger server. Device settings are saved whole or not at all, a save rebuilds the
// printer, the connection test tells the kinds of failure apart, and a pairing keeps the token
// in main while appInfo reports the new connection from then on.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHostHandlers,
  deviceSettingsFileName,
  normaliseServerUrl,
  type HostHandlerSet,
} from '../../electron/main/host-handlers.ts';
import { createPairingCode } from '../../server/backoffice/pairing.ts';
import type { DeviceSettingsInput } from '../../shared/device-settings.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { engines } from '../support/databases.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { startTestPrinter, type TestPrinter } from '../support/test-printer.ts';

function makeHandlers(dataFolder = mkdtempSync(join(tmpdir(), 'caisse-host-'))): HostHandlerSet {
  return createHostHandlers({
    dataFolder,
    logger: createMemoryLogger().logger,
    fetch: (input, init) => fetch(input, init),
    appVersion: '0.1.0-test',
    platform: 'linux',
    serverCheckTimeoutMs: 1_000,
  });
}

const baseInput: DeviceSettingsInput = {
  printer: { transport: 'none' },
  paperColumns: 48,
  codePage: 'cp858',
  drawerPin: 2,
  language: 'fr',
  lockAfterIdleMinutes: 5,
  disabledMethodIds: [],
};

/** An HTTP server on a real port that answers every request with one fixed reply. */
async function startFakeServer(
  status: number,
  body: unknown,
): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('device settings through the host handlers', () => {
  let printer: TestPrinter;

  beforeAll(async () => {
    printer = await startTestPrinter();
  });
  afterAll(() => printer.close());

  it('saves valid settings to the file and reads them back in a new process', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'caisse-host-'));
    const handlers = makeHandlers(folder);
    const methodId = '0199a1b2-0000-7000-8000-000000000001';
    const outcome = await handlers.saveDeviceSettings({
      ...baseInput,
      language: 'en',
      paperColumns: 32,
      lockAfterIdleMinutes: 12,
      disabledMethodIds: [methodId],
    });
    expect(outcome.ok).toBe(true);

    const again = makeHandlers(folder);
    const read = await again.readDeviceSettings();
    expect(read).toMatchObject({
      language: 'en',
      paperColumns: 32,
      lockAfterIdleMinutes: 12,
      disabledMethodIds: [methodId],
      connection: null,
    });
  });

  it.each([
    ['a port out of range', { printer: { transport: 'tcp', host: 'printer', port: 70_000 } }],
    ['an empty printer address', { printer: { transport: 'tcp', host: ' ', port: 9100 } }],
    ['a USB path outside /dev/usb', { printer: { transport: 'usb', devicePath: '/etc/passwd' } }],
    ['a paper width of 40', { paperColumns: 40 }],
    ['an unknown language', { language: 'de' }],
    ['a lock after 0 minutes', { lockAfterIdleMinutes: 0 }],
    ['a method id that is not one', { disabledMethodIds: ['cash'] }],
  ])('refuses %s, naming the field, and changes nothing', async (_title, change) => {
    const folder = mkdtempSync(join(tmpdir(), 'caisse-host-'));
    const handlers = makeHandlers(folder);
    expect((await handlers.saveDeviceSettings({ ...baseInput, language: 'en' })).ok).toBe(true);
    const fileBefore = readFileSync(join(folder, deviceSettingsFileName), 'utf8');

    const outcome = await handlers.saveDeviceSettings({
      ...baseInput,
      ...change,
    } as DeviceSettingsInput);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const field = Object.keys(change)[0] ?? '';
    expect(outcome.issues.some((issue) => issue.path.startsWith(field))).toBe(true);
    expect(readFileSync(join(folder, deviceSettingsFileName), 'utf8')).toBe(fileBefore);
    expect((await handlers.readDeviceSettings()).language).toBe('en');
  });

  it('rebuilds the printer on save: the test print goes to the newly set printer', async () => {
    const handlers = makeHandlers();
    expect(await handlers.testPrint()).toEqual({ ok: false, reason: 'not_configured' });

    const saved = await handlers.saveDeviceSettings({
      ...baseInput,
      paperColumns: 32,
      printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port },
    });
    expect(saved.ok).toBe(true);
    const jobsBefore = printer.jobs.length;
    expect(await handlers.testPrint()).toEqual({ ok: true });
    await expect.poll(() => printer.jobs.length).toBe(jobsBefore + 1);
    const page = decodeEscPos(printer.jobs.at(-1) ?? new Uint8Array());
    expect(page.lines).toContain('12345678901234567890123456789012');
    expect(page.lines.every((line) => line.length <= 32)).toBe(true);

    printer.setMode('paper_out');
    expect(await handlers.testPrint()).toEqual({ ok: false, reason: 'paper_out' });
    printer.setMode('ready');
  });
});

describe('the server connection test', () => {
  it.each(['', 'not a url', 'ftp://example.test', 'http://user:secret@127.0.0.1:1'])(
    'calls %j an invalid URL',
    async (url) => {
      expect(await makeHandlers().testServer(url)).toEqual({ ok: false, reason: 'invalid_url' });
    },
  );

  it('calls a closed port unreachable', async () => {
    const closed = await startFakeServer(200, {});
    closed.server.close();
    await new Promise((resolve) => closed.server.once('close', resolve));
    expect(await makeHandlers().testServer(closed.url)).toEqual({
      ok: false,
      reason: 'unreachable',
    });
  });

  it('calls a server that never answers unreachable once the timeout passes', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const startedAtMs = Date.now();
    expect(await makeHandlers().testServer(url)).toEqual({ ok: false, reason: 'unreachable' });
    expect(Date.now() - startedAtMs).toBeLessThan(4_000);
    silent.closeAllConnections();
    silent.close();
  });

  it('tells a web server that is not a ledger from one of another protocol', async () => {
    const other = await startFakeServer(200, { hello: 'world' });
    const future = await startFakeServer(200, {
      status: 'ok',
      engine: 'sqlite',
      protocolVersion: 99,
      serverTime: new Date().toISOString(),
    });
    const handlers = makeHandlers();
    expect(await handlers.testServer(other.url)).toEqual({
      ok: false,
      reason: 'not_a_caisse_server',
    });
    expect(await handlers.testServer(`${future.url}/`)).toEqual({
      ok: false,
      reason: 'incompatible',
    });
    other.server.close();
    future.server.close();
  });

  it('keeps a server path and drops the trailing slash', () => {
    expect(normaliseServerUrl(' https://caisse.example.test/ledger/ ')).toBe(
      'https://caisse.example.test/ledger',
    );
    expect(normaliseServerUrl('http://127.0.0.1:8787?x=1')).toBeNull();
  });
});

describe.each(engines)('pairing through the host handlers on %s', (engine) => {
  let server: TestServer;
  const actor = { userId: null, name: 'test' };

  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('passes the connection test of a real server', async () => {
    const check = await makeHandlers().testServer(server.url);
    expect(check).toMatchObject({ ok: true, engine, protocolVersion: 1 });
  });

  it('saves the connection with the token in main, never in what the renderer gets', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'caisse-host-'));
    const handlers = makeHandlers(folder);
    expect((await handlers.appInfo()).connection).toBeNull();
    const { code } = await createPairingCode(server.ledger.database, actor, new Date());

    const outcome = await handlers.pairTill({
      serverUrl: `${server.url}/`,
      code: code.toLowerCase(),
      tillName: 'Caisse du fond',
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.connection).toMatchObject({ serverUrl: server.url, tillName: 'Caisse du fond' });
    expect(JSON.stringify(outcome)).not.toContain('oken');
    expect(JSON.stringify(await handlers.readDeviceSettings())).not.toContain('oken');

    const info = await handlers.appInfo();
    expect(info.connection?.tillId).toBe(outcome.connection.tillId);
    const token = info.connection?.tillToken ?? '';
    const pull = await fetch(`${server.url}/v1/pull?cursor=0&limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pull.status).toBe(200);

    const restarted = makeHandlers(folder);
    expect((await restarted.appInfo()).connection).toEqual(info.connection);
    expect(existsSync(join(folder, deviceSettingsFileName))).toBe(true);
  });

  it('keeps device settings saved before the pairing, and pairing keeps them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'caisse-host-'));
    const handlers = makeHandlers(folder);
    await handlers.saveDeviceSettings({ ...baseInput, language: 'en' });
    const { code } = await createPairingCode(server.ledger.database, actor, new Date());
    const outcome = await handlers.pairTill({ serverUrl: server.url, code, tillName: 'Caisse' });
    expect(outcome.ok).toBe(true);
    const read = await handlers.readDeviceSettings();
    expect(read.language).toBe('en');
    expect(read.connection?.serverUrl).toBe(server.url);

    await handlers.saveDeviceSettings({ ...baseInput, language: 'fr' });
    expect((await makeHandlers(folder).appInfo()).connection?.serverUrl).toBe(server.url);
  });

  it('names each refusal and saves nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'caisse-host-'));
    const handlers = makeHandlers(folder);
    const pair = (code: string, serverUrl = server.url) =>
      handlers.pairTill({ serverUrl, code, tillName: 'Caisse' });

    const used = await createPairingCode(server.ledger.database, actor, new Date());
    expect(
      (await makeHandlers().pairTill({ serverUrl: server.url, ...used, tillName: 'A' })).ok,
    ).toBe(true);
    expect(await pair(used.code)).toEqual({ ok: false, reason: 'pairing_code_used' });

    const expired = await createPairingCode(
      server.ledger.database,
      actor,
      new Date(Date.now() - 60 * 60_000),
      1,
    );
    expect(await pair(expired.code)).toEqual({ ok: false, reason: 'pairing_code_expired' });
    expect(await pair('ZZZZ-ZZZZ')).toEqual({ ok: false, reason: 'pairing_code_unknown' });
    expect(await pair('')).toEqual({ ok: false, reason: 'invalid_request' });
    expect(await pair('ABCD-EFGH', 'not a url')).toEqual({ ok: false, reason: 'invalid_url' });
    expect(await pair('ABCD-EFGH', 'http://127.0.0.1:1')).toEqual({
      ok: false,
      reason: 'unreachable',
    });

    expect((await handlers.appInfo()).connection).toBeNull();
    expect(existsSync(join(folder, deviceSettingsFileName))).toBe(false);
  });

  // Last in this block: it leaves this address blocked on the server's pairing limiter.
  it('says so when the server stops taking codes from this address', async () => {
    const handlers = makeHandlers();
    const reasons = new Set<string>();
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const outcome = await handlers.pairTill({
        serverUrl: server.url,
        code: 'ZZZZ-ZZZZ',
        tillName: 'Caisse',
      });
      if (!outcome.ok) reasons.add(outcome.reason);
    }
    expect([...reasons].sort()).toEqual(['pairing_code_unknown', 'too_many_attempts']);
    const { code } = await createPairingCode(server.ledger.database, actor, new Date());
    expect(await handlers.pairTill({ serverUrl: server.url, code, tillName: 'Caisse' })).toEqual({
      ok: false,
      reason: 'too_many_attempts',
    });
    expect((await handlers.appInfo()).connection).toBeNull();
  });
});
