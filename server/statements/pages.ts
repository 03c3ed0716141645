// The back-office pages for bank statements: the list with the upload form, one statement with
// its lines and what became of each, matching a line by hand, and the confirmation that credits
// the wallets. Everything goes through the back office's session and CSRF guard.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  addBackOfficeNavigation,
  auditActorOf,
  backOfficeContextOf,
  csrfFieldOf,
  sendPage,
  setNoticeFor,
  withBackOfficePages,
} from '../backoffice/auth.ts';
import { html, type SafeHtml } from '../backoffice/html.ts';
import { backOfficePrefix } from '../backoffice/layout.ts';
import { HttpProblem } from '../http/errors.ts';
import { chooseCustomer, type CustomerChoice } from './customer-choice.ts';
import {
  assignLine,
  confirmStatement,
  importStatement,
  listStatements,
  readStatement,
  type StatementLineView,
  type StatementView,
} from './imports.ts';
import { pageTranslator, type PageMessageKey } from './messages.ts';
import { parseMultipart } from './multipart.ts';
import { formField, isUuid, moneyPageTools, paramOf, type MoneyPageTools } from './page-tools.ts';
import { statementSizeMaxBytes, type StatementFormat, type StatementProblem } from './statement.ts';

export const statementsPath = `${backOfficePrefix}/statements`;

function uploadForm(request: FastifyRequest, tools: MoneyPageTools): SafeHtml {
  const { t } = tools;
  return html`<section>
    <h2>${t('statements.upload')}</h2>
    <form method="post" action="${statementsPath}" enctype="multipart/form-data" class="stack">
      ${csrfFieldOf(request)}
      <label
        >${t('statements.file')}
        <input type="file" name="statement" accept=".xml,.csv,.txt,text/xml,text/csv" required />
      </label>
      <label
        >${t('statements.format')}
        <select name="format">
          <option value="">${t('statements.formatAuto')}</option>
          <option value="camt.053">camt.053 (XML)</option>
          <option value="csv">CSV</option>
        </select>
      </label>
      <button type="submit">${t('statements.submit')}</button>
    </form>
    <p class="muted">${t('statements.csvHelp')}</p>
  </section>`;
}

async function listPage(
  request: FastifyRequest,
  reply: FastifyReply,
  problems: StatementProblem[] = [],
) {
  const tools = await moneyPageTools(request);
  const { t } = tools;
  const statements = await listStatements(backOfficeContextOf(request).ledger.context);
  const rows = statements.map(
    (statement) =>
      html`<tr>
        <td><a href="${statementsPath}/${statement.id}">${statement.fileName}</a></td>
        <td>${statement.format}</td>
        <td>${statement.importedAt.slice(0, 16).replace('T', ' ')}</td>
        <td>${statement.importedBy}</td>
        <td class="amount">${statement.lineCount}</td>
        <td class="amount">${statement.toBookCount}</td>
        <td class="amount">${statement.unmatchedCount}</td>
      </tr>`,
  );
  const table =
    statements.length === 0
      ? html`<p>${t('statements.none')}</p>`
      : html`<table>
          <thead>
            <tr>
              <th>${t('column.file')}</th>
              <th>${t('statements.format')}</th>
              <th>${t('column.importedAt')}</th>
              <th>${t('column.by')}</th>
              <th class="amount">${t('column.lines')}</th>
              <th class="amount">${t('column.toBook')}</th>
              <th class="amount">${t('column.unmatched')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`;
  const problemList =
    problems.length > 0
      ? html`<ul class="notice notice-error" role="alert">
          ${problems.map((problem) => html`<li>${problem.where}: ${problem.message}</li>`)}
        </ul>`
      : html``;
  return sendPage(request, reply, {
    title: t('statements.title'),
    activeHref: statementsPath,
    status: problems.length > 0 ? 400 : 200,
    notice: problems.length > 0 ? { kind: 'error', text: t('statements.refused') } : null,
    main: html`${problemList}${uploadForm(request, tools)}
      <section>${table}</section>`,
  });
}

function statusText(line: StatementLineView, tools: MoneyPageTools): string {
  const { t } = tools;
  switch (line.status) {
    case 'matched': {
      const method =
        line.matchMethod === 'invoice'
          ? t('method.invoice', { number: line.invoiceNumber ?? '' })
          : t(`method.${line.matchMethod ?? 'hand'}` as PageMessageKey);
      return t('status.matched', { method });
    }
    case 'ignored':
      return t('status.ignored', {
        reason: t(`reason.${line.ignoreReason ?? 'debit'}` as PageMessageKey),
      });
    case 'unmatched':
    case 'booked':
    case 'duplicate':
      return t(`status.${line.status}`);
  }
}

function assignForm(
  request: FastifyRequest,
  statement: StatementView,
  line: StatementLineView,
  tools: MoneyPageTools,
  candidates: readonly CustomerChoice[],
): SafeHtml {
  const form = assignFields(request, statement, line, tools, candidates);
  // A matched line can still be given to another customer, behind a fold so the table stays
  // readable; an unmatched one shows its form at once.
  return line.status === 'matched' && candidates.length === 0
    ? html`<details>
        <summary>${tools.t('assign.change')}</summary>
        ${form}
      </details>`
    : form;
}

