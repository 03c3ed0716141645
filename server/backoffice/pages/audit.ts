// The audit trail, newest first: who did what, to whom, for how much, and when.
import type { FastifyInstance } from 'fastify';
import { backOfficeContextOf, sendPage } from '../auth.ts';
import { readAudit, type AuditRow } from '../audit.ts';
import { html, type SafeHtml } from '../html.ts';
import { isMessageKey } from '../i18n.ts';
import { backOfficePrefix } from '../layout.ts';
import { pageTools, positiveInteger, type PageTools } from './common.ts';

const auditPath = `${backOfficePrefix}/audit`;
const pageSize = 100;

function targetCell(row: AuditRow): SafeHtml {
  if (row.targetKind === 'customer' && row.targetId) {
    return html`<a href="${backOfficePrefix}/customers/${row.targetId}">${row.targetId}</a>`;
  }
  return html`${row.targetKind ?? ''} ${row.targetId ?? ''}`;
}

function auditRow(row: AuditRow, tools: PageTools): SafeHtml {
  const key = `action.${row.action}`;
  return html`<tr>
    <td>${tools.formatTime(row.occurredAt)}</td>
    <td>${row.actorName}</td>
    <td>${isMessageKey(key) ? tools.t(key) : row.action}</td>
    <td>${targetCell(row)}</td>
    <td class="amount">${row.amountMinor === null ? '' : tools.formatAmount(row.amountMinor)}</td>
    <td>${row.detail}</td>
  </tr>`;
}

export function registerAuditPage(scope: FastifyInstance): void {
  scope.get(auditPath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const { t } = tools;
    const before = positiveInteger(request.query, 'before', 0) || null;
    const rows = await context.ledger.database.read((sql) =>
      readAudit(sql, { beforeId: before, limit: pageSize + 1 }),
    );
    const shown = rows.slice(0, pageSize);
    const oldest = shown[shown.length - 1];
    const main =
      shown.length === 0
        ? html`<p>${t('audit.none')}</p>`
        : html`<table>
              <thead>
                <tr>
                  <th scope="col">${t('column.date')}</th>
                  <th scope="col">${t('column.user')}</th>
                  <th scope="col">${t('column.action')}</th>
                  <th scope="col">${t('column.target')}</th>
                  <th scope="col" class="amount">${t('column.amount')}</th>
                  <th scope="col">${t('column.detail')}</th>
                </tr>
              </thead>
              <tbody>
                ${shown.map((row) => auditRow(row, tools))}
              </tbody>
            </table>
            ${
              rows.length > pageSize && oldest
                ? html`<p class="pager">
                    <a href="${auditPath}?before=${oldest.id}">${t('audit.older')}</a>
                  </p>`
                : ''
            }`;
    return sendPage(request, reply, { title: t('audit.title'), main, activeHref: auditPath });
  });
}
