// A ledger server with the portal on a real port, a real SMTP server on another (the smtp-server
// package, on 127.0.0.1 port 0) that keeps every message it is sent, and a clock the test moves.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../../server/http/app.ts';
import { createSmtpMailer } from '../../server/mail/mailer.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { openTestLedger, type Engine } from '../support/databases.ts';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export async function startSmtpSink() {
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          to: session.envelope.rcptTo.map((address) => address.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Waits, at most two seconds, until `count` messages have arrived. */
    async waitFor(count: number): Promise<ReceivedMail[]> {
      const deadline = Date.now() + 2_000;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`only ${messages.length} of ${count} mails came`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first sign-in link in a mail, its quoted-printable soft breaks and escapes undone. */
export function signInPathIn(mail: ReceivedMail): string {
  const decoded = mail.raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const match = /https?:\/\/[^\s/]+(\/portal\/sign-in\?token=[A-Za-z0-9_-]+(?:&lang=en)?)/.exec(
    decoded,
  );
  if (!match?.[1]) throw new Error('no sign-in link in the mail');
  return match[1];
}

export async function startPortal(engine: Engine, options: { publicUrl?: string } = {}) {
  let nowMs = Date.parse('2026-04-02T08:00:00.000Z');
  const clock = {
    now: () => new Date(nowMs),
    advanceMinutes: (minutes: number) => {
      nowMs += minutes * 60_000;
    },
  };
  const testLedger = await openTestLedger(engine, { now: clock.now });
  const smtp = await startSmtpSink();
  const { logger } = createMemoryLogger();
  const mailer = createSmtpMailer({
    url: smtp.url,
    from: 'La Ruche <portail@laruche.test>',
    logger,
  });
  const app = await buildApp({
    ledger: testLedger.ledger,
    logger,
    portal: {
      mailer,
      publicUrl: new URL(options.publicUrl ?? 'http://portal.laruche.test'),
      timeZone: 'Europe/Brussels',
      linkRequestsPerAddressMax: 6,
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    ...testLedger,
    clock,
    smtp,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      mailer.close();
      await smtp.close();
      await testLedger.close();
    },
  };
}
