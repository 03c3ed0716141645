// The server's settings come from the environment, read here and nowhere else, so the server,
// the CLI and the tests agree on the defaults and a wrong value stops the program with a message
// that names the variable instead of failing later somewhere deep inside.
import { isPostgresUrl } from './storage/open.ts';

export const defaultDatabaseLocation = './data/caisse.db';
export const defaultPort = 8787;
export const defaultHost = '127.0.0.1';

/** A setting in the environment is wrong; the message says which and how to fix it. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

type Environment = Record<string, string | undefined>;

/** The variable's value, or undefined when it is unset or blank (as an empty `KEY=` line gives). */
function setting(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** CAISSE_DB: a SQLite file path (default ./data/caisse.db) or a postgres:// URL. */
export function databaseLocation(env: Environment = process.env): string {
  const value = setting(env, 'CAISSE_DB');
  if (value === undefined) return defaultDatabaseLocation;
  if (isPostgresUrl(value) && !URL.canParse(value)) {
    // The value is not repeated: a PostgreSQL URL carries the password.
    throw new ConfigurationError(
      'CAISSE_DB looks like a PostgreSQL URL but cannot be read as one; expected ' +
        'postgres://user:password@host:5432/database',
    );
  }
  return value;
}

/** CAISSE_PORT: the TCP port, 0 to 65535 (default 8787); 0 lets the system pick a free one. */
export function serverPort(env: Environment = process.env): number {
  const value = setting(env, 'CAISSE_PORT');
  if (value === undefined) return defaultPort;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new ConfigurationError(
      `CAISSE_PORT must be a whole number from 0 to 65535, got "${value}"`,
    );
  }
  return port;
}

// Host names, IPv4 and bare IPv6 addresses (a listener takes `::1`, not `[::1]`); nothing with
// spaces, a scheme or a path.
const hostPattern = /^([0-9a-f:.]*:[0-9a-f:.]*|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/i;

/** CAISSE_HOST: the address to listen on (default 127.0.0.1, reachable from this machine only). */
export function serverHost(env: Environment = process.env): string {
  const value = setting(env, 'CAISSE_HOST');
  if (value === undefined) return defaultHost;
  if (!hostPattern.test(value) || value.length > 253) {
    throw new ConfigurationError(
      `CAISSE_HOST must be a host name or an IP address such as 0.0.0.0, got "${value}"`,
    );
  }
  return value;
}
