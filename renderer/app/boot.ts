// Starting the till: ask the host how this till reaches its server, open the local store, and
// start the sync engine. Each way it can end is a value the start screen shows; only a broken
// local store is an error, since without it the till cannot sell at all.
import type { HostApi, TillConnection } from '../../shared/host-api.ts';
import type { Logger } from '../../shared/logger.ts';
import { createLedgerClient, type LedgerClient } from '../api/ledger-client.ts';
import { TillDatabase } from '../store/database.ts';
import { createSyncEngine } from '../sync/engine.ts';
import {
  createSessionReportSender,
  type SessionReportSender,
} from '../sync/session-report-sender.ts';
import type { SyncEngine } from '../sync/types.ts';

export interface TillServices {
  host: HostApi;
  connection: TillConnection;
  db: TillDatabase;
  client: LedgerClient;
  engine: SyncEngine;
  /** Sends closed sessions' Z reports; runs beside the engine and stops with it. */
  reportSender: SessionReportSender;
  logger: Logger;
}

export type BootResult =
  | { kind: 'no_host' }
  | { kind: 'not_paired' }
  | { kind: 'failed' }
  | { kind: 'ready'; services: TillServices };

export async function bootTill(host: HostApi | null, logger: Logger): Promise<BootResult> {
  const bootLogger = logger.child('boot');
  if (!host) return { kind: 'no_host' };

  const info = await host.appInfo();
  const connection = info.connection;
  if (!connection) {
    bootLogger.warn('till is not paired');
    return { kind: 'not_paired' };
  }

  const db = new TillDatabase();
  try {
    await db.open();
  } catch (error) {
    bootLogger.error('local store did not open', { error });
    return { kind: 'failed' };
  }

  const client = createLedgerClient(connection);
  const engine = createSyncEngine({ db, client, logger });
  engine.start();
  const reportSender = createSessionReportSender({
    db,
    client,
    logger,
    online$: engine.online$,
    isOnline: () => engine.isOnline(),
  });
  reportSender.start();
  bootLogger.info('till started', { tillId: connection.tillId, appVersion: info.appVersion });
  return {
    kind: 'ready',
    services: { host, connection, db, client, engine, reportSender, logger },
  };
}
