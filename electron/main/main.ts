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
import type { ReceiptDocument } from '../../shared/receipt.ts';
import { resolveConnection } from './connection.ts';
import { loadDeviceSettings } from './device-settings.ts';
import { registerIpc } from './ipc.ts';
import { testReceipt } from '../printer/printer.ts';
import { printerFor } from './printer-setup.ts';
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

function serveRenderer(connection: TillConnection): void {
  const policy = contentSecurityPolicy(new URL(connection.serverUrl).origin);
  protocol.handle('app', async (request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname)).replace(
      /^[/\\]+/,
      '',
    );
    const file = join(rendererFolder, path);
    if (!file.startsWith(rendererFolder)) return new Response('not found', { status: 404 });
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
  const settings = loadDeviceSettings(join(dataFolder, 'device-settings.json'), logger);
  const server = await resolveConnection(settings, process.env, dataFolder, logger);
  const printer = printerFor(settings);
  const updates = startUpdates(electronUpdater.autoUpdater, settings.updateFeedUrl, (error) =>
    logger.warn('update check failed', { error }),
  );

  registerIpc(
    ipcMain,
    {
      appInfo: () =>
        Promise.resolve({
          appVersion: app.getVersion(),
          platform: process.platform,
          connection: server.connection,
        }),
      printReceipt: (receipt: ReceiptDocument) => printer.print(receipt),
      openDrawer: () => printer.openDrawer(),
      printerStatus: () => printer.status(),
      reportSaleState: (isSaleInProgress: boolean) => {
        updates.setSaleInProgress(isSaleInProgress);
        return Promise.resolve();
      },
      testPrint: () => printer.print(testReceipt(settings.paperColumns)),
    },
    { isTrustedUrl: (url) => url.startsWith(`${appOrigin}/`), logger },
  );
  serveRenderer(server.connection);

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
