// The back office as one Fastify registration: cookies (signed with a secret the database
// keeps), the shared context on `app.backOffice`, the stylesheet, the sign-in pages and every
// page behind the session guard. buildApp calls `registerBackOffice` once.
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../shared/logger.ts';
import type { Ledger } from '../ledger/ledger.ts';
import {
  backOfficeScope,
  requireBackOfficeUser,
  sendProblemPage,
  translatorOf,
  withBackOfficePages,
  type BackOfficeContext,
} from './auth.ts';
import { backOfficePrefix, stylesheet, stylesheetPath } from './layout.ts';
import { registerAccountCodePages } from './pages/account-codes.ts';
import { registerAuditPage } from './pages/audit.ts';
import { registerCustomerPages } from './pages/customers.ts';
import { registerExportPages } from './pages/export.ts';
import { registerHomePage } from './pages/home.ts';
import { registerLoginPages, registerLogout } from './pages/login.ts';
import { registerProfilePages } from './pages/profile.ts';
import { registerReportsPage } from './pages/reports.ts';
import { registerTillSessionsPage } from './pages/till-sessions.ts';
import { registerTillPages } from './pages/tills.ts';
import { registerWalletEntriesPage } from './pages/wallet-entries.ts';
import { AttemptLimiter } from './rate-limit.ts';
import { cookieSecret } from './settings.ts';

export interface BackOfficeOptions {
  ledger: Ledger;
  logger: Logger;
  /** Sign-in limits; the defaults suit people, tests lower them. */
  loginAttemptsPerAddressMax?: number;
  loginAttemptsPerNameMax?: number;
  /** Wrong manager PINs one till may send within the window before it must wait. */
  managerPinAttemptsPerTillMax?: number;
}

const loginWindowMs = 15 * 60_000;

export async function registerBackOffice(
  app: FastifyInstance,
  options: BackOfficeOptions,
): Promise<void> {
  const { ledger } = options;
  const now = ledger.context.now;
  const secret = await cookieSecret(ledger.database, now().toISOString());
  await app.register(cookie, { secret, hook: 'onRequest' });

  const context: BackOfficeContext = {
    ledger,
    logger: options.logger.child('backoffice'),
    now,
    navigation: [],
    loginLimiterByAddress: new AttemptLimiter({
      attemptsMax: options.loginAttemptsPerAddressMax ?? 20,
      windowMs: loginWindowMs,
      now: () => now().getTime(),
    }),
    loginLimiterByName: new AttemptLimiter({
      attemptsMax: options.loginAttemptsPerNameMax ?? 5,
      windowMs: loginWindowMs,
      now: () => now().getTime(),
    }),
    pairingLimiterByAddress: new AttemptLimiter({
      attemptsMax: 10,
      windowMs: loginWindowMs,
      now: () => now().getTime(),
    }),
    managerPinLimiterByTill: new AttemptLimiter({
      attemptsMax: options.managerPinAttemptsPerTillMax ?? 8,
      windowMs: loginWindowMs,
      now: () => now().getTime(),
    }),
  };
  app.decorate('backOffice', context);
  app.decorateRequest('backOfficeSession', null);

  app.get(stylesheetPath, (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(stylesheet.text),
  );

  await backOfficeScope(app, { isPublic: true }, registerLoginPages);
  await withBackOfficePages(app, (scope) => {
    registerLogout(scope);
    registerHomePage(scope);
    registerProfilePages(scope);
    registerCustomerPages(scope);
    registerWalletEntriesPage(scope);
    registerReportsPage(scope);
    registerExportPages(scope);
    registerAccountCodePages(scope);
    registerTillPages(scope);
    registerTillSessionsPage(scope);
    registerAuditPage(scope);
  });

  await app.register(
    (scope, _options, done) => {
      // Without a session even a missing page sends the visitor to sign in: the back office
      // tells an outsider nothing, not even which pages exist.
      scope.setNotFoundHandler({ preHandler: requireBackOfficeUser }, async (request, reply) => {
        const t = translatorOf(request);
        return sendProblemPage(request, reply, 404, t('error.title'), t('error.notFound'));
      });
      done();
    },
    { prefix: backOfficePrefix },
  );
}
