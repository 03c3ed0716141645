// One small structured logger for every process. Each module takes a child logger named after it.
// Fields whose names say they hold secrets or personal data are redacted before a line is written,
// so a token or a customer's e-mail never reaches a log file by accident.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export interface LogRecord {
  time: string;
  level: LogLevel;
  module: string;
  message: string;
  fields: LogFields;
}
export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(module: string): Logger;
}

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Matched anywhere in a field name, so `customerEmail` and `accessToken` are caught as well.
const redactedKeys = new RegExp(
  [
    ...['token', 'secret', 'password', 'pin', 'credential', 'authorization', 'cookie'],
    ...['api[-_]?key', 'private[-_]?key', 'name', 'email', 'phone', 'address', 'iban'],
  ].join('|'),
  'i',
);

/** How deep redaction looks into nested fields; anything deeper is cut rather than written. */
const redactionDepthMax = 8;

/**
 * Redacts by field name at every depth, since a logged order or customer carries its personal
 * data one level down (`{ customer: { email } }`).
 */
export function redact(fields: LogFields): LogFields {
  return redactFields(fields, 0);
}

function redactFields(fields: Record<string, unknown>, depth: number): LogFields {
  const result: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    result[key] = redactedKeys.test(key) ? '[redacted]' : redactValue(value, depth + 1);
  }
  return result;
}

function redactValue(value: unknown, depth: number): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= redactionDepthMax) return '[truncated]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (!isPlainObject(value)) return value;
  return redactFields(value as Record<string, unknown>, depth);
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function createLogger(options: { module: string; level: LogLevel; sink: LogSink }): Logger {
  const write = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (levelRank[level] < levelRank[options.level]) return;
    const time = new Date().toISOString();
    options.sink({ time, level, module: options.module, message, fields: redact(fields) });
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (module) => createLogger({ ...options, module: `${options.module}.${module}` }),
  };
}

/** A logger that keeps its records in memory, for tests that assert on what was logged. */
export function createMemoryLogger(module = 'test'): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return {
    logger: createLogger({ module, level: 'debug', sink: (r) => records.push(r) }),
    records,
  };
}
