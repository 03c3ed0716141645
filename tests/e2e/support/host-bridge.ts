// The preload's host API, played by the test. Each browser context gets `window.caisseHost`
// before any page script runs, with the same keys the preload exposes (shared/host-api.ts).
// Calls cross into Node through one Playwright binding to the main process's own handlers
// (electron/main/host-handlers.ts) on a temporary data folder per till, so device settings,
// the connection test and pairing run the real code. Printing stays a seam the test chooses:
// receipts are recorded and a test may script printer failures or use the real printer module.
import type { BrowserContext } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  saveDeviceSettings,
  defaultDeviceSettings,
} from '../../../electron/main/device-settings.ts';
import {
  createHostHandlers,
  deviceSettingsFileName,
  type HostHandlerSet,
} from '../../../electron/main/host-handlers.ts';
import {
  hostApiGlobalName,
  hostApiKeys,
  type HostApi,
  type PrintOutcome,
  type PrinterStatus,
  type TillConnection,
} from '../../../shared/host-api.ts';
import { createMemoryLogger } from '../../../shared/logger.ts';
import type { ReceiptDocument } from '../../../shared/receipt.ts';

/** The printing seam a test may replace; every other method goes to the real handlers. */
export interface PrintingHandlers {
  printReceipt(receipt: ReceiptDocument): Promise<PrintOutcome>;
  openDrawer(): Promise<PrintOutcome>;
  printerStatus(): Promise<PrinterStatus>;
}

export interface HostRecord {
  /** Every receipt the renderer asked to print, in order, whatever the handler answered. */
  receipts: ReceiptDocument[];
  drawerOpenCount: number;
  /** Every sale state the renderer reported, in order. */
  saleStates: boolean[];
}

type HostMethod = (typeof hostApiKeys)[number];

const bindingName = '__caisseHostCall';

function isReceiptDocument(value: unknown): value is ReceiptDocument {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ReceiptDocument>;
  return (
    typeof candidate.orderId === 'string' &&
    Array.isArray(candidate.lines) &&
    typeof candidate.isCashTaken === 'boolean'
  );
}

/**
 * The main process's handlers on a fresh data folder, paired with `connection` when one is
 * given (as a till paired earlier would start), with printing through `printing`.
 */
export function makeTillHost(
  connection: TillConnection | null,
  printing: PrintingHandlers = recordingHostHandlers,
  device: { lockAfterIdleMinutes?: number | undefined } = {},
): { handlers: HostApi; real: HostHandlerSet; dataFolder: string } {
  const dataFolder = mkdtempSync(join(tmpdir(), 'caisse-till-host-'));
  if (connection || device.lockAfterIdleMinutes !== undefined) {
    saveDeviceSettings(join(dataFolder, deviceSettingsFileName), {
      ...defaultDeviceSettings,
      lockAfterIdleMinutes:
        device.lockAfterIdleMinutes ?? defaultDeviceSettings.lockAfterIdleMinutes,
      connection,
    });
  }
  const real = createHostHandlers({
    dataFolder,
    logger: createMemoryLogger().logger,
    fetch: (input, init) => fetch(input, init),
    appVersion: '0.1.0-test',
    platform: 'linux',
  });
  return { handlers: { ...real, ...printing }, real, dataFolder };
}

export async function installHostApi(
  context: BrowserContext,
  handlers: HostApi,
): Promise<HostRecord> {
  const record: HostRecord = { receipts: [], drawerOpenCount: 0, saleStates: [] };

  const dispatch = async (method: HostMethod, payload: unknown): Promise<unknown> => {
    switch (method) {
      case 'appInfo':
        return handlers.appInfo();
      case 'printReceipt':
        // The preload validates in main; here a malformed document fails the test loudly.
        if (!isReceiptDocument(payload)) throw new Error('printReceipt got no receipt document');
        record.receipts.push(payload);
        return handlers.printReceipt(payload);
      case 'openDrawer':
        record.drawerOpenCount += 1;
        return handlers.openDrawer();
      case 'printerStatus':
        return handlers.printerStatus();
      case 'reportSaleState':
        if (typeof payload !== 'boolean') throw new Error('reportSaleState got no boolean');
        record.saleStates.push(payload);
        return handlers.reportSaleState(payload);
      case 'readDeviceSettings':
        return handlers.readDeviceSettings();
      case 'saveDeviceSettings':
        return handlers.saveDeviceSettings(payload as Parameters<HostApi['saveDeviceSettings']>[0]);
      case 'testPrint':
        return handlers.testPrint();
      case 'testServer':
        return handlers.testServer(String(payload));
      case 'pairTill':
        return handlers.pairTill(payload as Parameters<HostApi['pairTill']>[0]);
    }
  };

  await context.exposeBinding(bindingName, (_source, method: HostMethod, payload: unknown) =>
    dispatch(method, payload),
  );
  await context.addInitScript(
    ({ binding, globalName, keys }) => {
      const call = (window as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
        binding
      ];
      if (!call) throw new Error('the host binding is missing');
      const api: Record<string, (payload?: unknown) => Promise<unknown>> = {};
      for (const key of keys) api[key] = (payload?: unknown) => call(key, payload);
      // Frozen and not writable, like a contextBridge object: the page cannot swap it.
      Object.defineProperty(window, globalName, {
        value: Object.freeze(api),
        writable: false,
        configurable: false,
      });
    },
    { binding: bindingName, globalName: hostApiGlobalName, keys: [...hostApiKeys] },
  );
  return record;
}

export const recordingHostHandlers: PrintingHandlers = {
  printReceipt: () => Promise.resolve({ ok: true }),
  openDrawer: () => Promise.resolve({ ok: true }),
  printerStatus: () =>
    Promise.resolve({ isReachable: true, isPaperOut: false, isCoverOpen: false }),
};
