// The Electron main process and preload tested in Node with `electron` replaced: the window is
// hardened, navigation, new windows and permissions are refused, an IPC message from another
// frame or with a bad payload is refused before anything runs, a corrupt settings file falls
// back to the defaults, and the preload exposes exactly the host interface the renderer uses.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  defaultDeviceSettings,
  loadDeviceSettings,
  saveDeviceSettings,
} from '../../electron/main/device-settings.ts';
import { registerIpc, type HostHandlers, type IpcMainLike } from '../../electron/main/ipc.ts';
import {
  contentSecurityPolicy,
  hardenContents,
  tillWindowOptions,
} from '../../electron/main/window.ts';
import { hostApiGlobalName, hostApiKeys } from '../../shared/host-api.ts';
import { createMemoryLogger } from '../../shared/logger.ts';

const exposed = vi.hoisted(() => {
  const api: Record<string, unknown> = {};
  return { name: '', api };
});
const invoke = vi.hoisted(() => vi.fn(() => Promise.resolve(null)));
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (name: string, api: Record<string, unknown>) => {
      exposed.name = name;
      exposed.api = api;
    },
  },
  ipcRenderer: { invoke },
}));

describe('the till window', () => {
  it('is isolated, sandboxed and without Node', () => {
    const { webPreferences } = tillWindowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('allows scripts only from the app and connections only to its server', () => {
    const policy = contentSecurityPolicy('http://127.0.0.1:8787');
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:8787");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
  });

  it('refuses navigation elsewhere, new windows and every permission', () => {
    let navigate: ((event: { preventDefault(): void }, url: string) => void) | undefined;
    let openHandler: (() => { action: 'deny' }) | undefined;
    let permissionHandler:
      ((c: unknown, p: string, callback: (granted: boolean) => void) => void) | undefined;
    let checkHandler: (() => boolean) | undefined;
    hardenContents(
      {
        on: (_event, listener) => {
          navigate = listener;
        },
        setWindowOpenHandler: (handler) => {
          openHandler = handler;
        },
        session: {
          setPermissionRequestHandler: (handler) => {
            permissionHandler = handler;
          },
          setPermissionCheckHandler: (handler) => {
            checkHandler = handler;
          },
        },
      },
      'app://till/index.html',
    );
    const away = { preventDefault: vi.fn() };
    navigate?.(away, 'https://example.org/');
    expect(away.preventDefault).toHaveBeenCalledOnce();
    const home = { preventDefault: vi.fn() };
    navigate?.(home, 'app://till/index.html');
    expect(home.preventDefault).not.toHaveBeenCalled();
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const granted = vi.fn();
    permissionHandler?.(null, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(checkHandler?.()).toBe(false);
  });
});

describe('IPC', () => {
  function setUp() {
    const listeners = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
    const printReceipt = vi.fn(() => Promise.resolve({ ok: true as const }));
    const openDrawer = vi.fn(() => Promise.resolve({ ok: true as const }));
    const reportSaleState = vi.fn(() => Promise.resolve());
    const pairTill = vi.fn(() =>
      Promise.resolve({ ok: false as const, reason: 'pairing_code_unknown' as const }),
    );
    const saveDeviceSettings = vi.fn(() =>
      Promise.resolve({ ok: false as const, issues: [{ path: 'language', message: 'wrong' }] }),
    );
    const handlers: HostHandlers = {
      appInfo: vi.fn(() =>
        Promise.resolve({ appVersion: '1', platform: 'linux', connection: null }),
      ),
      printReceipt,
      openDrawer,
      printerStatus: vi.fn(() =>
        Promise.resolve({ isReachable: true, isPaperOut: false, isCoverOpen: false }),
      ),
      testPrint: vi.fn(() => Promise.resolve({ ok: true as const })),
      reportSaleState,
      readDeviceSettings: vi.fn(() =>
        Promise.resolve({ ...defaultDeviceSettings, connection: null }),
      ),
      saveDeviceSettings,
      testServer: vi.fn(() =>
        Promise.resolve({ ok: false as const, reason: 'unreachable' as const }),
      ),
      pairTill,
    };
    registerIpc({ handle: (channel, listener) => listeners.set(channel, listener) }, handlers, {
      isTrustedUrl: (url) => url.startsWith('app://till/'),
      logger: createMemoryLogger().logger,
    });
    const send = (channel: string, url: string, ...args: unknown[]) =>
      listeners.get(channel)!({ senderFrame: { url } }, ...args);
    return {
      listeners,
      printReceipt,
      openDrawer,
      reportSaleState,
      pairTill,
      saveDeviceSettings,
      send,
    };
  }

  it('handles exactly the host channels', () => {
    expect([...setUp().listeners.keys()].sort()).toEqual(
      [
        'app:info',
        'app:sale-state',
        'drawer:open',
        'printer:print',
        'printer:status',
        'printer:test',
        'settings:read',
        'settings:save',
        'server:test',
        'server:pair',
      ].sort(),
    );
  });

  it('prints a valid receipt from the app frame', async () => {
    const { send, printReceipt } = setUp();
    const receipt = { orderId: 'o', isCashTaken: false, lines: [{ kind: 'rule' }] };
    await expect(send('printer:print', 'app://till/index.html', receipt)).resolves.toEqual({
      ok: true,
    });
    expect(printReceipt).toHaveBeenCalledWith(receipt);
  });

  it.each([
    ['no receipt', []],
    ['a string', ['print this']],
    ['a line of unknown kind', [{ orderId: 'o', isCashTaken: false, lines: [{ kind: 'image' }] }]],
    ['an extra argument', [{ orderId: 'o', isCashTaken: false, lines: [] }, 'more']],
  ])('refuses a print payload with %s and prints nothing', async (_name, args) => {
    const { send, printReceipt } = setUp();
    await expect(send('printer:print', 'app://till/index.html', ...args)).rejects.toThrow(
      'invalid payload',
    );
    expect(printReceipt).not.toHaveBeenCalled();
  });

  it('passes the sale state on and refuses one that is not a boolean', async () => {
    const { send, reportSaleState } = setUp();
    await send('app:sale-state', 'app://till/index.html', true);
    expect(reportSaleState).toHaveBeenCalledWith(true);
    await expect(send('app:sale-state', 'app://till/index.html', 'yes')).rejects.toThrow(
      'invalid payload',
    );
    expect(reportSaleState).toHaveBeenCalledOnce();
  });

  it('hands settings and pairing requests to their handlers, refusing a wrong shape', async () => {
    const { send, pairTill, saveDeviceSettings } = setUp();
    const request = { serverUrl: 'http://127.0.0.1:1', code: 'ABCD-EFGH', tillName: 'Caisse' };
    await expect(send('server:pair', 'app://till/index.html', request)).resolves.toEqual({
      ok: false,
      reason: 'pairing_code_unknown',
    });
    expect(pairTill).toHaveBeenCalledWith(request);
    await expect(send('server:pair', 'app://till/index.html', { code: 1 })).rejects.toThrow(
      'invalid payload',
    );
    await expect(send('settings:save', 'app://till/index.html', 'fr')).rejects.toThrow(
      'invalid payload',
    );
    await send('settings:save', 'app://till/index.html', { language: 'de' });
    expect(saveDeviceSettings).toHaveBeenCalledWith({ language: 'de' });
    await expect(send('server:test', 'app://till/index.html', 42)).rejects.toThrow(
      'invalid payload',
    );
    expect(pairTill).toHaveBeenCalledOnce();
  });

  it('refuses a message from another frame', async () => {
    const { send, openDrawer } = setUp();
    await expect(send('drawer:open', 'https://evil.example/')).rejects.toThrow(
      'sender not allowed',
    );
    expect(openDrawer).not.toHaveBeenCalled();
  });
});

describe('device settings', () => {
  it('falls back to the defaults with a warning when the file is corrupt', () => {
    const folder = mkdtempSync(join(tmpdir(), 'caisse-settings-'));
    const path = join(folder, 'device-settings.json');
    writeFileSync(path, '{"version": 1, "printer": {"transport": "tcp"', 'utf8');
    const { logger, records } = createMemoryLogger();
    expect(loadDeviceSettings(path, logger)).toEqual(defaultDeviceSettings);
    expect(records.some((record) => record.level === 'warn')).toBe(true);
    expect(readdirSync(folder).some((name) => name.includes('corrupt'))).toBe(true);
  });

  it('keeps what it saved', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'caisse-settings-')), 'device-settings.json');
    const settings = {
      ...defaultDeviceSettings,
      printer: { transport: 'tcp' as const, host: '192.0.2.10', port: 9100 },
      paperColumns: 32 as const,
    };
    saveDeviceSettings(path, settings);
    expect(loadDeviceSettings(path, createMemoryLogger().logger)).toEqual(settings);
  });
});

describe('the preload', () => {
  it('exposes exactly the host interface, each method one IPC call', async () => {
    await import('../../electron/preload/preload.ts');
    expect(exposed.name).toBe(hostApiGlobalName);
    expect(Object.keys(exposed.api).sort()).toEqual([...hostApiKeys].sort());
    await (exposed.api.openDrawer as () => Promise<unknown>)();
    expect(invoke).toHaveBeenCalledWith('drawer:open');
  });
});
