// `npm run ledger -- <command>`: the back office's commands on the ledger database named by
// CAISSE_DB. What a command reports goes to standard output, errors to standard error, and the
// exit code says how it went, so the commands can run from scripts and cron jobs:
// 0 done, 1 the command found a problem or could not finish, 2 the command line or the
// environment is wrong.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pinSchema, staffRoles, type StaffMember, type StaffRole } from '../shared/domain.ts';
import { newId } from '../shared/ids.ts';
import { money } from '../shared/money.ts';
import { formatMoney } from '../shared/money-format.ts';
import type { AuditActor } from './backoffice/audit.ts';
import { isLanguage, type Language } from './backoffice/i18n.ts';
import { createPairingCode, pairingCodeMinutes } from './backoffice/pairing.ts';
import { passwordLengthMax, passwordLengthMin } from './backoffice/passwords.ts';
import { createBackOfficeUser, userNameLengthMax } from './backoffice/users.ts';
import { ConfigurationError, databaseLocation } from './config.ts';
import { demoStaff, demoStoreName, fillDemoStore } from './demo/demo-store.ts';
import { Ledger } from './ledger/ledger.ts';
import { foldStaffName, type StaffRefusal } from './ledger/staff.ts';
import { createServerLogger } from './log.ts';
import { isPostgresUrl, openDatabase } from './storage/open.ts';

const usage = `Usage: npm run ledger -- <command> [options]

Commands:
  till create --name <name>  register a till; prints its id and its token (shown only once)
  till list                  list the registered tills
  till pairing-code [--minutes <1-60>]
                             make a one-time code a new till exchanges for its id and token
                             (POST /v1/tills/pair); valid 15 minutes unless told otherwise
  user create --name <name> [--password-stdin] [--language fr|en]
                             make a back-office user; the password is read from standard
                             input with --password-stdin, otherwise asked for twice
  staff add --name <name> --role manager|cashier
                             add someone who signs in at the tills, with a PIN of 4 to 8
                             digits (see PIN below); the first manager of a new store is
                             made this way, the others can be made from a till
  staff list                 list the staff, with their ids and roles
  staff pin (--name <name> | --id <id>)
                             give a staff member a new PIN (see PIN below)
  staff disable (--name <name> | --id <id>)
                             stop someone signing in; the last active manager cannot be
  check                      verify the books; exits 1 when any invariant is broken
  overdrawn                  list the wallets below the wallet payment method's minimum
  demo [--seed <number>]     fill an empty database with the demo store
  help                       show this help

PIN: a PIN never goes on the command line, where other users and the shell history see it.
  It is read from CAISSE_STAFF_PIN when set, from standard input with --pin-stdin, or asked
  for twice on a terminal.

Environment:
  CAISSE_DB        SQLite file path (default ./data/caisse.db) or a postgres:// URL
  CAISSE_STAFF_PIN the PIN for staff add and staff pin

Exit codes: 0 done, 1 a problem was found or the command failed, 2 bad command line or setting.
`;

type ExitCode = 0 | 1 | 2;
type CommandName =
  | 'till create'
  | 'till list'
  | 'till pairing-code'
  | 'user create'
  | 'staff add'
  | 'staff list'
  | 'staff pin'
  | 'staff disable'
  | 'check'
  | 'overdrawn'
  | 'demo';
type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** The command line is wrong: the message says how, and the exit code is 2. */
class UsageError extends Error {
  override name = 'UsageError';
}

/** The command ran but could not do its work (no database, a refused demo): exit code 1. */
class CommandFailure extends Error {
  override name = 'CommandFailure';
}

const tillNameLengthMax = 100;

function write(text: string): void {
  process.stdout.write(text);
}

interface Command {
  options: ParseArgsConfig['options'];
  /** Reading commands refuse a missing SQLite file instead of creating an empty database. */
  isReadOnly: boolean;
  /** Checks the options before any database is opened, and returns the work to do. */
  prepare: (values: OptionValues) => (ledger: Ledger) => Promise<ExitCode>;
}

function tillNameOf(values: OptionValues): string {
  const name = typeof values.name === 'string' ? values.name.trim() : '';
  if (name === '' || name.length > tillNameLengthMax) {
    throw new UsageError(
      `till create needs --name "<name>" of 1 to ${tillNameLengthMax} characters, ` +
        'for example: till create --name "Caisse 1"',
    );
  }
  return name;
}

