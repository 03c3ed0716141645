// The till sessions: each Z report as the till sent it (who opened and closed, the float, the
// cash expected, counted and the difference, the orders not yet sent at closing and who let the
// session close anyway), and beside the till's figures the ledger's figures as they stand now.
// A difference is marked: it is expected while orders of the session are still on their way,
// and points at lost or refused orders once they have all arrived.
import type { FastifyInstance } from 'fastify';
import type { SessionFigures } from '../../../shared/protocol.ts';
import type { OpenSession, StoredSessionReport } from '../../ledger/sessions.ts';
import { backOfficeContextOf, sendPage } from '../auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { MessageKey } from '../i18n.ts';
import { backOfficePrefix } from '../layout.ts';
import { amountCell, pageTools, type PageTools } from './common.ts';

const tillSessionsPath = `${backOfficePrefix}/till-sessions`;
const sessionsShownMax = 50;

interface FigureRow {
  label: string;
  tillValue: number;
  ledgerValue: number;
  isAmount: boolean;
  testId: string;
}

type ScalarFigure = Exclude<keyof SessionFigures, 'currency' | 'byMethod'>;

const scalarFigures: { key: ScalarFigure; label: MessageKey; isAmount: boolean }[] = [
  { key: 'orderCount', label: 'tillSessions.orderCount', isAmount: false },
  { key: 'refundCount', label: 'tillSessions.refundCount', isAmount: false },
  { key: 'netSalesMinor', label: 'tillSessions.netSales', isAmount: true },
  { key: 'walletSpendsMinor', label: 'tillSessions.walletSpends', isAmount: true },
  { key: 'walletTopUpsMinor', label: 'tillSessions.walletTopUps', isAmount: true },
  { key: 'changeToWalletMinor', label: 'tillSessions.changeToWallet', isAmount: true },
  { key: 'refundsMinor', label: 'tillSessions.refunds', isAmount: true },
  { key: 'refundsToWalletMinor', label: 'tillSessions.refundsToWallet', isAmount: true },
  { key: 'netCashMinor', label: 'tillSessions.netCash', isAmount: true },
];

/** The figures side by side; a method either side lacks counts as 0 there. */
export function figureRows(
  tools: PageTools,
  tillFigures: SessionFigures,
  ledgerFigures: SessionFigures,
): FigureRow[] {
  const rows: FigureRow[] = scalarFigures.map((figure) => ({
    label: tools.t(figure.label),
    tillValue: tillFigures[figure.key],
    ledgerValue: ledgerFigures[figure.key],
    isAmount: figure.isAmount,
    testId: figure.key,
  }));
  const methodIds = [
    ...new Set([...tillFigures.byMethod, ...ledgerFigures.byMethod].map((m) => m.methodId)),
  ];
  for (const methodId of methodIds) {
    const onTill = tillFigures.byMethod.find((method) => method.methodId === methodId);
    const inLedger = ledgerFigures.byMethod.find((method) => method.methodId === methodId);
    rows.push({
      label: tools.t('tillSessions.method', { name: inLedger?.name ?? onTill?.name ?? methodId }),
      tillValue: onTill?.amountMinor ?? 0,
      ledgerValue: inLedger?.amountMinor ?? 0,
      isAmount: true,
      testId: `method-${methodId}`,
    });
  }
  return rows;
}

function valueCell(tools: PageTools, value: number, isAmount: boolean): SafeHtml {
  return isAmount ? amountCell(value, tools.formatAmount) : html`<td class="amount">${value}</td>`;
}

