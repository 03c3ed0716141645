// Back-office authentication: who is signed in, and the guard every back-office page and form
// goes through. Pages written in other modules use this API:
//
//   withBackOfficePages(app, (scope) => { scope.get('/backoffice/…', handler) })
//     Registers routes in a scope where every request must come from a signed-in user (a GET
//     without a session is redirected to the sign-in page, anything else gets 401), every
//     POST must carry the session's CSRF token (refused with 403 and a page saying nothing was
//     saved), urlencoded forms are parsed, errors are rendered as HTML pages and the security
//     headers (no script, no framing, no caching) are set. This is the way to add pages.
//
//   requireBackOfficeUser(request, reply)
//     The same guard as a Fastify preHandler, for a route registered elsewhere:
//     `app.post(url, { preHandler: requireBackOfficeUser }, handler)`. It checks the session
//     cookie and, on a POST, the CSRF token (a body field `_csrf`, or an `x-csrf-token`
//     header for a body that is not a parsed form). A till's bearer token is never looked at:
//     tills cannot open a back-office page.
//
//   backOfficeSessionOf(request) -> { user: { id, name, language }, csrfToken, idHash, notice }
//   auditActorOf(request) -> { userId, name }, for recordAudit(sql, { actor, action, … })
//   csrfFieldOf(request) -> the hidden `_csrf` input to put in every <form method="post">
//   translatorOf(request) -> t(key, params) in the user's language; languageOf(request)
//   sendPage(request, reply, { title, main, activeHref?, status?, notice? })
//     Sends a page in the common layout (layout.ts) with the user's navigation.
//   setNoticeFor(request, notice)  keeps a message for the next page (post, redirect, get).
//   addBackOfficeNavigation(app, { href, labels: { fr, en } })  adds a navigation link.
//
// Sessions are database rows keyed by the SHA-256 of a random id; the id travels in a signed,
// HttpOnly, Secure, SameSite=Strict cookie limited to /backoffice (sessions.ts).
import { timingSafeEqual } from 'node:crypto';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import formbody from '@fastify/formbody';
import { assert } from '../../shared/assert.ts';
import type { Logger } from '../../shared/logger.ts';
import { HttpProblem } from '../http/errors.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { AuditActor } from './audit.ts';
import { html, type SafeHtml } from './html.ts';
import { languageFromAcceptLanguage, translator, type Language, type Translate } from './i18n.ts';
import {
  applySecurityHeaders,
  backOfficePrefix,
  csrfInput,
  renderPage,
  sendHtml,
  type NavigationItem,
  type PageOptions,
} from './layout.ts';
import type { AttemptLimiter } from './rate-limit.ts';
import { readSession, setNotice, type BackOfficeSession, type Notice } from './sessions.ts';

export type { BackOfficeSession, Notice } from './sessions.ts';

export const sessionCookieName = 'caisse_backoffice';

/** What the back office shares between its modules, on `app.backOffice`. */
export interface BackOfficeContext {
  ledger: Ledger;
  logger: Logger;
  now: () => Date;
  navigation: NavigationItem[];
  loginLimiterByAddress: AttemptLimiter;
  loginLimiterByName: AttemptLimiter;
  pairingLimiterByAddress: AttemptLimiter;
  /** Wrong manager PINs typed at a till, keyed by the till (the API's writes by a manager). */
  managerPinLimiterByTill: AttemptLimiter;
}

declare module 'fastify' {
  interface FastifyInstance {
    backOffice: BackOfficeContext;
  }
  interface FastifyRequest {
    backOfficeSession: BackOfficeSession | null;
  }
}

export function backOfficeContextOf(request: FastifyRequest): BackOfficeContext {
  return request.server.backOffice;
}

export function addBackOfficeNavigation(app: FastifyInstance, item: NavigationItem): void {
  app.backOffice.navigation.push(item);
}

/** The cookie's session id when its signature is good; null for no cookie or a forged one. */
function sessionIdOf(request: FastifyRequest): string | null {
  const cookie = request.cookies[sessionCookieName];
  if (!cookie) return null;
  const unsigned = request.unsignCookie(cookie);
  return unsigned.valid ? unsigned.value : null;
}

export async function loadSession(request: FastifyRequest): Promise<BackOfficeSession | null> {
  if (request.backOfficeSession) return request.backOfficeSession;
  const sessionId = sessionIdOf(request);
  if (!sessionId) return null;
  const context = backOfficeContextOf(request);
  const session = await readSession(context.ledger.database, sessionId, context.now());
  request.backOfficeSession = session;
  return session;
}

export function languageOf(request: FastifyRequest): Language {
  return (
    request.backOfficeSession?.user.language ??
    languageFromAcceptLanguage(request.headers['accept-language'])
  );
}

