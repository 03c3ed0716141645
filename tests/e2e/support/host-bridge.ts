// The preload's host API, played by the test. Each browser context gets `window.caisseHost`
// before any page script runs, with the same keys the preload exposes (shared/host-api.ts).
// Calls cross into Node through one Playwright binding, so a test can record receipts, script
// printer failures, or hand the receipt to the real main-process printer module: that is the
// `printReceipt` handler, the one seam to change when the printer module joins these tests.
// Device settings are answered from the handlers too, the defaults unless a test changes them;
// the settings pane's other calls are not played here.
import type { BrowserContext } from 'playwright-core';
import type { DeviceSettingsView } from '../../../shared/device-settings.ts';
import {
  hostApiGlobalName,
  hostApiKeys,
  type HostInfo,
  type PrintOutcome,
  type PrinterStatus,
} from '../../../shared/host-api.ts';
import type { ReceiptDocument } from '../../../shared/receipt.ts';

export interface HostHandlers {
  printReceipt(receipt: ReceiptDocument): Promise<PrintOutcome>;
  openDrawer(): Promise<PrintOutcome>;
  printerStatus(): Promise<PrinterStatus>;
  readDeviceSettings(): Promise<DeviceSettingsView>;
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

export async function installHostApi(
  context: BrowserContext,
  info: HostInfo,
  handlers: HostHandlers,
): Promise<HostRecord> {
  const record: HostRecord = { receipts: [], drawerOpenCount: 0, saleStates: [] };

  const dispatch = async (method: HostMethod, payload: unknown): Promise<unknown> => {
    switch (method) {
      case 'appInfo':
        return info;
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
        return undefined;
      case 'readDeviceSettings':
        return handlers.readDeviceSettings();
      case 'saveDeviceSettings':
      case 'testPrint':
      case 'testServer':
      case 'pairTill':
        throw new Error(`the test host does not play ${method}`);
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

/** A till's device settings as main gives them before anyone has changed one. */
export const defaultDeviceSettingsView: DeviceSettingsView = {
  printer: { transport: 'none' },
  paperColumns: 48,
  codePage: 'cp858',
  drawerPin: 2,
  language: 'fr',
  lockAfterIdleMinutes: 5,
  disabledMethodIds: [],
  connection: null,
};

export const recordingHostHandlers: HostHandlers = {
  printReceipt: () => Promise.resolve({ ok: true }),
  openDrawer: () => Promise.resolve({ ok: true }),
  printerStatus: () =>
    Promise.resolve({ isReachable: true, isPaperOut: false, isCoverOpen: false }),
  readDeviceSettings: () => Promise.resolve(defaultDeviceSettingsView),
};
