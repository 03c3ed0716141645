// Signing in and out. The sign-in form carries its own anti-forgery token (a random value in a
// signed cookie and in the form), since there is no session yet to hold one; failed attempts
// are limited per address and per login name before any password is hashed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import {
  auditActorOf,
  backOfficeContextOf,
  backOfficeSessionOf,
  isSameToken,
  loadSession,
  sendPage,
  sendProblemPage,
  sessionCookieName,
  translatorOf,
} from '../auth.ts';
import { recordAudit } from '../audit.ts';
import { html } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';
import { decoyPasswordHash, verifyPassword } from '../passwords.ts';
import { createSession, destroySession, randomToken } from '../sessions.ts';
import { findUserForLogin, loginKeyOf } from '../users.ts';

const loginCookieName = 'caisse_backoffice_login';

export const cookieOptions: CookieSerializeOptions = {
  path: backOfficePrefix,
  httpOnly: true,
  secure: true,
  sameSite: 'strict',
  signed: true,
};

/** Only a path of this back office: never another site, whatever `next` says. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return backOfficePrefix;
  if (!/^\/backoffice(?:[/?#]|$)/.test(next) || /[\\\s]/.test(next)) return backOfficePrefix;
  const base = 'http://back.office';
  return new URL(next, base).origin === base ? next : backOfficePrefix;
}

interface LoginFormState {
  name?: string;
  next?: string;
  error?: string;
  status?: number;
}

function sendLoginPage(request: FastifyRequest, reply: FastifyReply, state: LoginFormState) {
  const t = translatorOf(request);
  // A second sign-in tab keeps the first one's token, so neither form goes stale.
  const token = loginCookieOf(request) ?? randomToken();
  void reply.setCookie(loginCookieName, token, { ...cookieOptions, maxAge: 3600 });
  const query = request.query as Record<string, unknown>;
  const notice =
    state.error !== undefined
      ? { kind: 'error' as const, text: state.error }
      : query.signedOut === '1'
        ? { kind: 'success' as const, text: t('login.loggedOut') }
        : null;
  const main = html`<form method="post" action="${backOfficePrefix}/login" class="stack card">
    <input type="hidden" name="_csrf" value="${token}" />
    <input type="hidden" name="next" value="${safeNextPath(state.next)}" />
    <label
      >${t('login.name')}
      <input
        name="name"
        autocomplete="username"
        required
        maxlength="100"
        value="${state.name ?? ''}"
      />
    </label>
    <label
      >${t('login.password')}
      <input
        name="password"
        type="password"
        autocomplete="current-password"
        required
        maxlength="200"
      />
    </label>
    <button type="submit">${t('login.submit')}</button>
  </form>`;
  return sendPage(request, reply, {
    title: t('login.title'),
    main,
    notice,
    status: state.status ?? 200,
  });
}

function loginCookieOf(request: FastifyRequest): string | null {
  const cookie = request.cookies[loginCookieName];
  if (!cookie) return null;
  const unsigned = request.unsignCookie(cookie);
  return unsigned.valid ? unsigned.value : null;
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : '';
}

async function handleLogin(request: FastifyRequest, reply: FastifyReply) {
  const context = backOfficeContextOf(request);
  const t = translatorOf(request);
  const name = field(request.body, 'name').slice(0, 100);
  const password = field(request.body, 'password').slice(0, 200);
  const next = field(request.body, 'next');

  const expectedToken = loginCookieOf(request);
  if (!expectedToken || !isSameToken(field(request.body, '_csrf'), expectedToken)) {
    return sendProblemPage(request, reply, 403, t('csrf.title'), t('csrf.message'));
  }

  const addressKey = `address:${request.ip}`;
  const nameKey = `name:${loginKeyOf(name)}`;
  const waitMs = Math.max(
    context.loginLimiterByAddress.retryAfterMs(addressKey),
    context.loginLimiterByName.retryAfterMs(nameKey),
  );
  if (waitMs > 0) {
    const minutes = Math.ceil(waitMs / 60_000);
    void reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
    context.logger.warn('sign-in refused: too many failed attempts', { address: request.ip });
    return sendLoginPage(request, reply, {
      name,
      next,
      error: t('login.rateLimited', { minutes }),
      status: 429,
    });
  }

  const found = await findUserForLogin(context.ledger.database, name);
  const isValid = found
    ? await verifyPassword(password, found.passwordHash)
    : await verifyPassword(password, await decoyPasswordHash()).then(() => false);
  if (!found || !isValid) {
    context.loginLimiterByAddress.recordFailure(addressKey);
    context.loginLimiterByName.recordFailure(nameKey);
    return sendLoginPage(request, reply, { name, next, error: t('login.failed'), status: 401 });
  }

  context.loginLimiterByName.reset(nameKey);
  const now = context.now();
  const { sessionId } = await context.ledger.database.write(async (sql) => {
    const session = await createSession(sql, found.user.id, now);
    await recordAudit(sql, {
      actor: { userId: found.user.id, name: found.user.name },
      action: 'login',
      targetKind: 'user',
      targetId: found.user.id,
      occurredAt: now.toISOString(),
    });
    return session;
  });
  void reply.clearCookie(loginCookieName, { path: backOfficePrefix });
  void reply.setCookie(sessionCookieName, sessionId, cookieOptions);
  return reply.redirect(safeNextPath(next), 303);
}

export function registerLoginPages(scope: FastifyInstance): void {
  scope.get(`${backOfficePrefix}/login`, async (request, reply) => {
    if (await loadSession(request)) return reply.redirect(backOfficePrefix, 303);
    const query = request.query as Record<string, unknown>;
    return sendLoginPage(request, reply, {
      next: typeof query.next === 'string' ? query.next : '',
    });
  });
  scope.post(`${backOfficePrefix}/login`, handleLogin);
}

/** Sign-out deletes the session row, so the cookie, even if copied, opens nothing again. */
export function registerLogout(scope: FastifyInstance): void {
  scope.post(`${backOfficePrefix}/logout`, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const session = backOfficeSessionOf(request);
    const actor = auditActorOf(request);
    await context.ledger.database.write(async (sql) => {
      await destroySession(sql, session.idHash);
      await recordAudit(sql, {
        actor,
        action: 'logout',
        targetKind: 'user',
        targetId: session.user.id,
        occurredAt: context.now().toISOString(),
      });
    });
    request.backOfficeSession = null;
    void reply.clearCookie(sessionCookieName, { path: backOfficePrefix });
    return reply.redirect(`${backOfficePrefix}/login?signedOut=1`, 303);
  });
}
