// The renderer's logger. Records go to the developer console, which the Electron main process
// collects with the window's console messages; the last ones are also kept in memory so that a
// diagnostics pane can show them without a console. Personal data is redacted by the shared
// logger before any sink sees it.
import { createLogger, type LogRecord, type Logger } from '../../shared/logger.ts';

const keptRecordsMax = 500;
const keptRecords: LogRecord[] = [];

function sink(record: LogRecord): void {
  keptRecords.push(record);
  if (keptRecords.length > keptRecordsMax) keptRecords.shift();
  const line = `${record.time} ${record.level} ${record.module} ${record.message}`;
  // This sink is the one place the renderer writes to the console: it is the logger's output.
  // eslint-disable-next-line no-console
  console[record.level](line, record.fields);
}

export const rendererLogger: Logger = createLogger({ module: 'till', level: 'info', sink });

export function recentLogRecords(): readonly LogRecord[] {
  return keptRecords;
}
