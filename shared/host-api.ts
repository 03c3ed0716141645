// The one typed interface between the till's renderer and its host. In the desktop app the
// Electron preload implements it over validated IPC; in the browser tests the test implements
// it, routed to the same main-process modules. The renderer never reaches the printer, the
// cash drawer or the file system any other way.
import type { ReceiptDocument } from './receipt.ts';

/** How this till reaches its ledger server; made when the till is paired. */
export interface TillConnection {
  serverUrl: string;
  tillId: string;
  tillToken: string;
  tillName: string;
}

export interface HostInfo {
  appVersion: string;
  platform: string;
  connection: TillConnection | null;
}

export type PrintFailure =
  'not_configured' | 'printer_unreachable' | 'paper_out' | 'cover_open' | 'timeout' | 'failed';

export type PrintOutcome = { ok: true } | { ok: false; reason: PrintFailure; detail?: string };

export interface PrinterStatus {
  isReachable: boolean;
  isPaperOut: boolean | null;
  isCoverOpen: boolean | null;
}

export interface HostApi {
  appInfo(): Promise<HostInfo>;
  /** Prints a receipt; a failure is a value, never an exception, and never undoes a sale. */
  printReceipt(receipt: ReceiptDocument): Promise<PrintOutcome>;
  openDrawer(): Promise<PrintOutcome>;
  printerStatus(): Promise<PrinterStatus>;
  /** Tells the host whether a sale is being rung up, so an update never restarts the till then. */
  reportSaleState(isSaleInProgress: boolean): Promise<void>;
}

/** The keys the preload exposes; a test checks the preload against this list. */
export const hostApiKeys = [
  'appInfo',
  'printReceipt',
  'openDrawer',
  'printerStatus',
  'reportSaleState',
] as const;

/** The name under which the preload exposes the host API on `window`. */
export const hostApiGlobalName = 'caisseHost';
