// The tills: the registered ones, and the one-time pairing code that lets a new one in. The
// code is shown once, in the answer to the form, and is never kept in a readable form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditActorOf, backOfficeContextOf, csrfFieldOf, sendPage } from '../auth.ts';
import { html } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';
import { createPairingCode, pairingCodeMinutes } from '../pairing.ts';
import { pageTools } from './common.ts';

const tillsPath = `${backOfficePrefix}/tills`;

async function tillsPage(
  request: FastifyRequest,
  reply: FastifyReply,
  pairing: { code: string; expiresAt: string } | null,
) {
  const context = backOfficeContextOf(request);
  const tools = await pageTools(request);
  const { t } = tools;
  const tills = await context.ledger.listTills();
  const main = html`<section aria-labelledby="pairing-title">
      <h2 id="pairing-title">${t('tills.pairing')}</h2>
      ${
        pairing
          ? html`<div class="notice notice-success" role="status">
              <p>
                ${t('tills.code', { code: '' })}<strong class="code" id="pairing-code"
                  >${pairing.code}</strong
                >
              </p>
              <p>${t('tills.codeExpires', { time: tools.formatTime(pairing.expiresAt) })}</p>
            </div>`
          : ''
      }
      <p>${t('tills.pairingHelp', { minutes: pairingCodeMinutes })}</p>
      <form method="post" action="${tillsPath}/pairing-codes">
        ${csrfFieldOf(request)}
        <button type="submit">${t('tills.makeCode')}</button>
      </form>
    </section>
    <section aria-labelledby="tills-title">
      <h2 id="tills-title">${t('tills.title')}</h2>
      ${
        tills.length === 0
          ? html`<p>${t('tills.none')}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${t('column.name')}</th>
                  <th scope="col">id</th>
                  <th scope="col" class="amount">${t('column.lastOrder')}</th>
                </tr>
              </thead>
              <tbody>
                ${tills.map(
                  (till) =>
                    html`<tr>
                      <td>${till.name}</td>
                      <td>${till.id}</td>
                      <td class="amount">${till.highestSequence}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
  return sendPage(request, reply, { title: t('tills.title'), main, activeHref: tillsPath });
}

export function registerTillPages(scope: FastifyInstance): void {
  scope.get(tillsPath, (request, reply) => tillsPage(request, reply, null));
  scope.post(`${tillsPath}/pairing-codes`, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const pairing = await createPairingCode(
      context.ledger.database,
      auditActorOf(request),
      context.now(),
    );
    return tillsPage(request, reply, pairing);
  });
}