async function createTillCommand(ledger: Ledger, name: string): Promise<ExitCode> {
  const { till, token } = await ledger.createTill(name);
  write(
    `Till "${till.name}" created.\n` +
      `id:    ${till.id}\n` +
      `token: ${token}\n` +
      "Enter the token in the till's settings now: it is shown only this once, the server keeps " +
      'only its hash.\n',
  );
  return 0;
}

async function listTillsCommand(ledger: Ledger): Promise<ExitCode> {
  const tills = await ledger.listTills();
  if (tills.length === 0) {
    write('No till is registered. Add one with: till create --name "Caisse 1"\n');
    return 0;
  }
  const nameWidth = Math.max(4, ...tills.map((till) => till.name.length));
  write(`${'id'.padEnd(36)}  ${'name'.padEnd(nameWidth)}  last order  without gaps up to\n`);
  for (const till of tills) {
    const highest = String(till.highestSequence).padStart(10);
    write(`${till.id}  ${till.name.padEnd(nameWidth)}  ${highest}  ${till.contiguousSequence}\n`);
  }
  return 0;
}

async function checkCommand(ledger: Ledger): Promise<ExitCode> {
  const violations = await ledger.check();
  if (violations.length === 0) {
    write('OK: every transaction balances and every invariant of the books holds.\n');
    return 0;
  }
  for (const violation of violations) write(`${violation.code}: ${violation.detail}\n`);
  const plural = violations.length === 1 ? 'violation' : 'violations';
  write(`${violations.length} ${plural} of the ledger invariants.\n`);
  return 1;
}

async function overdrawnCommand(ledger: Ledger): Promise<ExitCode> {
  const [wallets, settings] = await Promise.all([ledger.overdrawnWallets(), ledger.readSettings()]);
  if (wallets.length === 0) {
    write('No wallet is overdrawn.\n');
    return 0;
  }
  const format = (minor: number) => formatMoney(money(minor, settings.currency), settings.locale);
  for (const wallet of wallets) {
    write(
      `${wallet.walletId}  ${wallet.name}  balance ${format(wallet.balanceMinor)}, ` +
        `minimum ${format(wallet.minimumMinor)}\n`,
    );
  }
  return 0;
}

const pairingMinutesMax = 60;

function pairingMinutesOf(values: OptionValues): number {
  if (values.minutes === undefined) return pairingCodeMinutes;
  const text = typeof values.minutes === 'string' ? values.minutes : '';
  const minutes = /^\d{1,2}$/.test(text) ? Number(text) : 0;
  if (minutes < 1 || minutes > pairingMinutesMax) {
    throw new UsageError(
      `--minutes must be a whole number from 1 to ${pairingMinutesMax}, got "${text}"`,
    );
  }
  return minutes;
}

async function pairingCodeCommand(ledger: Ledger, minutes: number): Promise<ExitCode> {
  const { code, expiresAt } = await createPairingCode(
    ledger.database,
    cliActor(),
    ledger.context.now(),
    minutes,
  );
  write(
    `Pairing code: ${code}\n` +
      `valid until:  ${expiresAt} (once)\n` +
      "Enter it in the new till's settings; the till then gets its own id and token.\n",
  );
  return 0;
}

/** The command line as an author in the audit trail: there is no back-office user here. */
function cliActor(): AuditActor {
  let account = 'unknown';
  try {
    account = userInfo().username;
  } catch {
    // Some containers run under a user id with no name; the audit row still says "cli".
  }
  return { userId: null, name: `cli:${account}` };
}

interface UserCreateOptions {
  name: string;
  language: Language | null;
  isPasswordFromStdin: boolean;
}

function userCreateOptionsOf(values: OptionValues): UserCreateOptions {
  const name = typeof values.name === 'string' ? values.name.trim() : '';
  if (name === '' || name.length > userNameLengthMax) {
    throw new UsageError(
      `user create needs --name "<name>" of 1 to ${userNameLengthMax} characters, ` +
        'for example: user create --name anne --password-stdin',
    );
  }
  const language = values.language === undefined ? null : values.language;
  if (language !== null && !isLanguage(language)) {
    throw new UsageError(`--language must be fr or en, got "${String(language)}"`);
  }
  const isPasswordFromStdin = values['password-stdin'] === true;
  if (!isPasswordFromStdin && !process.stdin.isTTY) {
    throw new UsageError(
      'user create asks for the password on a terminal; from a script, pipe it in with ' +
        '--password-stdin',
    );
  }
  return { name, language, isPasswordFromStdin };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is the end of the line `echo` or a file gives, not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (character === '\u0003') {
          finish();
          reject(new CommandFailure('Cancelled; nothing was changed.'));
          return;
        }
        if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('');
        else value += character;
      }
    };
    stdin.on('data', onData);
  });
}

