// `npm run server [-- --demo]`: the ledger server alone, configured by the environment
// (CAISSE_DB, CAISSE_PORT, CAISSE_HOST).
import { parseArgs } from 'node:util';
import { databaseLocation, serverHost, serverPort } from './config.ts';
import { createServerLogger } from './log.ts';
import { startLedgerServer } from './server.ts';

const usage = `Usage: npm run server [-- --demo]

  --demo   fill an empty database with a demo store (customers, products, wallets)

Environment:
  CAISSE_DB    SQLite file path (default ./data/caisse.db) or a postgres:// URL
  CAISSE_PORT  port to listen on (default 8787)
  CAISSE_HOST  address to listen on (default 127.0.0.1)
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const logger = createServerLogger();
  const server = await startLedgerServer({
    databaseLocation: databaseLocation(),
    host: serverHost(),
    port: serverPort(),
    isDemo: values.demo,
    logger,
  });
  process.stdout.write(`Caisse ledger server at ${server.url}\n`);

  const stop = () => {
    logger.info('stopping');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`The ledger server could not start: ${message}\n`);
  process.exit(1);
});