export function translatorOf(request: FastifyRequest): Translate {
  return translator(languageOf(request));
}

export function backOfficeSessionOf(request: FastifyRequest): BackOfficeSession {
  const session = request.backOfficeSession;
  assert(session !== null, 'A back-office page ran without its session guard');
  return session;
}

export function auditActorOf(request: FastifyRequest): AuditActor {
  const { user } = backOfficeSessionOf(request);
  return { userId: user.id, name: user.name };
}

export function csrfFieldOf(request: FastifyRequest): SafeHtml {
  return csrfInput(request.backOfficeSession?.csrfToken ?? null);
}

export function isSameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function csrfTokenOf(request: FastifyRequest): unknown {
  const body = request.body;
  if (body && typeof body === 'object' && '_csrf' in body) {
    return (body as Record<string, unknown>)._csrf;
  }
  return request.headers['x-csrf-token'];
}

export async function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageOptions,
): Promise<FastifyReply> {
  const session = request.backOfficeSession;
  if (session?.notice) {
    // Shown once: cleared as it is rendered.
    const context = backOfficeContextOf(request);
    await context.ledger.database.write((sql) => setNotice(sql, session.idHash, null));
  }
  applySecurityHeaders(reply);
  const text = renderPage(
    {
      language: languageOf(request),
      user: session?.user ?? null,
      csrfToken: session?.csrfToken ?? null,
      navigation: backOfficeContextOf(request).navigation,
      notice: session?.notice ?? null,
    },
    options,
  );
  return sendHtml(reply, text, options.status ?? 200);
}

export async function setNoticeFor(request: FastifyRequest, notice: Notice): Promise<void> {
  const session = backOfficeSessionOf(request);
  const context = backOfficeContextOf(request);
  await context.ledger.database.write((sql) => setNotice(sql, session.idHash, notice));
}

/** A page that only says what went wrong, with a way back. */
export function sendProblemPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  message: string,
): Promise<FastifyReply> {
  const t = translatorOf(request);
  const main = html`<p class="notice notice-error" role="alert">${message}</p>
    <p><a href="${backOfficePrefix}">${t('error.back')}</a></p>`;
  return sendPage(request, reply, { title, main, status });
}

function loginPath(request: FastifyRequest): string {
  const next = request.method === 'GET' ? request.url : backOfficePrefix;
  return `${backOfficePrefix}/login?next=${encodeURIComponent(next)}`;
}

/** The session and CSRF guard; see the top of this file. */
export const requireBackOfficeUser: preHandlerAsyncHookHandler = async (request, reply) => {
  const session = await loadSession(request);
  if (!session) {
    applySecurityHeaders(reply);
    if (request.method === 'GET' || request.method === 'HEAD') {
      await reply.redirect(loginPath(request), 303);
      return;
    }
    const t = translatorOf(request);
    await sendProblemPage(request, reply, 401, t('login.title'), t('login.expired'));
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    if (!isSameToken(csrfTokenOf(request), session.csrfToken)) {
      backOfficeContextOf(request).logger.warn('form refused: missing or wrong CSRF token', {
        url: request.url,
        userId: session.user.id,
      });
      const t = translatorOf(request);
      await sendProblemPage(request, reply, 403, t('csrf.title'), t('csrf.message'));
    }
  }
};

function handleError(
  error: FastifyError | HttpProblem,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const t = translatorOf(request);
  if (error instanceof HttpProblem) {
    return sendProblemPage(request, reply, error.statusCode, t('error.title'), error.message);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return sendProblemPage(request, reply, status, t('error.title'), t('error.badRequest'));
  }
  backOfficeContextOf(request).logger.error('back-office page failed', {
    method: request.method,
    url: request.url,
    error,
  });
  return sendProblemPage(request, reply, 500, t('error.title'), t('error.server'));
}

/**
 * An encapsulated scope for back-office routes: form parsing, HTML errors, security headers and,
 * unless `isPublic`, the session and CSRF guard on every route.
 */
export async function backOfficeScope(
  app: FastifyInstance,
  options: { isPublic: boolean },
  register: (scope: FastifyInstance) => void | Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 1024 * 1024 });
    scope.setErrorHandler(handleError);
    scope.addHook('onSend', (_request, reply, payload, done) => {
      // The API allows every origin (tills call it from their own pages); a back-office page
      // is for this origin only.
      reply.removeHeader('access-control-allow-origin');
      applySecurityHeaders(reply);
      done(null, payload);
    });
    if (!options.isPublic) scope.addHook('preHandler', requireBackOfficeUser);
    await register(scope);
  });
}

export function withBackOfficePages(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => void | Promise<void>,
): Promise<void> {
  return backOfficeScope(app, { isPublic: false }, register);
}
