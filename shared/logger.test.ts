// The logger decides what reaches a log file. The tests pin the levels, the record each line
// becomes, and above all that secrets and personal data are redacted by field name at any depth,
// with no output going around the sink to the console.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createLogger,
  createMemoryLogger,
  redact,
  type LogLevel,
  type LogRecord,
} from './logger.ts';

function capture(level: LogLevel, module = 'till') {
  const records: LogRecord[] = [];
  const logger = createLogger({ module, level, sink: (record) => records.push(record) });
  return { logger, records };
}

const levels: LogLevel[] = ['debug', 'info', 'warn', 'error'];

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('levels', () => {
  it.each([
    { level: 'debug', written: ['debug', 'info', 'warn', 'error'] },
    { level: 'info', written: ['info', 'warn', 'error'] },
    { level: 'warn', written: ['warn', 'error'] },
    { level: 'error', written: ['error'] },
  ] as const)('a logger at $level writes $written', ({ level, written }) => {
    const { logger, records } = capture(level);
    for (const each of levels) logger[each](`a ${each} line`);
    expect(records.map((record) => record.level)).toEqual(written);
    expect(records.map((record) => record.message)).toEqual(
      written.map((each) => `a ${each} line`),
    );
  });
});

describe('records', () => {
  it('carries the UTC time in ISO 8601, the level, the module, the message and the fields', () => {
    vi.useFakeTimers({ now: new Date('2024-05-01T10:11:12.345Z') });
    const { logger, records } = capture('info', 'sync');
    logger.warn('push failed', { attempt: 3, orderCount: 12 });
    expect(records).toEqual([
      {
        time: '2024-05-01T10:11:12.345Z',
        level: 'warn',
        module: 'sync',
        message: 'push failed',
        fields: { attempt: 3, orderCount: 12 },
      },
    ]);
  });

  it('gives empty fields when none are passed', () => {
    const { logger, records } = capture('debug');
    logger.info('started');
    expect(records[0]?.fields).toEqual({});
  });

  it('writes an error as its name and message, without the stack', () => {
    const { logger, records } = capture('debug');
    const error = new TypeError('socket closed');
    logger.error('printer failed', { error, nested: { cause: new RangeError('paper out') } });
    expect(records[0]?.fields).toEqual({
      error: { name: 'TypeError', message: 'socket closed' },
      nested: { cause: { name: 'RangeError', message: 'paper out' } },
    });
  });

  it('never writes to the console itself', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    const { logger } = capture('debug');
    for (const each of levels) logger[each]('line', { token: 'x' });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe('child loggers', () => {
  it('name their module after the parent, dot-separated at every level', () => {
    const { logger, records } = capture('debug', 'till');
    logger.child('sync').child('outbox').info('queued');
    logger.child('printer').info('cut');
    expect(records.map((record) => record.module)).toEqual(['till.sync.outbox', 'till.printer']);
  });

  it('keep the level and the sink of their parent', () => {
    const { logger, records } = capture('warn', 'server');
    const child = logger.child('push');
    child.info('not written');
    child.error('written');
    expect(records.map((record) => record.message)).toEqual(['written']);
  });
});

describe('redaction', () => {
  it.each([
    'token',
    'accessToken',
    'TOKEN',
    'secret',
    'clientSecret',
    'password',
    'newPassword',
    'pin',
    'managerPin',
    'email',
    'customerEmail',
    'authorization',
    'Authorization',
    'cookie',
    'setCookie',
    'name',
    'customerName',
    'cashierName',
    'iban',
    'payerIban',
    'phone',
    'phoneNumber',
    'address',
    'postalAddress',
    'credentials',
    'apiKey',
    'api_key',
    'privateKey',
  ])('hides a field named %s', (key) => {
    const { logger, records } = capture('debug');
    logger.info('line', { [key]: 'sensitive value' });
    expect(records[0]?.fields).toEqual({ [key]: '[redacted]' });
    expect(JSON.stringify(records[0])).not.toContain('sensitive value');
  });

  it.each([
    { key: 'orderId', value: '018f3b2a-0000-7000-8000-000000000001' },
    { key: 'walletId', value: 'w1' },
    { key: 'amountMinor', value: 4705 },
    { key: 'pendingCount', value: 3 },
    { key: 'isOffline', value: true },
    { key: 'durationMs', value: 12 },
    { key: 'statusCode', value: 503 },
    { key: 'module', value: 'sync' },
  ])('keeps an ordinary field named $key', ({ key, value }) => {
    expect(redact({ [key]: value })).toEqual({ [key]: value });
  });

  it('hides personal data inside a logged object, such as a customer', () => {
    const customer = {
      id: 'c1',
      name: 'Marie Dupont',
      email: 'marie@example.be',
      isWalletUser: true,
      walletBalanceMinor: 1234,
    };
    const fields = redact({ customer });
    expect(fields).toEqual({
      customer: {
        id: 'c1',
        name: '[redacted]',
        email: '[redacted]',
        isWalletUser: true,
        walletBalanceMinor: 1234,
      },
    });
  });

  it('hides secrets inside arrays of objects', () => {
    const fields = redact({
      tills: [
        { id: 't1', token: 'abc' },
        { id: 't2', token: 'def' },
      ],
    });
    expect(fields).toEqual({
      tills: [
        { id: 't1', token: '[redacted]' },
        { id: 't2', token: '[redacted]' },
      ],
    });
  });

  it('hides a nested field however deep it is, up to a bound that cuts the rest', () => {
    const deep = { level1: { level2: { level3: { level4: { email: 'x@example.be' } } } } };
    expect(JSON.stringify(redact(deep))).not.toContain('x@example.be');

    type Nested = { next?: Nested; email?: string };
    const root: Nested = {};
    let cursor = root;
    for (let depth = 0; depth < 50; depth += 1) {
      cursor.next = {};
      cursor = cursor.next;
    }
    cursor.email = 'deep@example.be';
    const written = JSON.stringify(redact({ root }));
    expect(written).not.toContain('deep@example.be');
    expect(written).toContain('[truncated]');
  });

  it('survives a field that refers to itself', () => {
    const looped: Record<string, unknown> = { id: 'o1', email: 'x@example.be' };
    looped.self = looped;
    const written = JSON.stringify(redact({ looped }));
    expect(written).not.toContain('x@example.be');
    expect(written).toContain('[truncated]');
  });

  it('leaves the fields it was given untouched', () => {
    const fields = { token: 'abc', customer: { email: 'x@example.be' } };
    redact(fields);
    expect(fields).toEqual({ token: 'abc', customer: { email: 'x@example.be' } });
  });

  it('keeps values that are not plain objects as they are', () => {
    const at = new Date('2024-05-01T10:00:00.000Z');
    expect(redact({ at, list: [1, 'two', null] })).toEqual({ at, list: [1, 'two', null] });
  });
});

describe('createMemoryLogger', () => {
  it('keeps every record from debug up, under the module it is given', () => {
    const { logger, records } = createMemoryLogger('ledger');
    logger.debug('one');
    logger.child('push').error('two', { password: 'hunter2' });
    expect(records.map(({ level, module, message }) => ({ level, module, message }))).toEqual([
      { level: 'debug', module: 'ledger', message: 'one' },
      { level: 'error', module: 'ledger.push', message: 'two' },
    ]);
    expect(records[1]?.fields).toEqual({ password: '[redacted]' });
  });

  it('is named test unless told otherwise', () => {
    const { logger, records } = createMemoryLogger();
    logger.info('x');
    expect(records[0]?.module).toBe('test');
  });
});
