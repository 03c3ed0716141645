// The customer pages: the search with its filters, one customer (wallet, references,
// household, history) with the adjustment and payout forms, and a household with its members.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../../../shared/ids.ts';
import { readWalletHistory } from '../../ledger/wallet-history.ts';
import {
  auditActorOf,
  backOfficeContextOf,
  csrfFieldOf,
  sendPage,
  sendProblemPage,
  setNoticeFor,
} from '../auth.ts';
import {
  readCustomerDetail,
  readHousehold,
  searchCustomers,
  searchQueryLengthMax,
  type CustomerDetail,
  type CustomerListItem,
  type HouseholdDetail,
} from '../customers.ts';
import { decimalOfMinor } from '../format.ts';
import { html, type SafeHtml } from '../html.ts';
import { backOfficePrefix } from '../layout.ts';
import {
  bookAdjustment,
  bookPayout,
  reasonLengthMax,
  type OperationProblem,
} from '../wallet-operations.ts';
import {
  amountCell,
  isChecked,
  isServerId,
  pageTools,
  positiveInteger,
  queryString,
  stringField,
  type PageTools,
} from './common.ts';
import { historyTable } from './history-view.ts';

const customersPath = `${backOfficePrefix}/customers`;
const pageSize = 50;
const historyPageSize = 50;
const offsetMax = 100_000;

function customerRows(items: readonly CustomerListItem[], tools: PageTools): SafeHtml[] {
  const { t } = tools;
  return items.map(
    (item) =>
      html`<tr>
        <td>
          <a href="${customersPath}/${item.id}">${item.name}</a>${
            item.isActive ? '' : html` <span class="muted">(${t('customer.inactive')})</span>`
          }
        </td>
        <td>${item.email ?? ''}</td>
        <td>${item.cardBarcode ?? ''}</td>
        <td>
          ${
            item.householdId
              ? html`<a href="${backOfficePrefix}/households/${item.householdId}"
                  >${item.householdName ?? ''}</a
                >`
              : ''
          }
        </td>
        <td>${item.isWalletUser ? t('common.yes') : t('common.no')}</td>
        ${amountCell(item.balanceMinor, tools.formatAmount)}
      </tr>`,
  );
}

function customerTable(items: readonly CustomerListItem[], tools: PageTools, caption: string) {
  const { t } = tools;
  return html`<table>
    <caption class="muted">
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${t('column.name')}</th>
        <th scope="col">${t('column.email')}</th>
        <th scope="col">${t('column.card')}</th>
        <th scope="col">${t('column.household')}</th>
        <th scope="col">${t('column.walletUser')}</th>
        <th scope="col" class="amount">${t('column.balance')}</th>
      </tr>
    </thead>
    <tbody>
      ${customerRows(items, tools)}
    </tbody>
  </table>`;
}

async function listPage(request: FastifyRequest, reply: FastifyReply) {
  const context = backOfficeContextOf(request);
  const tools = await pageTools(request);
  const { t } = tools;
  const query = stringField(request.query, 'q', searchQueryLengthMax);
  const isNonZeroOnly = isChecked(request.query, 'nonZero');
  const isWalletUsersOnly = isChecked(request.query, 'walletUsers');
  const offset = Math.min(positiveInteger(request.query, 'offset', 0), offsetMax);
  const result = await searchCustomers(
    context.ledger.database,
    { query, isNonZeroOnly, isWalletUsersOnly, limit: pageSize, offset },
    context.now,
  );
  const checkbox = (name: string, isOn: boolean, label: string) =>
    html`<label class="check"
      ><input type="checkbox" name="${name}" value="1" ${isOn ? html` checked` : ''} />
      ${label}</label
    >`;
  const pageLink = (newOffset: number, label: string) =>
    html`<a
      href="${customersPath}${queryString({
        q: query,
        nonZero: isNonZeroOnly ? 1 : null,
        walletUsers: isWalletUsersOnly ? 1 : null,
        offset: newOffset || null,
      })}"
      >${label}</a
    >`;
  const main = html`<form method="get" action="${customersPath}" class="row card" role="search">
      <label
        >${t('customers.search')}
        <input type="search" name="q" value="${query}" maxlength="${searchQueryLengthMax}" />
      </label>
      ${checkbox('nonZero', isNonZeroOnly, t('customers.nonZero'))}
      ${checkbox('walletUsers', isWalletUsersOnly, t('customers.walletUsers'))}
      <button type="submit">${t('customers.submit')}</button>
    </form>
    ${
      result.items.length === 0
        ? html`<p role="status">${t('customers.none')}</p>`
        : customerTable(result.items, tools, t('customers.count', { count: result.items.length }))
    }
    <p class="pager">
      ${offset > 0 ? pageLink(Math.max(0, offset - pageSize), t('customers.previous')) : ''}${
        result.hasMore ? pageLink(offset + pageSize, t('customers.more')) : ''
      }
    </p>`;
  return sendPage(request, reply, { title: t('customers.title'), main, activeHref: customersPath });
}

