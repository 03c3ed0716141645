// The server's log sink: one JSON object per line on standard error, so standard output stays
// free for what a command prints (a till token, a check report).
import { createLogger, type LogLevel, type Logger } from '../shared/logger.ts';

const levels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function createServerLogger(module = 'caisse'): Logger {
  const configured = process.env.CAISSE_LOG_LEVEL as LogLevel | undefined;
  const level = configured && levels.includes(configured) ? configured : 'info';
  return createLogger({
    module,
    level,
    sink: (record) => {
      process.stderr.write(`${JSON.stringify(record)}\n`);
    },
  });
}
