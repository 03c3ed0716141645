// Every handler behind the host API, made from the main-process modules: the device settings
// file, the receipt printer it describes, and the ledger server's health check and pairing.
// Main wires them to IPC; the browser tests call the same factory, so both run this code. The
// till's token is written to the settings file and never handed to the renderer.
import { join } from 'node:path';
import { z } from 'zod';
import {
  deviceSettingsInputSchema,
  type DeviceSaveOutcome,
  type DeviceSettingsView,
} from '../../shared/device-settings.ts';
import type {
  HostApi,
  HostInfo,
  PairTillOutcome,
  PairTillRequest,
  ServerCheck,
  TillConnection,
} from '../../shared/host-api.ts';
import type { Logger } from '../../shared/logger.ts';
import {
  errorBodySchema,
  healthResponseSchema,
  pairingRefusals,
  pairRequestSchema,
  pairResponseSchema,
  type PairingRefusal,
} from '../../shared/protocol.ts';
import { testReceipt, type ReceiptPrinter } from '../printer/printer.ts';
import { loadDeviceSettings, saveDeviceSettings, type DeviceSettings } from './device-settings.ts';
import { printerFor } from './printer-setup.ts';

/** The protocol version this till speaks (shared/protocol.ts pushes `protocolVersion: 1`). */
export const tillProtocolVersion = 1;
/** A server that has not answered its health check by then is taken as unreachable. */
export const serverCheckTimeoutMs = 5_000;
/** Pairing does a slow hash on the server; it still answers well within this. */
export const pairingTimeoutMs = 10_000;

export const deviceSettingsFileName = 'device-settings.json';

export interface HostHandlerOptions {
  dataFolder: string;
  logger: Logger;
  fetch: typeof fetch;
  appVersion: string;
  platform: string;
  /**
   * The connection the till uses when its settings hold none (the one handed over by
   * `npm start`, or the embedded demo server). A pairing replaces it.
   */
  fallbackConnection?: TillConnection | null;
  onSaleStateChange?: (isSaleInProgress: boolean) => void;
  serverCheckTimeoutMs?: number;
}

export interface HostHandlerSet extends HostApi {
  /**
   * The connection appInfo reports, token included. Main's Content-Security-Policy reads it for
   * every page it serves, so after a pairing the reloaded page may reach the new server only.
   */
  currentConnection(): TillConnection | null;
}

const serverUrlSchema = z.url({ protocol: /^https?$/ }).max(2_000);

