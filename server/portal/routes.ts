// The customer portal over HTTP, under /portal. Its cookies are its own (path /portal, never the
// back office's), the session one HttpOnly and SameSite=Lax, Secure whenever the public address
// is https. Every form carries a token that must equal the one in a SameSite=Strict cookie, so a
// form posted from another site is refused with nothing done.
import { timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../shared/logger.ts';
import { languageFromAcceptLanguage, isLanguage, type Language } from '../backoffice/i18n.ts';
import { AttemptLimiter } from '../backoffice/rate-limit.ts';
import { applySecurityHeaders } from '../backoffice/layout.ts';
import { readTimeZone } from '../backoffice/settings.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { mailFrom, smtpUrl } from '../mail/config.ts';
import { createDisabledMailer, createSmtpMailer, type Mailer } from '../mail/mailer.ts';
import { publicUrl as configuredPublicUrl } from './config.ts';
import { portalTranslator, type PortalMessageKey } from './messages.ts';
import {
  askAgainLink,
  loginForm,
  portalPrefix,
  renderPortalPage,
  signInForm,
  walletMain,
  type PageContext,
} from './pages.ts';
import {
  createSignInLinks,
  customerOfSession,
  endSession,
  newToken,
  portalSessionLifetimeMs,
  redeemSignInLink,
  type SignInLink,
} from './sign-in.ts';
import { readPortalWallet } from './wallet.ts';

export interface PortalOptions {
  ledger: Ledger;
  logger: Logger;
  /** Defaults to SMTP at CAISSE_SMTP_URL, or to no mail when it is unset. */
  mailer?: Mailer;
  /** Defaults to CAISSE_PUBLIC_URL. */
  publicUrl?: URL;
  /** Defaults to the store's time zone kept by the back office (Europe/Brussels unless set). */
  timeZone?: string;
  /** Link requests one address may make per quarter of an hour. */
  linkRequestsPerAddressMax?: number;
}

const sessionCookie = 'caisse_portal_session';
const csrfCookie = 'caisse_portal_csrf';
const languageCookie = 'caisse_portal_lang';
const linkRequestWindowMs = 15 * 60_000;
const emailPattern = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

interface PortalRuntime {
  ledger: Ledger;
  logger: Logger;
  mailer: Mailer;
  publicUrl: URL;
  timeZone: string | null;
  isSecure: boolean;
  limiter: AttemptLimiter;
}

function languageOf(request: FastifyRequest, reply: FastifyReply, runtime: PortalRuntime) {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLanguage(asked)) {
    reply.setCookie(languageCookie, asked, cookieOptions(runtime, 365 * 24 * 3600, 'lax'));
    return asked;
  }
  const saved = request.cookies[languageCookie];
  return isLanguage(saved) ? saved : languageFromAcceptLanguage(request.headers['accept-language']);
}

function cookieOptions(runtime: PortalRuntime, maxAgeSeconds: number, sameSite: 'lax' | 'strict') {
  return {
    path: portalPrefix,
    httpOnly: true,
    secure: runtime.isSecure,
    sameSite,
    maxAge: maxAgeSeconds,
  };
}

/** The form token of this browser, made on its first page. */
function csrfTokenOf(request: FastifyRequest, reply: FastifyReply, runtime: PortalRuntime) {
  const existing = request.cookies[csrfCookie];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = newToken();
  reply.setCookie(csrfCookie, token, cookieOptions(runtime, 24 * 3600, 'strict'));
  return token;
}

