// Starting the ledger server: open (and migrate) the database, optionally fill an empty one with
// the demo store, and listen. `npm run server` calls this; so will the till's shell when it runs
// the server embedded for a newcomer.
import type { AddressInfo } from 'node:net';
import type { Logger } from '../shared/logger.ts';
import { demoStaff, fillDemoStore } from './demo/demo-store.ts';
import { buildApp } from './http/app.ts';
import { Ledger } from './ledger/ledger.ts';
import { asNumber } from './storage/database.ts';
import { openDatabase } from './storage/open.ts';

export interface ServerOptions {
  databaseLocation: string;
  host: string;
  port: number;
  isDemo: boolean;
  logger: Logger;
}

export interface RunningServer {
  url: string;
  ledger: Ledger;
  close: () => Promise<void>;
}

async function isEmpty(ledger: Ledger): Promise<boolean> {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ count: unknown }>('SELECT COUNT(*) AS count FROM customers'),
  );
  return asNumber(rows[0]?.count ?? 0) === 0;
}

export async function startLedgerServer(options: ServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const database = await openDatabase(options.databaseLocation, logger);
  const ledger = new Ledger({ database, logger });

  if (options.isDemo) {
    if (await isEmpty(ledger)) {
      logger.info('filling the empty database with the demo store');
      await fillDemoStore(ledger);
      // Whoever tries the demo till meets its lock screen first.
      logger.info('the demo tills open with these staff', {
        staff: demoStaff.map((person) => `${person.name} (${person.role}, PIN ${person.pin})`),
      });
    } else {
      logger.info('the database already holds a store; the demo data is not added');
    }
  }

  const app = await buildApp({ ledger, logger });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  const url = `http://${options.host}:${address.port}`;
  logger.info('ledger server listening', { url, engine: database.dialect });
  return {
    url,
    ledger,
    close: async () => {
      await app.close();
      await ledger.close();
    },
  };
}
