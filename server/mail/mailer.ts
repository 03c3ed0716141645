// Outgoing e-mail over SMTP through nodemailer. The transport is configured by one URL
// (smtp://user:password@host:587, smtps://… for TLS from the start), so a shop points it at its
// provider without code. Messages are logged without their recipient or content: a sign-in link
// in a log would let anyone who reads the log sign in.
import nodemailer from 'nodemailer';
import type { Logger } from '../../shared/logger.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Gives up on an SMTP server that does not answer, rather than holding a connection forever. */
const smtpTimeoutMs = 15_000;

export function createSmtpMailer(options: { url: string; from: string; logger: Logger }): Mailer {
  const transport = nodemailer.createTransport(options.url, {
    from: options.from,
    connectionTimeout: smtpTimeoutMs,
    greetingTimeout: smtpTimeoutMs,
    socketTimeout: smtpTimeoutMs,
  });
  return {
    send: async (message) => {
      await transport.sendMail({ from: options.from, ...message });
      options.logger.info('mail sent', { subject: message.subject });
    },
    close: () => transport.close(),
  };
}

/** For a server without SMTP: nothing can be sent, and the operator is told once per attempt. */
export function createDisabledMailer(logger: Logger): Mailer {
  return {
    send: () => {
      logger.warn('a mail was not sent: CAISSE_SMTP_URL is not set');
      return Promise.resolve();
    },
    close: () => undefined,
  };
}
