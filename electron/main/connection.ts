// Where this till's ledger server is. In order: the connection saved when the till was paired;
// the one `npm start` hands over in the environment after starting a server beside the app; and
// otherwise a server embedded in this process on SQLite with the demo store, so that a newcomer
// sees a working till at once.
import { join } from 'node:path';
import type { TillConnection } from '../../shared/host-api.ts';
import type { Logger } from '../../shared/logger.ts';
import type { DeviceSettings } from './device-settings.ts';

export function connectionFromEnvironment(env: NodeJS.ProcessEnv): TillConnection | null {
  const serverUrl = env.CAISSE_TILL_SERVER_URL;
  const tillId = env.CAISSE_TILL_ID;
  const tillToken = env.CAISSE_TILL_TOKEN;
  if (!serverUrl || !tillId || !tillToken) return null;
  return { serverUrl, tillId, tillToken, tillName: env.CAISSE_TILL_NAME ?? 'Caisse' };
}

export const embeddedServerPort = 8787;

export async function startEmbeddedServer(
  dataFolder: string,
  logger: Logger,
): Promise<{ connection: TillConnection; close: () => Promise<void> }> {
  // Loaded only when needed: the server brings the SQLite native module with it.
  const { startLedgerServer } = await import('../../server/server.ts');
  const server = await startLedgerServer({
    databaseLocation: join(dataFolder, 'ledger.db'),
    host: '127.0.0.1',
    port: embeddedServerPort,
    isDemo: true,
    logger,
  });
  const tills = await server.ledger.listTills();
  // The embedded server makes a till for this app each start: its token is never stored.
  const { till, token } = await server.ledger.createTill(`Caisse ${tills.length + 1}`);
  return {
    connection: { serverUrl: server.url, tillId: till.id, tillToken: token, tillName: till.name },
    close: server.close,
  };
}

export async function resolveConnection(
  settings: DeviceSettings,
  env: NodeJS.ProcessEnv,
  dataFolder: string,
  logger: Logger,
): Promise<{ connection: TillConnection; close: () => Promise<void> }> {
  const configured = settings.connection ?? connectionFromEnvironment(env);
  if (configured) return { connection: configured, close: () => Promise.resolve() };
  return startEmbeddedServer(dataFolder, logger);
}
