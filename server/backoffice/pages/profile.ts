// The signed-in user's own settings: the language of the pages.
import type { FastifyInstance } from 'fastify';
import {
  auditActorOf,
  backOfficeContextOf,
  backOfficeSessionOf,
  csrfFieldOf,
  sendPage,
  setNoticeFor,
  translatorOf,
} from '../auth.ts';
import { recordAudit } from '../audit.ts';
import { html } from '../html.ts';
import { isLanguage } from '../i18n.ts';
import { backOfficePrefix } from '../layout.ts';
import { setUserLanguage } from '../users.ts';

const profilePath = `${backOfficePrefix}/profile`;

export function registerProfilePages(scope: FastifyInstance): void {
  scope.get(profilePath, (request, reply) => {
    const t = translatorOf(request);
    const { user } = backOfficeSessionOf(request);
    const option = (value: string, label: string) =>
      (user.language ?? '') === value
        ? html`<option value="${value}" selected>${label}</option>`
        : html`<option value="${value}">${label}</option>`;
    const main = html`<form method="post" action="${profilePath}" class="stack card">
      ${csrfFieldOf(request)}
      <label
        >${t('profile.language')}
        <select name="language">
          ${option('', t('profile.languageBrowser'))}${option('fr', 'Français')}${option('en', 'English')}
        </select>
      </label>
      <button type="submit">${t('common.save')}</button>
    </form>`;
    return sendPage(request, reply, { title: t('profile.title'), main, activeHref: profilePath });
  });

  scope.post(profilePath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const session = backOfficeSessionOf(request);
    const value = (request.body as Record<string, unknown> | null)?.language;
    const language = isLanguage(value) ? value : null;
    await context.ledger.database.write(async (sql) => {
      await setUserLanguage(sql, session.user.id, language);
      await recordAudit(sql, {
        actor: auditActorOf(request),
        action: 'language_changed',
        targetKind: 'user',
        targetId: session.user.id,
        detail: language ?? 'browser',
        occurredAt: context.now().toISOString(),
      });
    });
    session.user.language = language;
    await setNoticeFor(request, { kind: 'success', text: translatorOf(request)('profile.saved') });
    return reply.redirect(profilePath, 303);
  });
}
