// The accountant's export: a form for the period and the file's format, and the CSV itself,
// streamed page by page so a year of entries never sits whole in memory.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { auditActorOf, backOfficeContextOf, sendPage, sendProblemPage } from '../auth.ts';
import { recordAudit } from '../audit.ts';
import { daysBetween, isDay, localDayOf } from '../format.ts';
import { html } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';
import { ledgerCsvLines, type CsvFormat } from '../ledger-export.ts';
import { pageTools, stringField } from './common.ts';
import { periodFields } from './reports.ts';

const exportPath = `${backOfficePrefix}/export`;
export const exportFilePath = `${backOfficePrefix}/export.csv`;
/** A bit more than a year, so a whole financial year fits in one file. */
export const exportDaysMax = 370;

export function registerExportPages(scope: FastifyInstance): void {
  scope.get(exportPath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const { t } = tools;
    const today = localDayOf(context.now().getTime(), tools.timeZone);
    const firstOfMonth = `${today.slice(0, 8)}01`;
    const main = html`<p>${t('export.help')}</p>
      <form method="get" action="${exportFilePath}" class="stack card">
        ${periodFields(tools, firstOfMonth, today)}
        <label
          >${t('export.format')}
          <select name="format">
            <option value="semicolon">${t('export.formatSemicolon')}</option>
            <option value="comma">${t('export.formatComma')}</option>
          </select>
        </label>
        <button type="submit">${t('export.submit')}</button>
      </form>
      <p><a href="${backOfficePrefix}/settings/account-codes">${t('nav.settings')}</a></p>`;
    return sendPage(request, reply, { title: t('export.title'), main, activeHref: exportPath });
  });

  scope.get(exportFilePath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const { t } = tools;
    const fromDay = stringField(request.query, 'from', 10);
    const toDay = stringField(request.query, 'to', 10);
    const formatText = stringField(request.query, 'format', 20) || 'semicolon';
    if (!isDay(fromDay) || !isDay(toDay)) {
      return sendProblemPage(request, reply, 400, t('export.title'), t('reports.badDate'));
    }
    const length = daysBetween(fromDay, toDay);
    if (length < 0 || length >= exportDaysMax) {
      const message = t('reports.rangeTooLong', { days: exportDaysMax });
      return sendProblemPage(request, reply, 400, t('export.title'), message);
    }
    if (formatText !== 'semicolon' && formatText !== 'comma') {
      return sendProblemPage(request, reply, 400, t('export.title'), t('error.badRequest'));
    }
    const format: CsvFormat = formatText;
    await context.ledger.database.write((sql) =>
      recordAudit(sql, {
        actor: auditActorOf(request),
        action: 'ledger_exported',
        targetKind: 'ledger',
        detail: `${fromDay}..${toDay} ${format}`,
        occurredAt: context.now().toISOString(),
      }),
    );
    const lines = ledgerCsvLines(context.ledger.database, {
      fromDay,
      toDay,
      timeZone: tools.timeZone,
      format,
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ledger-${fromDay}-${toDay}.csv"`)
      .send(Readable.from(lines));
  });
}
