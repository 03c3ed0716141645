// The reports page: the books' check, the wallet liability against the wallets, the wallets
// overdrawn by offline spends, and the takings per till, payment method and day.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { backOfficeContextOf, sendPage } from '../auth.ts';
import { customersOfWallets } from '../customers.ts';
import { addDays, daysBetween, isDay, localDayOf } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';
import { readLiability, readSalesByDay } from '../reports.ts';
import { amountCell, pageTools, stringField, type PageTools } from './common.ts';

const reportsPath = `${backOfficePrefix}/reports`;
export const reportDaysMax = 93;

/** The period of a report form: from/to days, a week up to today by default. */
export function periodOf(
  request: FastifyRequest,
  tools: PageTools,
  now: Date,
): { fromDay: string; toDay: string; problem: string | null } {
  const today = localDayOf(now.getTime(), tools.timeZone);
  const fromText = stringField(request.query, 'from', 10) || addDays(today, -6);
  const toText = stringField(request.query, 'to', 10) || today;
  if (!isDay(fromText) || !isDay(toText)) {
    return { fromDay: addDays(today, -6), toDay: today, problem: tools.t('reports.badDate') };
  }
  const length = daysBetween(fromText, toText);
  if (length < 0 || length >= reportDaysMax) {
    return {
      fromDay: addDays(today, -6),
      toDay: today,
      problem: tools.t('reports.rangeTooLong', { days: reportDaysMax }),
    };
  }
  return { fromDay: fromText, toDay: toText, problem: null };
}

export function periodFields(tools: PageTools, fromDay: string, toDay: string): SafeHtml {
  return html`<label
      >${tools.t('common.from')} <input type="date" name="from" value="${fromDay}" required
    /></label>
    <label
      >${tools.t('common.to')} <input type="date" name="to" value="${toDay}" required
    /></label>`;
}

export function registerReportsPage(scope: FastifyInstance): void {
  scope.get(reportsPath, async (request, reply) => {
    const context = backOfficeContextOf(request);
    const tools = await pageTools(request);
    const { t } = tools;
    const period = periodOf(request, tools, context.now());
    const [violations, liability, overdrawn, sales] = await Promise.all([
      context.ledger.check(),
      readLiability(context.ledger.database),
      context.ledger.overdrawnWallets(),
      readSalesByDay(context.ledger.database, { ...period, timeZone: tools.timeZone }),
    ]);
    const holders = await context.ledger.database.read((sql) =>
      customersOfWallets(
        sql,
        overdrawn.map((wallet) => wallet.walletId),
      ),
    );

    const checkBlock =
      violations.length === 0
        ? html`<p class="notice notice-success" role="status">${t('check.ok')}</p>`
        : html`<div class="notice notice-error" role="alert">
            <p>${t('check.violations', { count: violations.length })}</p>
            <ul>
              ${violations.slice(0, 50).map((violation) => html`<li>${violation.code}: ${violation.detail}</li>`)}
            </ul>
          </div>`;

    const difference = liability.entriesTotalMinor - liability.walletsTotalMinor;
    const liabilityBlock = html`<table>
      <caption class="muted">
        ${t('reports.liability')}
      </caption>
      <tbody>
        <tr>
          <th scope="row">${t('reports.liabilityEntries')}</th>
          ${amountCell(liability.entriesTotalMinor, tools.formatAmount)}
        </tr>
        <tr>
          <th scope="row">${t('reports.liabilityWallets')}</th>
          ${amountCell(liability.walletsTotalMinor, tools.formatAmount)}
        </tr>
        <tr>
          <th scope="row">${t('reports.liabilityDifference')}</th>
          ${amountCell(difference, tools.formatAmount)}
        </tr>
      </tbody>
    </table>`;

    const overdrawnBlock =
      overdrawn.length === 0
        ? html`<p>${t('reports.overdrawnNone')}</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">${t('column.customer')}</th>
                <th scope="col" class="amount">${t('column.balance')}</th>
                <th scope="col" class="amount">${t('column.minimum')}</th>
              </tr>
            </thead>
            <tbody>
              ${overdrawn.map(
                (wallet) =>
                  html`<tr>
                    <td>
                      ${(holders.get(wallet.walletId) ?? []).map(
                        (customer, index) =>
                          html`${index > 0 ? ', ' : ''}<a
                              href="${backOfficePrefix}/customers/${customer.id}"
                              >${customer.name}</a
                            >`,
                      )}
                    </td>
                    ${amountCell(wallet.balanceMinor, tools.formatAmount)}
                    ${amountCell(wallet.minimumMinor, tools.formatAmount)}
                  </tr>`,
              )}
            </tbody>
          </table>`;

    const totals = new Map(sales.totals.map((total) => [`${total.day}|${total.tillId}`, total]));
    // Each till's rows of a day, then the till's total for that day.
    const salesRows: SafeHtml[] = [];
    sales.rows.forEach((row, index) => {
      const key = `${row.day}|${row.tillId}`;
      salesRows.push(
        html`<tr>
          <td>${row.day}</td>
          <td>${row.tillName}</td>
          <td>${row.methodName ?? t('reports.changeGiven')}</td>
          ${amountCell(row.amountMinor, tools.formatAmount)}
        </tr>`,
      );
      const next = sales.rows[index + 1];
      const total = totals.get(key);
      if (total && (!next || `${next.day}|${next.tillId}` !== key)) {
        salesRows.push(
          html`<tr>
            <th scope="row" colspan="3">${t('column.total')} ${row.day} · ${row.tillName}</th>
            ${amountCell(total.amountMinor, tools.formatAmount)}
          </tr>`,
        );
      }
    });
    const salesBlock =
      sales.rows.length === 0
        ? html`<p>${t('reports.salesNone')}</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">${t('column.day')}</th>
                <th scope="col">${t('column.till')}</th>
                <th scope="col">${t('column.method')}</th>
                <th scope="col" class="amount">${t('column.amount')}</th>
              </tr>
            </thead>
            <tbody>
              ${salesRows}
            </tbody>
          </table>`;

    const main = html`<section aria-labelledby="check-title">
        <h2 id="check-title">${t('home.check')}</h2>
        ${checkBlock}
      </section>
      <section aria-labelledby="liability-title">
        <h2 id="liability-title">${t('reports.liability')}</h2>
        ${liabilityBlock}
      </section>
      <section aria-labelledby="overdrawn-title">
        <h2 id="overdrawn-title">${t('reports.overdrawn')}</h2>
        ${overdrawnBlock}
      </section>
      <section aria-labelledby="sales-title">
        <h2 id="sales-title">${t('reports.sales')}</h2>
        ${period.problem ? html`<p class="notice notice-error" role="alert">${period.problem}</p>` : ''}
        <form method="get" action="${reportsPath}" class="row">
          ${periodFields(tools, period.fromDay, period.toDay)}
          <button type="submit">${t('common.show')}</button>
        </form>
        ${salesBlock}
      </section>`;
    return sendPage(request, reply, { title: t('reports.title'), main, activeHref: reportsPath });
  });
}