function assignFields(
  request: FastifyRequest,
  statement: StatementView,
  line: StatementLineView,
  tools: MoneyPageTools,
  candidates: readonly CustomerChoice[],
): SafeHtml {
  const { t } = tools;
  const action = `${statementsPath}/${statement.id}/lines/${line.id}/assign`;
  const choices = candidates.map(
    (candidate) =>
      html`<form method="post" action="${action}" class="inline">
        ${csrfFieldOf(request)}<input type="hidden" name="customerId" value="${candidate.id}" />
        <button type="submit" class="link">
          ${candidate.name}${candidate.email ? ` (${candidate.email})` : ''}
        </button>
      </form> `,
  );
  return html`<form method="post" action="${action}" class="row">
      ${csrfFieldOf(request)}
      <label
        >${t('assign.label')}<input type="search" name="query" maxlength="200" required
      /></label>
      <button type="submit">${t('assign.submit')}</button>
    </form>
    ${choices.length > 0 ? html`<p>${choices}</p>` : html``}`;
}

/** An amount in a currency the store does not keep, written from its integer cents. */
function foreignAmount(amountMinor: number, line: StatementLineView): string {
  const magnitude = Math.abs(amountMinor);
  const units = Math.trunc(magnitude / 100);
  const cents = String(magnitude % 100).padStart(2, '0');
  return `${amountMinor < 0 ? '-' : ''}${units}.${cents} ${line.currency}`;
}

function lineRow(
  request: FastifyRequest,
  statement: StatementView,
  line: StatementLineView,
  tools: MoneyPageTools,
  candidates: readonly CustomerChoice[],
): SafeHtml {
  const amount = line.direction === 'debit' ? -line.amountMinor : line.amountMinor;
  const isOpen = line.status === 'unmatched' || line.status === 'matched';
  const amountText =
    line.currency === tools.currency ? tools.formatAmount(amount) : foreignAmount(amount, line);
  const note = line.matchNote ? html`<br /><span class="muted">${line.matchNote}</span>` : html``;
  const form = isOpen ? assignForm(request, statement, line, tools, candidates) : html``;
  return html`<tr id="line-${line.position}">
    <td>${line.bookingDate}</td>
    <td>
      ${line.counterpartyName ?? ''}<br /><span class="muted">${line.counterpartyIban ?? ''}</span>
    </td>
    <td>${line.structuredReference ?? line.communication ?? ''}</td>
    <td class="amount${amount < 0 ? ' negative' : ''}">${amountText}</td>
    <td>${statusText(line, tools)}${note}</td>
    <td>${line.customerName ?? ''}${form}</td>
  </tr>`;
}

async function statementPage(
  request: FastifyRequest,
  reply: FastifyReply,
  statementId: string,
  extra: { lineId?: string; candidates?: CustomerChoice[]; notice?: string } = {},
) {
  const tools = await moneyPageTools(request);
  const { t } = tools;
  const statement = isUuid(statementId)
    ? await readStatement(backOfficeContextOf(request).ledger.context, statementId)
    : null;
  if (!statement) throw new HttpProblem(404, 'not_found', 'No such statement.');
  const rows = statement.lines.map((line) =>
    lineRow(
      request,
      statement,
      line,
      tools,
      line.id === extra.lineId ? (extra.candidates ?? []) : [],
    ),
  );
  const hasLinesToBook = statement.lines.some((line) => line.status === 'matched');
  const confirm = hasLinesToBook
    ? html`<form method="post" action="${statementsPath}/${statement.id}/confirm">
        ${csrfFieldOf(request)}<button type="submit">${t('statement.confirm')}</button>
      </form>`
    : html`<p class="muted">${t('statement.nothingToBook')}</p>`;
  return sendPage(request, reply, {
    title: t('statement.title', { name: statement.fileName }),
    activeHref: statementsPath,
    notice: extra.notice ? { kind: 'error', text: extra.notice } : null,
    main: html`<p>
        ${t('statement.facts', {
          date: statement.importedAt.slice(0, 16).replace('T', ' '),
          user: statement.importedBy,
        })}${statement.accountIban ? ` IBAN ${statement.accountIban}` : ''}
      </p>
      <table id="lines">
        <thead>
          <tr>
            <th>${t('column.date')}</th>
            <th>${t('column.counterparty')}</th>
            <th>${t('column.communication')}</th>
            <th class="amount">${t('column.amount')}</th>
            <th>${t('column.status')}</th>
            <th>${t('column.customer')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      ${confirm}`,
  });
}

