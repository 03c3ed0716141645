// The ledger CLI as the back office runs it: a real process on a real SQLite file named by
// CAISSE_DB. A till token it prints must open the server's door, `check` must tell good books
// from corrupted ones by its exit code, and a wrong command line must fail with code 2 before it
// touches any database. The environment readers it shares with the server are checked here too.
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  databaseLocation,
  defaultDatabaseLocation,
  serverHost,
  serverPort,
} from '../../server/config.ts';
import { Ledger } from '../../server/ledger/ledger.ts';
import { openDatabase } from '../../server/storage/open.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { verifyPin } from '../../shared/pin.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsx server/cli.ts` (what `npm run ledger --` runs) as its own process. */
function runCli(
  args: readonly string[],
  env: Record<string, string>,
  input: string | null = null,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // Without input, standard input is closed at once: nothing a command reads, and no terminal.
    child.stdin.end(input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withLedgerAt<T>(location: string, work: (ledger: Ledger) => Promise<T>) {
  const { logger } = createMemoryLogger();
  const ledger = new Ledger({ database: await openDatabase(location, logger), logger });
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}

describe('the ledger CLI', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    env = { CAISSE_DB: database.location };
  });

  afterEach(() => database.drop());

  it('creates a till whose printed token the server accepts, then lists it', async () => {
    const created = await runCli(['till', 'create', '--name', 'Caisse 1'], env);
    expect(created.code, created.stderr).toBe(0);
    const token = /^token: (\S+)$/m.exec(created.stdout)?.[1];
    const id = /^id: +(\S+)$/m.exec(created.stdout)?.[1];
    expect(token).toBeDefined();

    const till = await withLedgerAt(database.location, (ledger) =>
      ledger.authenticateTill(token ?? ''),
    );
    expect(till).toMatchObject({ id, name: 'Caisse 1' });

    const listed = await runCli(['till', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(`${id}  Caisse 1`);
    expect(listed.stdout).not.toContain(token);
  });

  it('passes the check on good books, with a one-line OK and exit code 0', async () => {
    const demo = await runCli(['demo', '--seed', '3'], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/\d+ customers/);

    const check = await runCli(['check'], env);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^OK/)]);
  });

  it('fails the check with exit code 1, naming the violations, on a tampered balance', async () => {
    expect((await runCli(['demo'], env)).code).toBe(0);
    // Behind the ledger's back, as a faulty script or a hand edit would do it.
    const connection = new BetterSqlite3(database.location);
    const changed = connection
      .prepare(
        'UPDATE accounts SET balance_minor = balance_minor + 1 WHERE id = ' +
          "(SELECT id FROM accounts WHERE kind = 'wallet' AND balance_minor > 0 LIMIT 1)",
      )
      .run().changes;
    connection.close();
    expect(changed).toBe(1);

    const check = await runCli(['check'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^balance_differs_from_entries: account \S+ shows/m);
    expect(check.stdout).toMatch(/^trial_balance_not_zero: all accounts sum to 1$/m);
    expect(check.stdout).not.toMatch(/^OK/m);
  });

  it('refuses to add the demo store twice, with exit code 1', async () => {
    expect((await runCli(['demo'], env)).code).toBe(0);
    const again = await runCli(['demo'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not added: the database already holds \d+ customers/);
  });

  it('lists an overdrawn wallet with its balance and the minimum', async () => {
    const walletId = await withLedgerAt(database.location, async (ledger) => {
      await ledger.createPaymentMethod({
        name: 'Portefeuille client',
        kind: 'wallet',
        minimumWalletMinor: 0,
        requiresCustomer: true,
        sortOrder: 1,
      });
      const customer = await ledger.createCustomer({
        name: 'Françoise Lefèvre',
        isWalletUser: true,
      });
      await ledger.bookWalletTransfer({
        kind: 'adjustment',
        customerId: customer.id,
        amountMinor: -1_234,
        description: 'Correction',
      });
      return customer.walletId;
    });

    const overdrawn = await runCli(['overdrawn'], env);
    expect(overdrawn.code, overdrawn.stderr).toBe(0);
    expect(overdrawn.stdout).toContain(walletId);
    expect(overdrawn.stdout).toContain('Françoise Lefèvre');
    expect(overdrawn.stdout).toMatch(/12,34\s€/);
  });

  it('adds the first manager with a PIN from the environment, never from the arguments', async () => {
    const added = await runCli(['staff', 'add', '--name', 'Mona', '--role', 'manager'], {
      ...env,
      CAISSE_STAFF_PIN: '2468',
    });
    expect(added.code, added.stderr).toBe(0);
    const id = /\(id (\S+)\)/.exec(added.stdout)?.[1];
    expect(added.stdout).not.toContain('2468');

    const staff = await withLedgerAt(database.location, (ledger) => ledger.listStaff());
    expect(staff).toMatchObject([{ id, name: 'Mona', role: 'manager', isActive: true }]);
    expect(await verifyPin('2468', staff[0]!.pinHash)).toBe(true);
    const audit = await withLedgerAt(database.location, (ledger) =>
      ledger.database.read((sql) =>
        sql.all<{ actor_name: string; detail: string }>(
          "SELECT actor_name, detail FROM backoffice_audit WHERE action = 'staff_saved'",
        ),
      ),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_name).toMatch(/^cli:/);
    expect(audit[0]?.detail).toBe('created "Mona" (manager, active, PIN set)');

    const listed = await runCli(['staff', 'list'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id}  Mona +manager +active$`, 'm'));
  });

  it('changes a PIN read from standard input, and keeps the last manager', async () => {
    const pinEnv = { ...env, CAISSE_STAFF_PIN: '2468' };
    expect(
      (await runCli(['staff', 'add', '--name', 'Mona', '--role', 'manager'], pinEnv)).code,
    ).toBe(0);
    expect(
      (await runCli(['staff', 'add', '--name', 'Camille', '--role', 'cashier'], pinEnv)).code,
    ).toBe(0);

    const changed = await runCli(['staff', 'pin', '--name', 'mona', '--pin-stdin'], env, '97531\n');
    expect(changed.code, changed.stderr).toBe(0);
    const mona = await withLedgerAt(database.location, async (ledger) =>
      (await ledger.listStaff()).find((member) => member.name === 'Mona'),
    );
    expect(await verifyPin('97531', mona!.pinHash)).toBe(true);

    const notAPin = await runCli(['staff', 'pin', '--name', 'Mona', '--pin-stdin'], env, '12ab\n');
    expect(notAPin.code).toBe(1);
    expect(notAPin.stderr).toContain('A PIN is 4 to 8 digits');

    const lastManager = await runCli(['staff', 'disable', '--name', 'Mona'], env);
    expect(lastManager.code).toBe(1);
    expect(lastManager.stderr).toContain('last active manager');

    const disabled = await runCli(['staff', 'disable', '--name', 'Camille'], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    const unknown = await runCli(['staff', 'disable', '--name', 'Camille'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No active staff member has the name "Camille"');
    const listed = await runCli(['staff', 'list'], env);
    expect(listed.stdout).toMatch(/ {2}Camille +cashier +disabled$/m);
  });

  it('exits with code 2 on an unknown command, saying so on standard error only', async () => {
    const result = await runCli(['refund-everything'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command "refund-everything"');
    expect(result.stdout).toBe('');
  });

  it.each([
    [[]],
    [['till']],
    [['till', 'delete']],
    [['till', 'create']],
    [['till', 'create', '--name']],
    [['till', 'create', '--name', '   ']],
    [['check', '--verbose']],
    [['check', 'now']],
    [['demo', '--seed', 'abc']],
    [['demo', '--seed', '-1']],
    [['staff']],
    [['staff', 'remove']],
    [['staff', 'add', '--name', 'Mona']],
    [['staff', 'add', '--name', 'Mona', '--role', 'boss']],
    [['staff', 'add', '--role', 'manager']],
    // No PIN from the environment or standard input, and no terminal to ask on.
    [['staff', 'add', '--name', 'Mona', '--role', 'manager']],
    [['staff', 'add', '--name', 'Mona', '--role', 'manager', '--pin', '2468']],
    [['staff', 'pin', '--pin-stdin']],
    [['staff', 'disable', '--name', 'Mona', '--id', 'x']],
  ])('exits with code 2 on the command line %j without creating a database', async (args) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
    expect(existsSync(database.location)).toBe(false);
  });

  it('refuses to check a missing database file instead of creating an empty one', async () => {
    const result = await runCli(['check'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no ledger database at');
    expect(existsSync(database.location)).toBe(false);
  });

  it('exits with code 2 when CAISSE_DB is a PostgreSQL URL it cannot read', async () => {
    const result = await runCli(['check'], { CAISSE_DB: 'postgres://user@host:port/caisse' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CAISSE_DB');
  });

  it('prints the help on standard output with exit code 0', async () => {
    const result = await runCli(['help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('till create --name');
  });
});

describe('the settings read from the environment', () => {
  it('keeps the ledger in ./data/caisse.db unless CAISSE_DB names another place', () => {
    expect(databaseLocation({})).toBe(defaultDatabaseLocation);
    expect(defaultDatabaseLocation).toBe('./data/caisse.db');
    expect(databaseLocation({ CAISSE_DB: '  ' })).toBe('./data/caisse.db');
    expect(databaseLocation({ CAISSE_DB: '/srv/caisse/ledger.db' })).toBe('/srv/caisse/ledger.db');
    const url = 'postgres://caisse:secret@db.example:5432/caisse';
    expect(databaseLocation({ CAISSE_DB: url })).toBe(url);
  });

  it.each([
    [undefined, 8787],
    ['', 8787],
    ['8080', 8080],
    [' 9000 ', 9000],
    ['0', 0],
    ['65535', 65535],
  ])('reads CAISSE_PORT=%j as port %i', (value, expected) => {
    expect(serverPort({ CAISSE_PORT: value })).toBe(expected);
  });

  it.each(['abc', '80.5', '-1', '65536', '8080abc', '0x50', '1e3', '999999'])(
    'refuses CAISSE_PORT=%j with an error naming the variable',
    (value) => {
      expect(() => serverPort({ CAISSE_PORT: value })).toThrow(ConfigurationError);
      expect(() => serverPort({ CAISSE_PORT: value })).toThrow(/CAISSE_PORT/);
    },
  );

  it.each([
    [undefined, '127.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['::1', '::1'],
    ['localhost', 'localhost'],
    ['caisse.coop-example.be', 'caisse.coop-example.be'],
  ])('reads CAISSE_HOST=%j as %j', (value, expected) => {
    expect(serverHost({ CAISSE_HOST: value })).toBe(expected);
  });

  it.each(['http://localhost', 'local host', '[::1]', 'host/path', '-leading-dash'])(
    'refuses CAISSE_HOST=%j with an error naming the variable',
    (value) => {
      expect(() => serverHost({ CAISSE_HOST: value })).toThrow(/CAISSE_HOST/);
    },
  );
});