function comparisonTable(tools: PageTools, rows: readonly FigureRow[]): SafeHtml {
  const { t } = tools;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${t('tillSessions.figure')}</th>
        <th scope="col" class="amount">${t('tillSessions.tillFigure')}</th>
        <th scope="col" class="amount">${t('tillSessions.ledgerFigure')}</th>
        <th scope="col" class="amount">${t('tillSessions.difference')}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map((row) => {
        const difference = row.ledgerValue - row.tillValue;
        const isMismatch = difference !== 0;
        return html`<tr data-testid="figure-${row.testId}" class="${isMismatch ? 'mismatch' : ''}">
          <th scope="row">${row.label}</th>
          ${valueCell(tools, row.tillValue, row.isAmount)}
          ${valueCell(tools, row.ledgerValue, row.isAmount)}
          ${isMismatch ? valueCell(tools, difference, row.isAmount) : html`<td class="amount"></td>`}
        </tr>`;
      })}
    </tbody>
  </table>`;
}

function staffAt(tools: PageTools, time: string, name: string): string {
  return tools.t('tillSessions.by', { time: tools.formatTime(time), name });
}

function reportSection(tools: PageTools, stored: StoredSessionReport): SafeHtml {
  const { t } = tools;
  const { report } = stored;
  const rows = figureRows(tools, report.figures, stored.ledgerFigures);
  const hasDifference = rows.some((row) => row.tillValue !== row.ledgerValue);
  let agreement: SafeHtml;
  if (!hasDifference) {
    agreement = html`<p class="notice notice-success" data-testid="session-agree">
      ${t('tillSessions.agree')}
    </p>`;
  } else {
    const message =
      report.unsyncedOrderCount > 0
        ? t('tillSessions.differUnsynced', { count: report.unsyncedOrderCount })
        : t('tillSessions.differ');
    agreement = html`<p class="notice notice-error" role="alert" data-testid="session-differ">
      ${message}
    </p>`;
  }
  const titleId = `session-${stored.sessionId}`;
  return html`<section aria-labelledby="${titleId}" data-testid="session-report">
    <h3 id="${titleId}">
      ${t('tillSessions.session', { till: stored.tillName, time: tools.formatTime(report.closedAt) })}
    </h3>
    <dl class="facts">
      <dt>${t('tillSessions.opened')}</dt>
      <dd>${staffAt(tools, report.openedAt, report.openedBy.name)}</dd>
      <dt>${t('tillSessions.closedAt')}</dt>
      <dd>${staffAt(tools, report.closedAt, report.closedBy.name)}</dd>
      <dt>${t('tillSessions.float')}</dt>
      <dd data-testid="session-float">${tools.formatAmount(report.floatMinor)}</dd>
      <dt>${t('tillSessions.cashExpected')}</dt>
      <dd data-testid="session-cash-expected">${tools.formatAmount(report.cashExpectedMinor)}</dd>
      <dt>${t('tillSessions.cashCounted')}</dt>
      <dd data-testid="session-cash-counted">${tools.formatAmount(report.cashCountedMinor)}</dd>
      <dt>${t('tillSessions.cashDifference')}</dt>
      <dd data-testid="session-cash-difference">
        ${tools.formatAmount(report.cashDifferenceMinor)}
      </dd>
      <dt>${t('tillSessions.unsynced')}</dt>
      <dd data-testid="session-unsynced">${report.unsyncedOrderCount}</dd>
      <dt>${t('tillSessions.approvedBy')}</dt>
      <dd data-testid="session-approved-by">
        ${report.approvedBy ? report.approvedBy.name : t('common.none')}
      </dd>
    </dl>
    ${agreement} ${comparisonTable(tools, rows)}
  </section>`;
}

function openSessionsTable(tools: PageTools, sessions: readonly OpenSession[]): SafeHtml {
  const { t } = tools;
  if (sessions.length === 0) return html`<p>${t('tillSessions.openNone')}</p>`;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${t('column.till')}</th>
        <th scope="col">${t('tillSessions.firstOrder')}</th>
        <th scope="col">${t('tillSessions.lastOrder')}</th>
        <th scope="col" class="amount">${t('tillSessions.orderCount')}</th>
        <th scope="col" class="amount">${t('tillSessions.refundCount')}</th>
        <th scope="col" class="amount">${t('tillSessions.netSales')}</th>
        <th scope="col" class="amount">${t('tillSessions.netCash')}</th>
      </tr>
    </thead>
    <tbody>
      ${sessions.map(
        (session) =>
          html`<tr data-testid="open-session">
            <td>${session.tillName}</td>
            <td>${tools.formatTime(session.firstOrderAt)}</td>
            <td>${tools.formatTime(session.lastOrderAt)}</td>
            <td class="amount">${session.ledgerFigures.orderCount}</td>
            <td class="amount">${session.ledgerFigures.refundCount}</td>
            ${amountCell(session.ledgerFigures.netSalesMinor, tools.formatAmount)}
            ${amountCell(session.ledgerFigures.netCashMinor, tools.formatAmount)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

export function registerTillSessionsPage(scope: FastifyInstance): void {
  scope.get(tillSessionsPath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const { t } = tools;
    const { reports, openSessions } = await context.ledger.listSessions({
      limit: sessionsShownMax,
    });
    const main = html`<p class="muted">${t('tillSessions.help')}</p>
      <section aria-labelledby="closed-title">
        <h2 id="closed-title">${t('tillSessions.closed')}</h2>
        ${
          reports.length === 0
            ? html`<p>${t('tillSessions.none')}</p>`
            : reports.map((stored) => reportSection(tools, stored))
        }
      </section>
      <section aria-labelledby="open-title">
        <h2 id="open-title">${t('tillSessions.open')}</h2>
        <p class="muted">${t('tillSessions.openHelp')}</p>
        ${openSessionsTable(tools, openSessions)}
      </section>`;
    return sendPage(request, reply, {
      title: t('tillSessions.title'),
      main,
      activeHref: tillSessionsPath,
    });
  });
}