async function readNewPassword(isFromStdin: boolean): Promise<string> {
  if (isFromStdin) return readStdin();
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Password again: ');
  if (first !== second) throw new CommandFailure('The two passwords differ; no user was made.');
  return first;
}

async function createUserCommand(ledger: Ledger, options: UserCreateOptions): Promise<ExitCode> {
  const password = await readNewPassword(options.isPasswordFromStdin);
  const result = await createBackOfficeUser(
    ledger.database,
    { name: options.name, password, language: options.language },
    cliActor(),
    ledger.context.now,
  );
  if (!result.ok) {
    const messages = {
      too_short: `The password needs at least ${passwordLengthMin} characters.`,
      too_long: `The password has at most ${passwordLengthMax} characters.`,
      invalid_name: 'The name must be 1 to 100 characters without control characters.',
      name_taken: `A back-office user named "${options.name}" already exists.`,
    } as const;
    throw new CommandFailure(`${messages[result.reason]} No user was made.`);
  }
  write(
    `Back-office user "${result.user.name}" created (id ${result.user.id}).\n` +
      'Sign in at /backoffice/login on the ledger server.\n',
  );
  return 0;
}

const staffNameLengthMax = 100;

interface PinSource {
  isFromStdin: boolean;
}

function pinSourceOf(values: OptionValues, command: string): PinSource {
  const isFromStdin = values['pin-stdin'] === true;
  if (process.env.CAISSE_STAFF_PIN === undefined && !isFromStdin && !process.stdin.isTTY) {
    throw new UsageError(
      `${command} asks for the PIN on a terminal; from a script, set CAISSE_STAFF_PIN or pipe ` +
        'it in with --pin-stdin',
    );
  }
  return { isFromStdin };
}

async function readPin(source: PinSource): Promise<string> {
  let pin: string;
  const fromEnvironment = process.env.CAISSE_STAFF_PIN;
  if (fromEnvironment !== undefined) pin = fromEnvironment;
  else if (source.isFromStdin) pin = await readStdin();
  else {
    pin = await promptHidden('PIN (4 to 8 digits): ');
    const again = await promptHidden('PIN again: ');
    if (pin !== again) throw new CommandFailure('The two PINs differ; nothing was changed.');
  }
  if (!pinSchema.safeParse(pin).success) {
    throw new CommandFailure('A PIN is 4 to 8 digits; nothing was changed.');
  }
  return pin;
}

interface StaffAddOptions extends PinSource {
  name: string;
  role: StaffRole;
}

function staffAddOptionsOf(values: OptionValues): StaffAddOptions {
  const name = typeof values.name === 'string' ? values.name.trim() : '';
  if (name === '' || name.length > staffNameLengthMax) {
    throw new UsageError(
      `staff add needs --name "<name>" of 1 to ${staffNameLengthMax} characters, ` +
        'for example: staff add --name "Mona" --role manager',
    );
  }
  const role = values.role;
  if (typeof role !== 'string' || !(staffRoles as readonly string[]).includes(role)) {
    throw new UsageError(`staff add needs --role manager or --role cashier`);
  }
  return { name, role: role as StaffRole, ...pinSourceOf(values, 'staff add') };
}

const staffRefusalMessages: Record<StaffRefusal, string> = {
  pin_required: 'A new staff member needs a PIN.',
  staff_name_taken: 'Another active staff member already has this name.',
  last_active_manager:
    'This is the last active manager: add another manager before disabling them.',
};

async function staffAddCommand(ledger: Ledger, options: StaffAddOptions): Promise<ExitCode> {
  const pin = await readPin(options);
  const result = await ledger.saveStaffMember(
    newId(),
    { name: options.name, role: options.role, pin, isActive: true },
    cliActor(),
  );
  if (!result.ok) {
    throw new CommandFailure(`${staffRefusalMessages[result.reason]} Nobody was added.`);
  }
  write(
    `${result.member.role === 'manager' ? 'Manager' : 'Cashier'} "${result.member.name}" ` +
      `added (id ${result.member.id}).\nThe tills learn of them at their next sync.\n`,
  );
  return 0;
}

async function staffListCommand(ledger: Ledger): Promise<ExitCode> {
  const staff = await ledger.listStaff();
  if (staff.length === 0) {
    write(
      'Nobody signs in at the tills yet. Add a manager with: staff add --name "…" --role manager\n',
    );
    return 0;
  }
  const nameWidth = Math.max(4, ...staff.map((member) => member.name.length));
  write(`${'id'.padEnd(36)}  ${'name'.padEnd(nameWidth)}  role     state\n`);
  for (const member of staff) {
    const state = member.isActive ? 'active' : 'disabled';
    write(`${member.id}  ${member.name.padEnd(nameWidth)}  ${member.role.padEnd(7)}  ${state}\n`);
  }
  return 0;
}

