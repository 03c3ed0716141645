// The one typed interface between the till's renderer and its host. In the desktop app the
// Electron preload implements it over validated IPC; in the browser tests the test implements
// it, routed to the same main-process modules. The renderer never reaches the printer, the
// cash drawer or the file system any other way.
import type {
  DeviceSaveOutcome,
  DeviceSettingsInput,
  DeviceSettingsView,
} from './device-settings.ts';
import type { PairingRefusal } from './protocol.ts';
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

/** The answer of a server's health check, as the settings pane's connection test shows it. */
export type ServerCheck =
  | { ok: true; engine: 'sqlite' | 'postgres'; protocolVersion: number; latencyMs: number }
  | { ok: false; reason: 'invalid_url' | 'unreachable' | 'not_a_caisse_server' | 'incompatible' };

export interface PairTillRequest {
  serverUrl: string;
  code: string;
  tillName: string;
}

export type PairTillOutcome =
  | { ok: true; connection: Omit<TillConnection, 'tillToken'> }
  | { ok: false; reason: PairingRefusal | 'invalid_url' | 'unreachable' | 'invalid_request' };

export interface HostApi {
  appInfo(): Promise<HostInfo>;
  /** Prints a receipt; a failure is a value, never an exception, and never undoes a sale. */
  printReceipt(receipt: ReceiptDocument): Promise<PrintOutcome>;
  openDrawer(): Promise<PrintOutcome>;
  printerStatus(): Promise<PrinterStatus>;
  /** Tells the host whether a sale is being rung up, so an update never restarts the till then. */
  reportSaleState(isSaleInProgress: boolean): Promise<void>;
  readDeviceSettings(): Promise<DeviceSettingsView>;
  /** Validates and saves as a whole; a refusal lists the wrong fields and changes nothing. */
  saveDeviceSettings(settings: DeviceSettingsInput): Promise<DeviceSaveOutcome>;
  /** Prints a test page with the saved printer settings. */
  testPrint(): Promise<PrintOutcome>;
  /** Checks that a URL answers as a Caisse ledger server of a protocol this till speaks. */
  testServer(serverUrl: string): Promise<ServerCheck>;
  /**
   * Exchanges a one-time pairing code for this till's id and token and saves them; the token
   * stays in main. The renderer reloads afterwards to start on the new connection.
   */
  pairTill(request: PairTillRequest): Promise<PairTillOutcome>;
}

/** The keys the preload exposes; a test checks the preload against this list. */
export const hostApiKeys = [
  'appInfo',
  'printReceipt',
  'openDrawer',
  'printerStatus',
  'reportSaleState',
  'readDeviceSettings',
  'saveDeviceSettings',
  'testPrint',
  'testServer',
  'pairTill',
] as const;

/** The name under which the preload exposes the host API on `window`. */
export const hostApiGlobalName = 'caisseHost';
