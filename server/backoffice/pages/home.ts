// The first page after sign-in: a customer search box and the links to the rest.
import type { FastifyInstance } from 'fastify';
import { backOfficeSessionOf, sendPage, translatorOf } from '../auth.ts';
import { html } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';

export function registerHomePage(scope: FastifyInstance): void {
  scope.get(backOfficePrefix, (request, reply) => {
    const t = translatorOf(request);
    const { user } = backOfficeSessionOf(request);
    const main = html`<p>${t('home.welcome', { name: user.name })}</p>
      <form method="get" action="${backOfficePrefix}/customers" class="row card" role="search">
        <label
          >${t('customers.search')}
          <input type="search" name="q" maxlength="200" />
        </label>
        <button type="submit">${t('customers.submit')}</button>
      </form>`;
    return sendPage(request, reply, { title: t('home.title'), main });
  });
}