interface StaffTarget {
  id: string | null;
  name: string | null;
}

function staffTargetOf(values: OptionValues, command: string): StaffTarget {
  const id = typeof values.id === 'string' ? values.id.trim() : null;
  const name = typeof values.name === 'string' ? values.name.trim() : null;
  if ((id === null) === (name === null) || id === '' || name === '') {
    throw new UsageError(`${command} needs either --name "<name>" or --id <id>`);
  }
  return { id, name };
}

/** The member named on the command line: by id, or by name among the active staff. */
async function findStaffMember(ledger: Ledger, target: StaffTarget): Promise<StaffMember> {
  const staff = await ledger.listStaff();
  const found =
    target.id !== null
      ? staff.find((member) => member.id === target.id)
      : staff.find(
          (member) =>
            member.isActive && foldStaffName(member.name) === foldStaffName(target.name ?? ''),
        );
  if (!found) {
    const what = target.id !== null ? `id ${target.id}` : `the name "${target.name ?? ''}"`;
    throw new CommandFailure(`No active staff member has ${what}; see "staff list".`);
  }
  return found;
}

async function staffPinCommand(
  ledger: Ledger,
  target: StaffTarget,
  source: PinSource,
): Promise<ExitCode> {
  const member = await findStaffMember(ledger, target);
  const pin = await readPin(source);
  const result = await ledger.saveStaffMember(member.id, { ...member, pin }, cliActor());
  if (!result.ok) throw new CommandFailure(`${staffRefusalMessages[result.reason]}`);
  write(`New PIN set for "${member.name}". The tills learn of it at their next sync.\n`);
  return 0;
}

async function staffDisableCommand(ledger: Ledger, target: StaffTarget): Promise<ExitCode> {
  const member = await findStaffMember(ledger, target);
  const result = await ledger.saveStaffMember(
    member.id,
    { ...member, pin: null, isActive: false },
    cliActor(),
  );
  if (!result.ok) {
    throw new CommandFailure(`${staffRefusalMessages[result.reason]} Nothing was changed.`);
  }
  write(`"${member.name}" can no longer sign in at the tills.\n`);
  return 0;
}

function seedOf(values: OptionValues): number | undefined {
  if (values.seed === undefined) return undefined;
  if (typeof values.seed !== 'string' || !/^\d{1,9}$/.test(values.seed)) {
    throw new UsageError(`--seed needs a whole number, got "${String(values.seed)}"`);
  }
  return Number(values.seed);
}

async function demoCommand(ledger: Ledger, seed: number | undefined): Promise<ExitCode> {
  const summary = await fillDemoStore(ledger, { seed });
  if (summary.status === 'refused') {
    throw new CommandFailure(`The demo store was not added: ${summary.detail}.`);
  }
  const settings = await ledger.readSettings();
  const walletTotal = formatMoney(
    money(summary.walletTotalMinor, settings.currency),
    settings.locale,
  );
  write(
    `Demo store "${demoStoreName}" added (seed ${summary.seed}):\n` +
      `  ${summary.customerCount} customers, ${summary.walletUserCount} of them wallet users, ` +
      `${summary.householdCount} households\n` +
      `  ${summary.productCount} products (${summary.weighedProductCount} weighed), ` +
      `${summary.paymentMethodCount} payment methods\n` +
      `  ${summary.topUpCount} bank top-ups, ${walletTotal} on the wallets\n` +
      `  ${summary.staffCount} staff: ${demoStaff
        .map((person) => `${person.name} (${person.role}, PIN ${person.pin})`)
        .join(', ')}\n`,
  );
  return 0;
}

