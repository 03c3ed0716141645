// The portal's settings from the environment, read once when the server starts, with the same
// rules as the server's other settings (server/config.ts): blank means unset, and a wrong value
// stops the server with a message naming the variable.
import { ConfigurationError, serverHost, serverPort } from '../config.ts';

type Environment = Record<string, string | undefined>;

function setting(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * CAISSE_PUBLIC_URL: the address customers reach the server at, used in the links sent by
 * e-mail. It is never taken from a request's Host header, which anyone can set: a forged host
 * would send a victim a link to someone else's server carrying a valid sign-in token.
 */
export function publicUrl(env: Environment = process.env): URL {
  const value = setting(env, 'CAISSE_PUBLIC_URL');
  if (value === undefined) return new URL(`http://${serverHost(env)}:${serverPort(env)}`);
  if (!/^https?:\/\//.test(value) || !URL.canParse(value)) {
    throw new ConfigurationError(
      `CAISSE_PUBLIC_URL must be an http:// or https:// URL, got "${value}"`,
    );
  }
  return new URL(value);
}