interface FormState {
  adjustment?: { direction: string; amount: string; reason: string; problem?: OperationProblem };
  payout?: { amount: string; reason: string; problem?: OperationProblem };
}

function problemText(problem: OperationProblem | undefined, tools: PageTools): SafeHtml {
  if (!problem) return html``;
  return html`<p class="notice notice-error" role="alert">
    ${tools.t(problem.key, problem.params)} ${tools.t('form.nothingSaved')}
  </p>`;
}

function householdSection(household: HouseholdDetail | null, tools: PageTools): SafeHtml {
  const { t } = tools;
  if (!household)
    return html`<section>
      <h2>${t('customer.household')}</h2>
      <p>${t('customer.noHousehold')}</p>
    </section>`;
  return html`<section aria-labelledby="household-title">
    <h2 id="household-title">
      ${t('customer.household')}:
      <a href="${backOfficePrefix}/households/${household.id}">${household.name}</a>
    </h2>
    <p>${t('customer.householdShared', { name: household.name })}</p>
    ${customerTable(household.members, tools, t('customer.members'))}
  </section>`;
}

function adjustmentForm(
  request: FastifyRequest,
  customer: CustomerDetail,
  state: FormState,
  tools: PageTools,
) {
  const { t } = tools;
  const values = state.adjustment ?? { direction: 'credit', amount: '', reason: '' };
  const radio = (value: string, label: string) =>
    html`<label class="check"
      ><input
        type="radio"
        name="direction"
        value="${value}"
        ${values.direction === value ? html` checked` : ''}
      />
      ${label}</label
    >`;
  return html`<section aria-labelledby="adjustment-title">
    <h2 id="adjustment-title">${t('adjustment.title')}</h2>
    ${problemText(values.problem, tools)}
    <form method="post" action="${customersPath}/${customer.id}/adjustment" class="stack">
      ${csrfFieldOf(request)}
      <input type="hidden" name="operationId" value="${newId()}" />
      <fieldset>
        <legend>${t('adjustment.direction')}</legend>
        ${radio('credit', t('adjustment.credit'))}${radio('debit', t('adjustment.debit'))}
      </fieldset>
      <label
        >${t('adjustment.amount')} (${tools.currency})
        <input name="amount" inputmode="decimal" required maxlength="20" value="${values.amount}" />
      </label>
      <label
        >${t('adjustment.reason')}
        <textarea name="reason" required maxlength="${reasonLengthMax}" rows="2">
${values.reason}</textarea>
      </label>
      <button type="submit">${t('adjustment.submit')}</button>
    </form>
  </section>`;
}