const commands: Record<CommandName, Command> = {
  'till create': {
    options: { name: { type: 'string' } },
    isReadOnly: false,
    prepare: (values) => {
      const name = tillNameOf(values);
      return (ledger) => createTillCommand(ledger, name);
    },
  },
  'till list': { options: {}, isReadOnly: true, prepare: () => listTillsCommand },
  'till pairing-code': {
    options: { minutes: { type: 'string' } },
    isReadOnly: false,
    prepare: (values) => {
      const minutes = pairingMinutesOf(values);
      return (ledger) => pairingCodeCommand(ledger, minutes);
    },
  },
  'user create': {
    options: {
      name: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      language: { type: 'string' },
    },
    isReadOnly: false,
    prepare: (values) => {
      const options = userCreateOptionsOf(values);
      return (ledger) => createUserCommand(ledger, options);
    },
  },
  'staff add': {
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      'pin-stdin': { type: 'boolean' },
    },
    isReadOnly: false,
    prepare: (values) => {
      const options = staffAddOptionsOf(values);
      return (ledger) => staffAddCommand(ledger, options);
    },
  },
  'staff list': { options: {}, isReadOnly: true, prepare: () => staffListCommand },
  'staff pin': {
    options: { name: { type: 'string' }, id: { type: 'string' }, 'pin-stdin': { type: 'boolean' } },
    isReadOnly: false,
    prepare: (values) => {
      const target = staffTargetOf(values, 'staff pin');
      const source = pinSourceOf(values, 'staff pin');
      return (ledger) => staffPinCommand(ledger, target, source);
    },
  },
  'staff disable': {
    options: { name: { type: 'string' }, id: { type: 'string' } },
    isReadOnly: false,
    prepare: (values) => {
      const target = staffTargetOf(values, 'staff disable');
      return (ledger) => staffDisableCommand(ledger, target);
    },
  },
  check: { options: {}, isReadOnly: true, prepare: () => checkCommand },
  overdrawn: { options: {}, isReadOnly: true, prepare: () => overdrawnCommand },
  demo: {
    options: { seed: { type: 'string' } },
    isReadOnly: false,
    prepare: (values) => {
      const seed = seedOf(values);
      return (ledger) => demoCommand(ledger, seed);
    },
  },
};

/** Splits the arguments into the command's words and the rest; null means "show the help". */
function resolveCommand(args: readonly string[]): { name: CommandName; rest: string[] } | null {
  const [first, second] = args;
  if (first === undefined) throw new UsageError(`No command given.\n\n${usage.trimEnd()}`);
  if (first === 'help' || first === '--help' || first === '-h') return null;
  if (first === 'till') {
    if (second === 'create' || second === 'list' || second === 'pairing-code') {
      return { name: `till ${second}`, rest: args.slice(2) };
    }
    throw new UsageError(
      `Unknown till command "${second ?? ''}": use "till create", "till list" or ` +
        '"till pairing-code".',
    );
  }
  if (first === 'user') {
    if (second === 'create') return { name: 'user create', rest: args.slice(2) };
    throw new UsageError(`Unknown user command "${second ?? ''}": use "user create".`);
  }
  if (first === 'staff') {
    if (second === 'add' || second === 'list' || second === 'pin' || second === 'disable') {
      return { name: `staff ${second}`, rest: args.slice(2) };
    }
    throw new UsageError(
      `Unknown staff command "${second ?? ''}": use "staff add", "staff list", "staff pin" or ` +
        '"staff disable".',
    );
  }
  if (first === 'check' || first === 'overdrawn' || first === 'demo') {
    return { name: first, rest: args.slice(1) };
  }
  throw new UsageError(`Unknown command "${first}".`);
}

async function withLedger(
  location: string,
  isReadOnly: boolean,
  work: (ledger: Ledger) => Promise<ExitCode>,
): Promise<ExitCode> {
  const isFile = !isPostgresUrl(location) && location !== ':memory:';
  if (isReadOnly && isFile && !existsSync(location)) {
    throw new CommandFailure(
      `There is no ledger database at ${location}. Set CAISSE_DB to the server's database.`,
    );
  }
  // The command's own output is the report; migration notices would only bury it.
  process.env.CAISSE_LOG_LEVEL ??= 'warn';
  const logger = createServerLogger('ledger-cli');
  const ledger = new Ledger({ database: await openDatabase(location, logger), logger });
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

async function run(args: readonly string[]): Promise<ExitCode> {
  const command = resolveCommand(args);
  if (command === null) {
    write(usage);
    return 0;
  }
  const { options, isReadOnly, prepare } = commands[command.name];
  const { values } = parseArgs({ args: command.rest, options, strict: true });
  const work = prepare(values);
  return withLedger(databaseLocation(), isReadOnly, work);
}

function exitCodeFor(error: unknown): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError || isParseArgsError(error)) {
    process.stderr.write(`${message}\nRun "npm run ledger -- help" for the commands.\n`);
    return 2;
  }
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${message}\n`);
    return 2;
  }
  if (error instanceof CommandFailure) {
    process.stderr.write(`${message}\n`);
    return 1;
  }
  process.stderr.write(`The command failed: ${message}\n`);
  return 1;
}

process.exitCode = await run(process.argv.slice(2)).catch(exitCodeFor);