function registerUpload(scope: FastifyInstance) {
  scope.post(statementsPath, async (request, reply) => {
    const { t } = await moneyPageTools(request);
    const body = request.body as Record<string, unknown> | null;
    const file = body?._file as { fileName: string; data: Buffer } | null | undefined;
    if (!file || file.data.byteLength === 0) {
      return listPage(request, reply, [{ where: 'file', message: t('statements.noFile') }]);
    }
    const formatText = formField(body, 'format', 20);
    const format: StatementFormat | undefined =
      formatText === 'camt.053' || formatText === 'csv' ? formatText : undefined;
    const outcome = await importStatement(backOfficeContextOf(request).ledger.context, {
      fileName: file.fileName || 'statement',
      content: file.data,
      actor: auditActorOf(request),
      format,
    });
    if (outcome.status === 'refused') return listPage(request, reply, outcome.problems);
    const key =
      outcome.status === 'imported' ? 'statements.imported' : 'statements.alreadyImported';
    await setNoticeFor(request, { kind: 'success', text: t(key) });
    return reply.redirect(`${statementsPath}/${outcome.statementId}`, 303);
  });
}

function registerLineRoutes(scope: FastifyInstance) {
  scope.post(`${statementsPath}/:statementId/lines/:lineId/assign`, async (request, reply) => {
    const { t } = await moneyPageTools(request);
    const statementId = paramOf(request, 'statementId');
    const lineId = paramOf(request, 'lineId');
    if (!isUuid(statementId) || !isUuid(lineId)) {
      throw new HttpProblem(404, 'not_found', 'No such statement line.');
    }
    const context = backOfficeContextOf(request).ledger.context;
    const query = formField(request.body, 'query', 200).trim();
    const givenId = formField(request.body, 'customerId', 64);
    let customer: CustomerChoice;
    if (isUuid(givenId)) {
      customer = { id: givenId, name: '', email: null };
    } else {
      const choice = await chooseCustomer(context.database, context.now, query);
      if (choice.status === 'several') {
        return statementPage(request, reply, statementId, {
          lineId,
          candidates: choice.candidates,
          notice: t('assign.choose', { query }),
        });
      }
      if (choice.status === 'none') {
        return statementPage(request, reply, statementId, { notice: t('assign.none', { query }) });
      }
      customer = choice.customer;
    }
    const outcome = await assignLine(context, {
      statementId,
      lineId,
      customerId: customer.id,
      actor: auditActorOf(request),
    });
    if (outcome.status === 'refused') {
      const message =
        outcome.reason === 'not_open' ? t('assign.notOpen') : t('assign.none', { query });
      return statementPage(request, reply, statementId, { notice: message });
    }
    const name = customer.name || (await nameOf(request, customer.id));
    await setNoticeFor(request, { kind: 'success', text: t('assign.done', { name }) });
    return reply.redirect(`${statementsPath}/${statementId}`, 303);
  });

  scope.post(`${statementsPath}/:statementId/confirm`, async (request, reply) => {
    const { t } = await moneyPageTools(request);
    const statementId = paramOf(request, 'statementId');
    if (!isUuid(statementId)) throw new HttpProblem(404, 'not_found', 'No such statement.');
    const context = backOfficeContextOf(request).ledger.context;
    const results = await confirmStatement(context, statementId, auditActorOf(request));
    const booked = results.filter((result) => result.status === 'booked').length;
    const failed = results.flatMap((result) =>
      result.status === 'failed' ? [result.message] : [],
    );
    const text =
      failed.length > 0
        ? `${t('statement.confirmed', { booked })} ${t('statement.confirmFailed', {
            failed: failed.length,
            messages: failed.slice(0, 5).join('; '),
          })}`
        : t('statement.confirmed', { booked });
    await setNoticeFor(request, { kind: failed.length > 0 ? 'error' : 'success', text });
    return reply.redirect(`${statementsPath}/${statementId}`, 303);
  });
}

async function nameOf(request: FastifyRequest, customerId: string): Promise<string> {
  const customer = await backOfficeContextOf(request).ledger.readCustomer(customerId);
  return customer?.name ?? customerId;
}

/** The statement pages, with a multipart parser for the upload, registered once by buildApp. */
export async function registerStatementPages(app: FastifyInstance): Promise<void> {
  addBackOfficeNavigation(app, {
    href: statementsPath,
    labels: {
      fr: pageTranslator('fr')('nav.statements'),
      en: pageTranslator('en')('nav.statements'),
    },
  });
  await withBackOfficePages(app, (scope) => {
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: statementSizeMaxBytes + 64 * 1024 },
      (request, body, done) => {
        const form = parseMultipart(body as Buffer, request.headers['content-type'] ?? '');
        if (!form) {
          done(new HttpProblem(400, 'invalid_form', 'The form could not be read.'), undefined);
          return;
        }
        done(null, { ...form.fields, _file: form.file });
      },
    );
    scope.get(statementsPath, (request, reply) => listPage(request, reply));
    scope.get(`${statementsPath}/:statementId`, (request, reply) =>
      statementPage(request, reply, paramOf(request, 'statementId')),
    );
    registerUpload(scope);
    registerLineRoutes(scope);
  });
}