function isFormFromHere(request: FastifyRequest): boolean {
  const expected = request.cookies[csrfCookie];
  const given = (request.body as Record<string, unknown> | undefined)?._csrf;
  if (!expected || typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function field(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

async function pageContext(
  request: FastifyRequest,
  reply: FastifyReply,
  runtime: PortalRuntime,
  isSignedIn: boolean,
): Promise<PageContext> {
  const settings = await runtime.ledger.readSettings();
  const language = languageOf(request, reply, runtime);
  const here = new URL(request.url, 'http://portal.invalid');
  here.searchParams.set('lang', language === 'fr' ? 'en' : 'fr');
  return {
    language,
    otherLanguageHref: `${here.pathname}${here.search}`,
    storeLocale: settings.locale,
    storeName: settings.storeName,
    csrfToken: csrfTokenOf(request, reply, runtime),
    isSignedIn,
  };
}

function send(reply: FastifyReply, text: string, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(text);
}

async function sessionCustomer(request: FastifyRequest, runtime: PortalRuntime) {
  const token = request.cookies[sessionCookie];
  if (!token || token.length > 100) return null;
  return customerOfSession(runtime.ledger.context, token);
}

function mailText(links: readonly SignInLink[], language: Language, runtime: PortalRuntime) {
  const t = portalTranslator(language);
  const linkOf = (token: string) => {
    const url = new URL(`${portalPrefix}/sign-in`, runtime.publicUrl);
    url.searchParams.set('token', token);
    if (language === 'en') url.searchParams.set('lang', 'en');
    return url.toString();
  };
  const blocks = links.map((link) =>
    links.length > 1
      ? `${t('mail.forCustomer', { name: link.customerName })}\n${linkOf(link.token)}`
      : linkOf(link.token),
  );
  return `${t('mail.intro')}\n\n${blocks.join('\n\n')}\n\n${t('mail.outro')}\n`;
}

/** Sends without making the answer wait, so its timing does not tell a known address. */
function sendLinks(links: SignInLink[], language: Language, runtime: PortalRuntime) {
  const first = links[0];
  if (!first) return;
  const t = portalTranslator(language);
  runtime.mailer
    .send({ to: first.email, subject: t('mail.subject'), text: mailText(links, language, runtime) })
    .catch((error: unknown) => runtime.logger.error('sign-in mail failed', { error }));
}

function registerLoginRoutes(scope: FastifyInstance, runtime: PortalRuntime) {
  scope.get('/login', async (request, reply) => {
    const context = await pageContext(request, reply, runtime, false);
    const t = portalTranslator(context.language);
    const isSignedOut = (request.query as Record<string, unknown>).signedOut === '1';
    const notice = isSignedOut
      ? { kind: 'success' as const, text: t('login.signedOut') }
      : undefined;
    return send(reply, renderPortalPage(context, t('login.title'), loginForm(context), notice));
  });

  scope.post('/login', async (request, reply) => {
    const context = await pageContext(request, reply, runtime, false);
    const t = portalTranslator(context.language);
    const refuse = (key: PortalMessageKey, status: number, email = '') =>
      send(
        reply,
        renderPortalPage(context, t('login.title'), loginForm(context, email), {
          kind: 'error',
          text: t(key),
        }),
        status,
      );
    if (!isFormFromHere(request)) return refuse('csrf.message', 403);
    const email = field(request, 'email').trim();
    if (email.length > 320 || !emailPattern.test(email)) {
      return refuse('login.invalidEmail', 400, email.slice(0, 320));
    }
    if (runtime.limiter.retryAfterMs(request.ip) > 0) return refuse('login.rateLimited', 429);
    runtime.limiter.recordFailure(request.ip);

    const links = await createSignInLinks(runtime.ledger.context, email);
    sendLinks(links, context.language, runtime);
    return send(
      reply,
      renderPortalPage(context, t('login.title'), loginForm(context), {
        kind: 'success',
        text: t('login.sent'),
      }),
    );
  });
}

function registerSignInRoutes(scope: FastifyInstance, runtime: PortalRuntime) {
  scope.get('/sign-in', async (request, reply) => {
    const context = await pageContext(request, reply, runtime, false);
    const t = portalTranslator(context.language);
    const token = (request.query as Record<string, unknown>).token;
    // The link is only used by the button's POST: a mail scanner that opens every link must
    // not spend it before the customer clicks.
    const main =
      typeof token === 'string' && token.length <= 100
        ? signInForm(context, token)
        : askAgainLink(context);
    return send(reply, renderPortalPage(context, t('link.title'), main));
  });

  scope.post('/sign-in', async (request, reply) => {
    const context = await pageContext(request, reply, runtime, false);
    const t = portalTranslator(context.language);
    const refuse = (key: PortalMessageKey, status: number) =>
      send(
        reply,
        renderPortalPage(context, t('link.title'), askAgainLink(context), {
          kind: 'error',
          text: t(key),
        }),
        status,
      );
    if (!isFormFromHere(request)) return refuse('csrf.message', 403);
    const token = field(request, 'token');
    if (token === '' || token.length > 100) return refuse('link.unknown', 400);
    const outcome = await redeemSignInLink(runtime.ledger.context, token);
    if (outcome.status === 'refused') return refuse(`link.${outcome.reason}`, 400);
    reply.setCookie(
      sessionCookie,
      outcome.sessionToken,
      cookieOptions(runtime, portalSessionLifetimeMs / 1000, 'lax'),
    );
    return reply.redirect(portalPrefix, 303);
  });

  scope.post('/logout', async (request, reply) => {
    if (!isFormFromHere(request)) {
      const context = await pageContext(request, reply, runtime, true);
      const t = portalTranslator(context.language);
      const main = renderPortalPage(context, t('error.title'), askAgainLink(context), {
        kind: 'error',
        text: t('csrf.message'),
      });
      return send(reply, main, 403);
    }
    const token = request.cookies[sessionCookie];
    if (token) await endSession(runtime.ledger.context, token);
    reply.clearCookie(sessionCookie, { path: portalPrefix });
    return reply.redirect(`${portalPrefix}/login?signedOut=1`, 303);
  });
}

function registerWalletRoute(scope: FastifyInstance, runtime: PortalRuntime) {
  scope.get('/', async (request, reply) => {
    const customerId = await sessionCustomer(request, runtime);
    if (!customerId) return reply.redirect(`${portalPrefix}/login`, 303);
    const context = await pageContext(request, reply, runtime, true);
    const t = portalTranslator(context.language);
    const timeZone =
      runtime.timeZone ?? (await runtime.ledger.database.read((sql) => readTimeZone(sql)));
    const wallet = await readPortalWallet(runtime.ledger.context, customerId, timeZone);
    if (!wallet) return reply.redirect(`${portalPrefix}/login`, 303);
    const main = walletMain(context, wallet, timeZone);
    return send(reply, renderPortalPage(context, t('wallet.title'), main));
  });
}

export async function registerPortal(app: FastifyInstance, options: PortalOptions) {
  const logger = options.logger.child('portal');
  const url = options.publicUrl ?? configuredPublicUrl();
  const smtp = smtpUrl();
  const mailer =
    options.mailer ??
    (smtp
      ? createSmtpMailer({ url: smtp, from: mailFrom(), logger })
      : createDisabledMailer(logger));
  const now = options.ledger.context.now;
  const runtime: PortalRuntime = {
    ledger: options.ledger,
    logger,
    mailer,
    publicUrl: url,
    timeZone: options.timeZone ?? null,
    isSecure: url.protocol === 'https:',
    limiter: new AttemptLimiter({
      attemptsMax: options.linkRequestsPerAddressMax ?? 10,
      windowMs: linkRequestWindowMs,
      now: () => now().getTime(),
    }),
  };
  // The back office may have registered the cookie plugin already; it serves both.
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  app.addHook('onClose', (_instance, done) => {
    if (!options.mailer) mailer.close();
    done();
  });

  await app.register(
    async (scope) => {
      if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
        await scope.register(formbody, { bodyLimit: 16 * 1024 });
      }
      scope.addHook('onSend', (_request, reply, payload, done) => {
        reply.removeHeader('access-control-allow-origin');
        applySecurityHeaders(reply);
        done(null, payload);
      });
      scope.setNotFoundHandler(async (request, reply) => {
        const context = await pageContext(request, reply, runtime, false);
        const t = portalTranslator(context.language);
        return send(
          reply,
          renderPortalPage(context, t('error.title'), askAgainLink(context), {
            kind: 'error',
            text: t('error.notFound'),
          }),
          404,
        );
      });
      registerLoginRoutes(scope, runtime);
      registerSignInRoutes(scope, runtime);
      registerWalletRoute(scope, runtime);
    },
    { prefix: portalPrefix },
  );
  logger.debug('portal registered', { publicOrigin: url.origin });
}