/** The server's base URL without a trailing slash, or null when it is not an http(s) URL. */
export function normaliseServerUrl(text: string): string | null {
  const parsed = serverUrlSchema.safeParse(text.trim());
  if (!parsed.success) return null;
  const url = new URL(parsed.data);
  if (url.search || url.hash || url.username || url.password) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function viewOf(settings: DeviceSettings, connection: TillConnection | null): DeviceSettingsView {
  return {
    printer: settings.printer,
    paperColumns: settings.paperColumns,
    codePage: settings.codePage,
    drawerPin: settings.drawerPin,
    language: settings.language,
    lockAfterIdleMinutes: settings.lockAfterIdleMinutes,
    disabledMethodIds: settings.disabledMethodIds,
    connection: connection
      ? {
          serverUrl: connection.serverUrl,
          tillId: connection.tillId,
          tillName: connection.tillName,
        }
      : null,
  };
}

async function fetchWithin(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response | null> {
  try {
    return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return null;
  }
}

export function createHostHandlers(options: HostHandlerOptions): HostHandlerSet {
  const logger = options.logger.child('host');
  const settingsPath = join(options.dataFolder, deviceSettingsFileName);
  const checkTimeoutMs = options.serverCheckTimeoutMs ?? serverCheckTimeoutMs;
  let settings = loadDeviceSettings(settingsPath, logger);
  let printer: ReceiptPrinter = printerFor(settings);

  const currentConnection = () => settings.connection ?? options.fallbackConnection ?? null;

  const replaceSettings = (next: DeviceSettings) => {
    saveDeviceSettings(settingsPath, next);
    settings = next;
    printer = printerFor(next);
  };

  const testServer = async (serverUrl: string): Promise<ServerCheck> => {
    const base = normaliseServerUrl(serverUrl);
    if (!base) return { ok: false, reason: 'invalid_url' };
    const startedAtMs = performance.now();
    // The ledger serves its health check at the root, beside the versioned API.
    const response = await fetchWithin(options.fetch, `${base}/health`, {}, checkTimeoutMs);
    if (!response) return { ok: false, reason: 'unreachable' };
    const latencyMs = Math.round(performance.now() - startedAtMs);
    const health = healthResponseSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !health.success) return { ok: false, reason: 'not_a_caisse_server' };
    if (health.data.protocolVersion !== tillProtocolVersion) {
      return { ok: false, reason: 'incompatible' };
    }
    return {
      ok: true,
      engine: health.data.engine,
      protocolVersion: health.data.protocolVersion,
      latencyMs,
    };
  };

  const pairTill = async (request: PairTillRequest): Promise<PairTillOutcome> => {
    const base = normaliseServerUrl(String(request.serverUrl));
    if (!base) return { ok: false, reason: 'invalid_url' };
    const body = pairRequestSchema.safeParse({ code: request.code, tillName: request.tillName });
    if (!body.success) return { ok: false, reason: 'invalid_request' };

    const response = await fetchWithin(
      options.fetch,
      `${base}/v1/tills/pair`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body.data),
      },
      pairingTimeoutMs,
    );
    if (!response) return { ok: false, reason: 'unreachable' };
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) return { ok: false, reason: pairingRefusalOf(response.status, payload) };
    const paired = pairResponseSchema.safeParse(payload);
    if (!paired.success) return { ok: false, reason: 'unreachable' };

    const connection: TillConnection = {
      serverUrl: base,
      tillId: paired.data.tillId,
      tillToken: paired.data.token,
      tillName: paired.data.tillName,
    };
    replaceSettings({ ...settings, connection });
    logger.info('till paired', { serverUrl: base, tillId: connection.tillId });
    return {
      ok: true,
      connection: {
        serverUrl: connection.serverUrl,
        tillId: connection.tillId,
        tillName: connection.tillName,
      },
    };
  };

  return {
    currentConnection,
    appInfo: (): Promise<HostInfo> =>
      Promise.resolve({
        appVersion: options.appVersion,
        platform: options.platform,
        connection: currentConnection(),
      }),
    printReceipt: (receipt) => printer.print(receipt),
    openDrawer: () => printer.openDrawer(),
    printerStatus: () => printer.status(),
    reportSaleState: (isSaleInProgress) => {
      options.onSaleStateChange?.(isSaleInProgress);
      return Promise.resolve();
    },
    readDeviceSettings: () => Promise.resolve(viewOf(settings, currentConnection())),
    saveDeviceSettings: (input): Promise<DeviceSaveOutcome> => {
      const parsed = deviceSettingsInputSchema.safeParse(input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        }));
        return Promise.resolve({ ok: false, issues });
      }
      replaceSettings({ ...settings, ...parsed.data });
      logger.info('device settings saved', { printer: parsed.data.printer.transport });
      return Promise.resolve({ ok: true, settings: viewOf(settings, currentConnection()) });
    },
    testPrint: () => printer.print(testReceipt(settings.paperColumns)),
    testServer,
    pairTill,
  };
}

function pairingRefusalOf(
  status: number,
  payload: unknown,
): PairingRefusal | 'unreachable' | 'invalid_request' {
  const problem = errorBodySchema.safeParse(payload);
  const code = problem.success ? problem.data.error.code : null;
  const refusal = pairingRefusals.find((known) => known === code);
  if (refusal) return refusal;
  // A 400 is the server refusing the request's shape; anything else is not a pairing answer.
  return status === 400 && problem.success ? 'invalid_request' : 'unreachable';
}
