// The settings of the accountant's export: the code of each account (with the Belgian and the
// French chart one click away) and the time zone reports and exports cut days in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditActorOf, backOfficeContextOf, csrfFieldOf, sendPage, setNoticeFor } from '../auth.ts';
import {
  accountCodePattern,
  presetCode,
  readAccountCodes,
  saveAccountCodes,
  walletAccountKey,
  type AccountCodeRow,
  type ChartPreset,
} from '../account-codes.ts';
import { recordAudit } from '../audit.ts';
import { html } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';
import { isTimeZone, readTimeZone, writeSetting } from '../settings.ts';
import { pageTools, stringField, type PageTools } from './common.ts';

const settingsPath = `${backOfficePrefix}/settings/account-codes`;

function accountLabel(row: AccountCodeRow, tools: PageTools): string {
  return row.key === walletAccountKey ? tools.t('account.wallet') : row.name;
}

async function renderSettings(
  request: FastifyRequest,
  reply: FastifyReply,
  state: { values?: Map<string, string>; timeZone?: string; problems?: string[] } = {},
) {
  const context = backOfficeContextOf(request);
  const tools = await pageTools(request);
  const { t } = tools;
  const rows = await context.ledger.database.read((sql) => readAccountCodes(sql));
  const timeZone =
    state.timeZone ?? (await context.ledger.database.read((sql) => readTimeZone(sql)));
  const problems = state.problems ?? [];
  const main = html`<p>${t('settings.help')}</p>
    ${
      problems.length > 0
        ? html`<div class="notice notice-error" role="alert">
            ${problems.map((problem) => html`<p>${problem}</p>`)}
            <p>${t('form.nothingSaved')}</p>
          </div>`
        : ''
    }
    <form method="post" action="${settingsPath}" class="card">
      ${csrfFieldOf(request)}
      <table>
        <thead>
          <tr>
            <th scope="col">${t('column.account')}</th>
            <th scope="col">${t('column.code')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row, index) =>
              html`<tr>
                <td>
                  <label for="code-${index}">${accountLabel(row, tools)}</label>
                  <span class="muted">(${row.key})</span>
                </td>
                <td>
                  <input
                    id="code-${index}"
                    name="code:${row.key}"
                    required
                    maxlength="20"
                    value="${state.values?.get(row.key) ?? row.code}"
                  />
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p>
        <label
          >${t('settings.timeZone')}
          <input name="timeZone" required maxlength="64" value="${timeZone}"
        /></label>
      </p>
      <button type="submit">${t('common.save')}</button>
    </form>
    <form method="post" action="${settingsPath}/preset" class="row card">
      ${csrfFieldOf(request)}
      <label
        >${t('settings.applyPreset')}
        <select name="preset">
          <option value="be">${t('settings.presetBelgium')}</option>
          <option value="fr">${t('settings.presetFrance')}</option>
        </select>
      </label>
      <button type="submit">${t('settings.applyPreset')}</button>
    </form>`;
  return sendPage(request, reply, {
    title: t('settings.title'),
    main,
    activeHref: settingsPath,
    status: problems.length > 0 ? 422 : 200,
  });
}

async function saveAndAudit(
  request: FastifyRequest,
  codes: Map<string, string>,
  timeZone: string | null,
  detailPrefix: string,
) {
  const context = backOfficeContextOf(request);
  const now = context.now().toISOString();
  await context.ledger.database.write(async (sql) => {
    const changes = await saveAccountCodes(sql, codes, now);
    const previousZone = await readTimeZone(sql);
    const isZoneChanged = timeZone !== null && timeZone !== previousZone;
    if (isZoneChanged) await writeSetting(sql, 'time_zone', timeZone, now);
    if (changes.length === 0 && !isZoneChanged) return;
    const described = changes.map((change) => `${change.key}: ${change.from} → ${change.to}`);
    if (isZoneChanged) described.push(`time zone: ${previousZone} → ${timeZone}`);
    await recordAudit(sql, {
      actor: auditActorOf(request),
      action: 'account_codes_changed',
      targetKind: 'settings',
      targetId: 'account_codes',
      detail: `${detailPrefix}${described.join('; ')}`,
      occurredAt: now,
    });
  });
}

export function registerAccountCodePages(scope: FastifyInstance): void {
  scope.get(settingsPath, (request, reply) => renderSettings(request, reply));

  scope.post(settingsPath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const rows = await context.ledger.database.read((sql) => readAccountCodes(sql));
    const values = new Map<string, string>();
    const problems: string[] = [];
    for (const row of rows) {
      const code = stringField(request.body, `code:${row.key}`, 40).trim();
      values.set(row.key, code);
      if (!accountCodePattern.test(code)) {
        problems.push(tools.t('settings.badCode', { account: accountLabel(row, tools) }));
      }
    }
    const timeZone = stringField(request.body, 'timeZone', 100).trim();
    if (!isTimeZone(timeZone)) problems.push(tools.t('settings.badTimeZone'));
    if (problems.length > 0) return renderSettings(request, reply, { values, timeZone, problems });
    await saveAndAudit(request, values, timeZone, '');
    await setNoticeFor(request, { kind: 'success', text: tools.t('settings.saved') });
    return reply.redirect(settingsPath, 303);
  });

  scope.post(`${settingsPath}/preset`, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const preset = stringField(request.body, 'preset', 4);
    if (preset !== 'be' && preset !== 'fr') {
      return renderSettings(request, reply, { problems: [tools.t('error.badRequest')] });
    }
    const chart: ChartPreset = preset;
    const rows = await context.ledger.database.read((sql) => readAccountCodes(sql));
    const codes = new Map(
      rows.map((row) => [row.key, presetCode(chart, row.key, row.defaultCode)]),
    );
    await saveAndAudit(request, codes, null, `preset ${chart}: `);
    await setNoticeFor(request, { kind: 'success', text: tools.t('settings.saved') });
    return reply.redirect(settingsPath, 303);
  });
}