function payoutForm(
  request: FastifyRequest,
  customer: CustomerDetail,
  state: FormState,
  tools: PageTools,
) {
  const { t } = tools;
  if (customer.balanceMinor <= 0 && !state.payout) {
    return html`<section>
      <h2>${t('payout.title')}</h2>
      <p>${t('payout.nothing')}</p>
    </section>`;
  }
  const values = state.payout ?? {
    amount: decimalOfMinor(customer.balanceMinor, tools.language === 'en' ? '.' : ','),
    reason: t('payout.defaultReason'),
  };
  return html`<section aria-labelledby="payout-title">
    <h2 id="payout-title">${t('payout.title')}</h2>
    <p>${t('payout.help')}</p>
    ${problemText(values.problem, tools)}
    <form method="post" action="${customersPath}/${customer.id}/payout" class="stack">
      ${csrfFieldOf(request)}
      <input type="hidden" name="operationId" value="${newId()}" />
      <label
        >${t('payout.amount')} (${tools.currency})
        <input name="amount" inputmode="decimal" required maxlength="20" value="${values.amount}" />
      </label>
      <label
        >${t('payout.reason')}
        <input name="reason" required maxlength="${reasonLengthMax}" value="${values.reason}" />
      </label>
      <button type="submit">${t('payout.submit')}</button>
    </form>
  </section>`;
}

async function detailPage(
  request: FastifyRequest,
  reply: FastifyReply,
  customerId: string,
  state: FormState = {},
  status = 200,
) {
  const context = backOfficeContextOf(request);
  const tools = await pageTools(request);
  const { t } = tools;
  const before = positiveInteger(request.query, 'before', 0) || null;
  const loaded = await context.ledger.database.read(async (sql) => {
    const customer = await readCustomerDetail(sql, customerId);
    if (!customer) return null;
    const history = await readWalletHistory(sql, customer.walletId, {
      limit: historyPageSize + 1,
      beforeEntryId: before,
    });
    return { customer, history };
  });
  if (!loaded)
    return sendProblemPage(request, reply, 404, t('error.title'), t('form.unknownCustomer'));
  const { customer } = loaded;
  const history = loaded.history.slice(0, historyPageSize);
  const oldest = history[history.length - 1];
  const main = html`<section aria-labelledby="wallet-title">
      <h2 id="wallet-title">${t('customer.wallet')}</h2>
      <dl class="facts">
        <dt>${t('customer.balance')}</dt>
        <dd class="${customer.balanceMinor < 0 ? 'negative' : ''}">
          ${tools.formatAmount(customer.balanceMinor)}
        </dd>
        <dt>${t('customer.walletUser')}</dt>
        <dd>${customer.isWalletUser ? t('common.yes') : t('common.no')}</dd>
        <dt>${t('column.email')}</dt>
        <dd>${customer.email ?? t('common.none')}</dd>
        <dt>${t('column.card')}</dt>
        <dd>${customer.cardBarcode ?? t('common.none')}</dd>
        ${
          customer.isActive
            ? ''
            : html`<dt>${t('customer.inactive')}</dt>
                <dd>${t('common.yes')}</dd>`
        }
      </dl>
    </section>
    <section aria-labelledby="references-title">
      <h2 id="references-title">${t('customer.references')}</h2>
      ${
        customer.references
          ? html`<dl class="facts">
              <dt>${t('customer.structuredCommunication')}</dt>
              <dd class="reference">${customer.references.structuredCommunication}</dd>
              <dt>${t('customer.creditorReference')}</dt>
              <dd class="reference">${customer.references.creditorReference}</dd>
            </dl>`
          : t('common.none')
      }
    </section>
    ${householdSection(customer.household, tools)}
    ${adjustmentForm(request, customer, state, tools)}
    ${payoutForm(request, customer, state, tools)}
    <section aria-labelledby="history-title">
      <h2 id="history-title">${t('customer.history')}</h2>
      ${
        history.length === 0
          ? html`<p>${t('customer.historyEmpty')}</p>`
          : historyTable(history, tools, {
              caption: t('customer.history'),
              isCustomerLinked: customer.household !== null,
            })
      }
      ${
        loaded.history.length > historyPageSize && oldest
          ? html`<p class="pager">
              <a href="${customersPath}/${customer.id}?before=${oldest.entryId}"
                >${t('customer.historyOlder')}</a
              >
            </p>`
          : ''
      }
    </section>`;
  return sendPage(request, reply, {
    title: t('customer.title', { name: customer.name }),
    main,
    activeHref: customersPath,
    status,
  });
}

function customerIdOf(request: FastifyRequest): string | null {
  const id = (request.params as { id?: unknown }).id;
  return isServerId(id) ? id : null;
}

