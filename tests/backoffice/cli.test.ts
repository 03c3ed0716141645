// The back office's commands: `user create` makes the first user (the password from standard
// input, never from the command line where other users of the machine could read it), and
// `till pairing-code` makes a code a new till can exchange. Each runs as a real process on a
// real SQLite file, as an administrator would run it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUserForLogin } from '../../server/backoffice/users.ts';
import { verifyPassword } from '../../server/backoffice/passwords.ts';
import { redeemPairingCode } from '../../server/backoffice/pairing.ts';
import { Ledger } from '../../server/ledger/ledger.ts';
import { openDatabase } from '../../server/storage/open.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..');

function runCli(args: readonly string[], env: Record<string, string>, input: string | null) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: [input === null ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== null) child.stdin?.end(input);
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

describe('the back-office commands', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    env = { CAISSE_DB: database.location };
  });

  afterEach(() => database.drop());

  it('makes a user whose password, read from standard input, signs in', async () => {
    const made = await runCli(
      ['user', 'create', '--name', 'Anne', '--password-stdin', '--language', 'fr'],
      env,
      'un mot de passe assez long\n',
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/Back-office user "Anne" created/);
    const found = await withLedgerAt(database.location, (ledger) =>
      findUserForLogin(ledger.database, 'anne'),
    );
    expect(found?.user).toMatchObject({ name: 'Anne', language: 'fr' });
    // The trailing newline of the input is not part of the password.
    expect(await verifyPassword('un mot de passe assez long', found!.passwordHash)).toBe(true);
    const audit = await withLedgerAt(database.location, (ledger) =>
      ledger.database.read((sql) =>
        sql.all<{ action: string; actor_name: string }>(
          'SELECT action, actor_name FROM backoffice_audit',
        ),
      ),
    );
    expect(audit.map((row) => row.action)).toEqual(['user_created']);
    expect(audit[0]?.actor_name).toMatch(/^cli:/);
  });

  it.each([
    ['a short password', ['user', 'create', '--name', 'Bob', '--password-stdin'], 'court\n', 1],
    ['no name', ['user', 'create', '--password-stdin'], 'un mot de passe assez long', 2],
    [
      'an unknown language',
      ['user', 'create', '--name', 'Bob', '--password-stdin', '--language', 'de'],
      'un mot de passe assez long',
      2,
    ],
    ['no terminal and no --password-stdin', ['user', 'create', '--name', 'Bob'], null, 2],
  ])('refuses %s and makes no user', async (_label, args, input, exitCode) => {
    const result = await runCli(args, env, input);
    expect(result.code).toBe(exitCode);
    expect(result.stderr).not.toBe('');
    const found = await withLedgerAt(database.location, (ledger) =>
      findUserForLogin(ledger.database, 'bob'),
    );
    expect(found).toBeNull();
  });

  it('refuses a second user of the same name', async () => {
    const args = ['user', 'create', '--name', 'Anne', '--password-stdin'];
    expect((await runCli(args, env, 'un mot de passe assez long')).code).toBe(0);
    const again = await runCli(
      ['user', 'create', '--name', 'ANNE', '--password-stdin'],
      env,
      'un autre mot de passe',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('makes a pairing code that a till exchanges once', async () => {
    const made = await runCli(['till', 'pairing-code', '--minutes', '5'], env, null);
    expect(made.code, made.stderr).toBe(0);
    const code = /^Pairing code: (\S+)$/m.exec(made.stdout)?.[1];
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const results = await withLedgerAt(database.location, async (ledger) => [
      await redeemPairingCode(ledger.database, { code: code!, tillName: 'Caisse 2' }, new Date()),
      await redeemPairingCode(ledger.database, { code: code!, tillName: 'Caisse 3' }, new Date()),
    ]);
    expect(results[0]).toMatchObject({ ok: true, tillName: 'Caisse 2' });
    expect(results[1]).toEqual({ ok: false, reason: 'pairing_code_used' });
    const expired = await withLedgerAt(database.location, async (ledger) => {
      const other = await runCli(['till', 'pairing-code', '--minutes', '1'], env, null);
      const otherCode = /^Pairing code: (\S+)$/m.exec(other.stdout)?.[1] ?? '';
      return redeemPairingCode(
        ledger.database,
        { code: otherCode, tillName: 'Caisse 4' },
        new Date(Date.now() + 2 * 60_000),
      );
    });
    expect(expired).toEqual({ ok: false, reason: 'pairing_code_expired' });
  });

  it.each([['0'], ['61'], ['quinze']])('refuses --minutes %s', async (minutes) => {
    const result = await runCli(['till', 'pairing-code', '--minutes', minutes], env, null);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--minutes must be a whole number from 1 to 60');
  });
});
