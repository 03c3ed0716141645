// The Electron main process: thin on purpose. It opens one hardened window on the built
// renderer, served through an app:// protocol that adds the Content-Security-Policy, wires the
// host interface to the printer, and finds (or embeds) the ledger server. Everything else
// lives in the renderer, the shared code and the server.
import { app, BrowserWindow, ipcMain, protocol } from 'electron';
import electronUpdater from 'electron-updater';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { createLogger } from '../../shared/logger.ts';
import type { TillConnection } from '../../shared/host-api.ts';
import { resolveConnection } from './connection.ts';
import { loadDeviceSettings } from './device-settings.ts';
import { createHostHandlers, deviceSettingsFileName } from './host-handlers.ts';
import { registerIpc } from './ipc.ts';
import { startUpdates } from './updates.ts';
import { contentSecurityPolicy, hardenContents, tillWindowOptions } from './window.ts';

const logger = createLogger({
  module: 'main',
  level: 'info',
  sink: (record) => process.stderr.write(`${JSON.stringify(record)}\n`),
});

const appOrigin = 'app://till';
const appUrl = `${appOrigin}/index.html`;
const rendererFolder = join(__dirname, '..', 'renderer');
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
};

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// The policy is worked out per response, so that after a pairing the reloaded page may reach
// the new server and no longer the old one.
function serveRenderer(currentConnection: () => TillConnection | null): void {
  protocol.handle('app', async (request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname)).replace(
      /^[/\\]+/,
      '',
    );
    const file = join(rendererFolder, path);
    if (!file.startsWith(rendererFolder)) return new Response('not found', { status: 404 });
    const connection = currentConnection();
    const policy = contentSecurityPolicy(connection ? new URL(connection.serverUrl).origin : null);
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': policy,
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataFolder = app.getPath('userData');
  const settings = loadDeviceSettings(join(dataFolder, deviceSettingsFileName), logger);
  const server = await resolveConnection(settings, process.env, dataFolder, logger);
  const updates = startUpdates(electronUpdater.autoUpdater, settings.updateFeedUrl, (error) =>
    logger.warn('update check failed', { error }),
  );
  const handlers = createHostHandlers({
    dataFolder,
    logger,
    fetch: (input, init) => fetch(input, init),
    appVersion: app.getVersion(),
    platform: process.platform,
    fallbackConnection: server.connection,
    onSaleStateChange: (isSaleInProgress) => updates.setSaleInProgress(isSaleInProgress),
  });

  registerIpc(ipcMain, handlers, {
    isTrustedUrl: (url) => url.startsWith(`${appOrigin}/`),
    logger,
  });
  serveRenderer(() => handlers.currentConnection());

  const window = new BrowserWindow(
    tillWindowOptions(join(__dirname, '..', 'preload', 'preload.cjs')),
  );
  hardenContents(window.webContents, appUrl);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(appUrl);

  app.on('window-all-closed', () => {
    updates.stop();
    void server.close().finally(() => app.quit());
  });
}

start().catch((error: unknown) => {
  logger.error('the till could not start', { error });
  app.exit(1);
});