async function handleAdjustment(request: FastifyRequest, reply: FastifyReply) {
  const context = backOfficeContextOf(request);
  const tools = await pageTools(request);
  const customerId = customerIdOf(request);
  if (!customerId)
    return sendProblemPage(
      request,
      reply,
      404,
      tools.t('error.title'),
      tools.t('form.unknownCustomer'),
    );
  const body = request.body;
  const input = {
    direction: stringField(body, 'direction', 10),
    amount: stringField(body, 'amount', 40),
    reason: stringField(body, 'reason', reasonLengthMax + 100),
  };
  const result = await bookAdjustment(context.ledger, {
    customerId,
    operationId: stringField(body, 'operationId', 64),
    direction: input.direction,
    amountText: input.amount,
    reason: input.reason,
    actor: auditActorOf(request),
    language: tools.language,
  });
  if (!result.ok) {
    return detailPage(
      request,
      reply,
      customerId,
      { adjustment: { ...input, problem: result.problem } },
      422,
    );
  }
  await setNoticeFor(request, {
    kind: 'success',
    text: tools.t('adjustment.done', {
      amount: tools.formatAmount(result.amountMinor),
      balance: tools.formatAmount(result.balanceMinor),
    }),
  });
  return reply.redirect(`${customersPath}/${customerId}`, 303);
}

async function handlePayout(request: FastifyRequest, reply: FastifyReply) {
  const context = backOfficeContextOf(request);
  const tools = await pageTools(request);
  const customerId = customerIdOf(request);
  if (!customerId)
    return sendProblemPage(
      request,
      reply,
      404,
      tools.t('error.title'),
      tools.t('form.unknownCustomer'),
    );
  const body = request.body;
  const input = {
    amount: stringField(body, 'amount', 40),
    reason: stringField(body, 'reason', reasonLengthMax + 100),
  };
  const result = await bookPayout(context.ledger, {
    customerId,
    operationId: stringField(body, 'operationId', 64),
    amountText: input.amount,
    reason: input.reason,
    actor: auditActorOf(request),
    language: tools.language,
    formatAmount: tools.formatAmount,
  });
  if (!result.ok) {
    return detailPage(
      request,
      reply,
      customerId,
      { payout: { ...input, problem: result.problem } },
      422,
    );
  }
  await setNoticeFor(request, {
    kind: 'success',
    text: tools.t('payout.done', {
      amount: tools.formatAmount(-result.amountMinor),
      balance: tools.formatAmount(result.balanceMinor),
    }),
  });
  return reply.redirect(`${customersPath}/${customerId}`, 303);
}

async function householdPage(request: FastifyRequest, reply: FastifyReply) {
  const context = backOfficeContextOf(request);
  const tools = await pageTools(request);
  const { t } = tools;
  const id = (request.params as { id?: unknown }).id;
  const household = isServerId(id)
    ? await context.ledger.database.read((sql) => readHousehold(sql, id))
    : null;
  if (!household)
    return sendProblemPage(request, reply, 404, t('error.title'), t('error.notFound'));
  const main = html`<section>
      <dl class="facts">
        <dt>${t('customer.balance')}</dt>
        <dd>${tools.formatAmount(household.balanceMinor)}</dd>
      </dl>
      <p>${t('customer.householdShared', { name: household.name })}</p>
    </section>
    ${customerTable(household.members, tools, t('customer.members'))}`;
  return sendPage(request, reply, {
    title: t('household.title', { name: household.name }),
    main,
    activeHref: customersPath,
  });
}

export function registerCustomerPages(scope: FastifyInstance): void {
  scope.get(customersPath, listPage);
  scope.get(`${customersPath}/:id`, async (request, reply) => {
    const customerId = customerIdOf(request);
    if (!customerId) {
      const tools = await pageTools(request);
      return sendProblemPage(
        request,
        reply,
        404,
        tools.t('error.title'),
        tools.t('form.unknownCustomer'),
      );
    }
    return detailPage(request, reply, customerId);
  });
  scope.post(`${customersPath}/:id/adjustment`, handleAdjustment);
  scope.post(`${customersPath}/:id/payout`, handlePayout);
  scope.get(`${backOfficePrefix}/households/:id`, householdPage);
}
