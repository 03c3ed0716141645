// The mail settings from the environment, read once when the server starts, with the
// same rules as the server's other settings (server/config.ts): blank means unset, and a wrong
// value stops the server with a message naming the variable.
import { ConfigurationError } from '../config.ts';

type Environment = Record<string, string | undefined>;

function setting(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** CAISSE_SMTP_URL: smtp:// or smtps:// URL of the mail server; unset sends no mail. */
export function smtpUrl(env: Environment = process.env): string | null {
  const value = setting(env, 'CAISSE_SMTP_URL');
  if (value === undefined) return null;
  if (!/^smtps?:\/\//.test(value) || !URL.canParse(value)) {
    // The value is not repeated: it may carry the SMTP password.
    throw new ConfigurationError(
      'CAISSE_SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@host:587',
    );
  }
  return value;
}

/** CAISSE_MAIL_FROM: the sender of the portal's e-mails. */
export function mailFrom(env: Environment = process.env): string {
  return setting(env, 'CAISSE_MAIL_FROM') ?? 'Caisse <no-reply@localhost>';
}
