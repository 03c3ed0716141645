// The back-office pages for top-up invoices and the suspense account: issue an invoice (to the
// wallet at once or to suspense), read it and download its PDF, and the miscellaneous operation
// that moves money from suspense to a customer's wallet. Each form carries an id made when the
// form was shown, so a form sent twice books once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../../shared/ids.ts';
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
import { readTimeZone } from '../backoffice/settings.ts';
import { HttpProblem } from '../http/errors.ts';
import { chooseCustomer, type CustomerChoice } from '../statements/customer-choice.ts';
import { pageTranslator, type PageMessageKey } from '../statements/messages.ts';
import {
  formField,
  isUuid,
  moneyPageTools,
  paramOf,
  type MoneyPageTools,
} from '../statements/page-tools.ts';
import {
  createInvoice,
  listInvoices,
  moveFromSuspense,
  readInvoice,
  suspenseBalanceMinor,
  type Invoice,
} from './invoices.ts';
import { renderInvoicePdf } from './pdf.ts';

export const invoicesPath = `${backOfficePrefix}/invoices`;
export const suspensePath = `${backOfficePrefix}/suspense`;

interface CustomerField {
  query: string;
  candidates: readonly CustomerChoice[];
}

/** A text field for the customer, or a choice among the customers the text matched. */
function customerInput(label: string, field: CustomerField): SafeHtml {
  if (field.candidates.length > 0) {
    return html`<label
      >${label}
      <select name="customerId">
        ${field.candidates.map(
          (candidate) =>
            html`<option value="${candidate.id}">
              ${candidate.name}${candidate.email ? ` (${candidate.email})` : ''}
            </option>`,
        )}
      </select></label
    >`;
  }
  return html`<label
    >${label} <input type="search" name="customer" value="${field.query}" maxlength="200" required
  /></label>`;
}

/** The customer a form names: a chosen id, or the one customer its text matches. */
async function customerOfForm(request: FastifyRequest) {
  const givenId = formField(request.body, 'customerId', 64);
  if (isUuid(givenId)) return { status: 'found' as const, customerId: givenId, query: '' };
  const query = formField(request.body, 'customer', 200).trim();
  const context = backOfficeContextOf(request).ledger.context;
  const choice = await chooseCustomer(context.database, context.now, query);
  if (choice.status === 'found') {
    return { status: 'found' as const, customerId: choice.customer.id, query };
  }
  return {
    status: choice.status,
    query,
    candidates: choice.status === 'several' ? choice.candidates : [],
  };
}

async function today(request: FastifyRequest): Promise<string> {
  const context = backOfficeContextOf(request);
  const timeZone = await context.ledger.database.read((sql) => readTimeZone(sql));
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(context.now());
}

interface InvoiceFormValues {
  id: string;
  customer: CustomerField;
  amount: string;
  issuedOn: string;
  booking: string;
}

function invoiceForm(request: FastifyRequest, tools: MoneyPageTools, values: InvoiceFormValues) {
  const { t } = tools;
  const isSuspense = values.booking === 'suspense';
  return html`<section>
    <h2>${t('invoices.new')}</h2>
    <form method="post" action="${invoicesPath}" class="stack">
      ${csrfFieldOf(request)}<input type="hidden" name="id" value="${values.id}" />
      ${customerInput(t('invoice.customer'), values.customer)}
      <label
        >${t('invoice.amount')} (${tools.currency})
        <input name="amount" value="${values.amount}" inputmode="decimal" maxlength="20" required
      /></label>
      <label
        >${t('invoice.date')}
        <input type="date" name="issuedOn" value="${values.issuedOn}" required
      /></label>
      <fieldset>
        <legend>${t('invoice.booking')}</legend>
        <label class="check"
          ><input type="radio" name="booking" value="wallet" ${isSuspense ? '' : ' checked'} />
          ${t('invoice.bookingWallet')}</label
        >
        <label class="check"
          ><input type="radio" name="booking" value="suspense" ${isSuspense ? ' checked' : ''} />
          ${t('invoice.bookingSuspense')}</label
        >
      </fieldset>
      <button type="submit">${t('invoice.submit')}</button>
    </form>
  </section>`;
}

function bookingLabel(invoice: Invoice, t: MoneyPageTools['t']): string {
  return t(invoice.booking === 'wallet' ? 'invoice.bookingWallet' : 'invoice.bookingSuspense');
}

async function invoicesPage(
  request: FastifyRequest,
  reply: FastifyReply,
  form?: { values: InvoiceFormValues; error: string; status: number },
) {
  const tools = await moneyPageTools(request);
  const { t } = tools;
  const invoices = await listInvoices(backOfficeContextOf(request).ledger.context);
  const rows = invoices.map(
    (invoice) =>
      html`<tr>
        <td><a href="${invoicesPath}/${invoice.id}">${invoice.displayNumber}</a></td>
        <td>${invoice.issuedOn}</td>
        <td>${invoice.customerName}</td>
        <td class="amount">${tools.formatAmount(invoice.amountMinor)}</td>
        <td>${bookingLabel(invoice, t)}</td>
        <td class="amount">${tools.formatAmount(invoice.paidMinor)}</td>
      </tr>`,
  );
  const table =
    invoices.length === 0
      ? html`<p>${t('invoices.none')}</p>`
      : html`<table>
          <thead>
            <tr>
              <th>${t('column.number')}</th>
              <th>${t('column.date')}</th>
              <th>${t('column.customer')}</th>
              <th class="amount">${t('column.amount')}</th>
              <th>${t('column.booking')}</th>
              <th class="amount">${t('column.paid')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`;
  const values = form?.values ?? {
    id: newId(),
    customer: { query: '', candidates: [] },
    amount: '',
    issuedOn: await today(request),
    booking: 'wallet',
  };
  return sendPage(request, reply, {
    title: t('invoices.title'),
    activeHref: invoicesPath,
    status: form?.status ?? 200,
    notice: form ? { kind: 'error', text: form.error } : null,
    main: html`${invoiceForm(request, tools, values)}
      <section>${table}</section>`,
  });
}

function registerInvoiceRoutes(scope: FastifyInstance) {
  scope.get(invoicesPath, (request, reply) => invoicesPage(request, reply));

  scope.post(invoicesPath, async (request, reply) => {
    const tools = await moneyPageTools(request);
    const { t } = tools;
    const body = request.body;
    const values: InvoiceFormValues = {
      id: formField(body, 'id', 64),
      customer: { query: formField(body, 'customer', 200), candidates: [] },
      amount: formField(body, 'amount', 20),
      issuedOn: formField(body, 'issuedOn', 10),
      booking: formField(body, 'booking', 10),
    };
    const refuse = (error: string) => invoicesPage(request, reply, { values, error, status: 400 });
    if (!isUuid(values.id) || (values.booking !== 'wallet' && values.booking !== 'suspense')) {
      throw new HttpProblem(400, 'invalid_form', 'The form is incomplete; nothing was saved.');
    }
    const customer = await customerOfForm(request);
    if (customer.status !== 'found') {
      values.customer = { query: customer.query, candidates: customer.candidates };
      return refuse(
        t(customer.status === 'several' ? 'assign.choose' : 'assign.none', {
          query: customer.query,
        }),
      );
    }
    const amountMinor = tools.parseAmount(values.amount);
    if (amountMinor === null)
      return refuse(t('invoice.invalid_amount', { currency: tools.currency }));
    const outcome = await createInvoice(backOfficeContextOf(request).ledger.context, {
      id: values.id,
      customerId: customer.customerId,
      amountMinor,
      issuedOn: values.issuedOn,
      booking: values.booking,
      actor: auditActorOf(request),
    });
    if (outcome.status === 'refused') {
      return refuse(t(`invoice.${outcome.reason}` as PageMessageKey, { currency: tools.currency }));
    }
    await setNoticeFor(request, {
      kind: 'success',
      text: t('invoice.created', { number: outcome.invoice.displayNumber }),
    });
    return reply.redirect(`${invoicesPath}/${outcome.invoice.id}`, 303);
  });

  scope.get(`${invoicesPath}/:invoiceId`, async (request, reply) => {
    const tools = await moneyPageTools(request);
    const { t } = tools;
    const invoice = await invoiceOf(request);
    const moveLink =
      invoice.booking === 'suspense'
        ? html`<p><a href="${suspensePath}?invoice=${invoice.id}">${t('suspense.move')}</a></p>`
        : html``;
    return sendPage(request, reply, {
      title: t('invoice.title', { number: invoice.displayNumber }),
      activeHref: invoicesPath,
      main: html`<dl class="facts">
          <dt>${t('column.date')}</dt>
          <dd>${invoice.issuedOn}</dd>
          <dt>${t('column.customer')}</dt>
          <dd>${invoice.customerName}</dd>
          <dt>${t('column.amount')}</dt>
          <dd>${tools.formatAmount(invoice.amountMinor)}</dd>
          <dt>${t('invoice.reference')}</dt>
          <dd class="reference">${invoice.paymentReference}</dd>
          <dt>${t('column.paid')}</dt>
          <dd>${tools.formatAmount(invoice.paidMinor)}</dd>
          <dt>${t('column.booking')}</dt>
          <dd>
            ${t(invoice.booking === 'wallet' ? 'invoice.bookedWallet' : 'invoice.bookedSuspense')}
          </dd>
        </dl>
        <p><a href="${invoicesPath}/${invoice.id}/pdf">${t('invoice.pdf')}</a></p>
        ${moveLink}`,
    });
  });

  scope.get(`${invoicesPath}/:invoiceId/pdf`, async (request, reply) => {
    const invoice = await invoiceOf(request);
    const settings = await backOfficeContextOf(request).ledger.readSettings();
    const bytes = await renderInvoicePdf(invoice, {
      storeName: settings.storeName,
      locale: settings.locale,
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="facture-${invoice.displayNumber}.pdf"`)
      .send(Buffer.from(bytes));
  });
}

async function invoiceOf(request: FastifyRequest): Promise<Invoice> {
  const id = paramOf(request, 'invoiceId');
  const invoice = isUuid(id)
    ? await readInvoice(backOfficeContextOf(request).ledger.context, id)
    : null;
  if (!invoice) throw new HttpProblem(404, 'not_found', 'No such invoice.');
  return invoice;
}

interface SuspenseFormValues {
  id: string;
  customer: CustomerField;
  customerId: string;
  amount: string;
  description: string;
}

async function suspensePage(
  request: FastifyRequest,
  reply: FastifyReply,
  form?: { values: SuspenseFormValues; error: string; status: number },
) {
  const tools = await moneyPageTools(request);
  const { t } = tools;
  const context = backOfficeContextOf(request).ledger.context;
  const balance = await suspenseBalanceMinor(context);
  let values = form?.values;
  if (!values) {
    const invoiceId = (request.query as Record<string, unknown>).invoice;
    const invoice = isUuid(invoiceId) ? await readInvoice(context, invoiceId) : null;
    values = {
      id: newId(),
      customer: { query: invoice?.customerName ?? '', candidates: [] },
      customerId: invoice?.customerId ?? '',
      amount: invoice ? tools.formatAmount(invoice.amountMinor).replace(/[^\d,.]/g, '') : '',
      description: invoice
        ? `${t('invoice.title', { number: invoice.displayNumber })}`
        : t('suspense.defaultDescription'),
    };
  }
  const chosen = isUuid(values.customerId)
    ? html`<input type="hidden" name="customerId" value="${values.customerId}" />
        <p><strong>${t('column.customer')}</strong> ${values.customer.query}</p>`
    : customerInput(t('invoice.customer'), values.customer);
  return sendPage(request, reply, {
    title: t('suspense.title'),
    activeHref: suspensePath,
    status: form?.status ?? 200,
    notice: form ? { kind: 'error', text: form.error } : null,
    main: html`<p id="suspense-balance">
        ${t('suspense.balance', { amount: tools.formatAmount(balance) })}
      </p>
      <section>
        <h2>${t('suspense.move')}</h2>
        <form method="post" action="${suspensePath}/transfers" class="stack">
          ${csrfFieldOf(request)}<input type="hidden" name="id" value="${values.id}" />
          ${chosen}
          <label
            >${t('invoice.amount')} (${tools.currency})
            <input
              name="amount"
              value="${values.amount}"
              inputmode="decimal"
              maxlength="20"
              required
          /></label>
          <label
            >${t('suspense.description')}
            <input name="description" value="${values.description}" maxlength="500" required
          /></label>
          <button type="submit">${t('suspense.submit')}</button>
        </form>
      </section>`,
  });
}

function registerSuspenseRoutes(scope: FastifyInstance) {
  scope.get(suspensePath, (request, reply) => suspensePage(request, reply));

  scope.post(`${suspensePath}/transfers`, async (request, reply) => {
    const tools = await moneyPageTools(request);
    const { t } = tools;
    const body = request.body;
    const values: SuspenseFormValues = {
      id: formField(body, 'id', 64),
      customer: { query: formField(body, 'customer', 200), candidates: [] },
      customerId: '',
      amount: formField(body, 'amount', 20),
      description: formField(body, 'description', 600),
    };
    const refuse = (error: string) => suspensePage(request, reply, { values, error, status: 400 });
    if (!isUuid(values.id)) {
      throw new HttpProblem(400, 'invalid_form', 'The form is incomplete; nothing was saved.');
    }
    const customer = await customerOfForm(request);
    if (customer.status !== 'found') {
      values.customer = { query: customer.query, candidates: customer.candidates };
      return refuse(
        t(customer.status === 'several' ? 'assign.choose' : 'assign.none', {
          query: customer.query,
        }),
      );
    }
    const amountMinor = tools.parseAmount(values.amount);
    if (amountMinor === null) return refuse(t('suspense.invalid_amount'));
    const context = backOfficeContextOf(request).ledger.context;
    const outcome = await moveFromSuspense(context, {
      id: values.id,
      customerId: customer.customerId,
      amountMinor,
      description: values.description,
      actor: auditActorOf(request),
    });
    if (outcome.status === 'refused') return refuse(t(`suspense.${outcome.reason}`));
    const name = (await backOfficeContextOf(request).ledger.readCustomer(customer.customerId))
      ?.name;
    await setNoticeFor(request, {
      kind: 'success',
      text: t('suspense.done', { amount: tools.formatAmount(amountMinor), name: name ?? '' }),
    });
    return reply.redirect(suspensePath, 303);
  });
}

/** The invoice and suspense pages, registered once by buildApp. */
export async function registerInvoicePages(app: FastifyInstance): Promise<void> {
  for (const [href, key] of [
    [invoicesPath, 'nav.invoices'],
    [suspensePath, 'nav.suspense'],
  ] as const) {
    addBackOfficeNavigation(app, {
      href,
      labels: { fr: pageTranslator('fr')(key), en: pageTranslator('en')(key) },
    });
  }
  await withBackOfficePages(app, (scope) => {
    registerInvoiceRoutes(scope);
    registerSuspenseRoutes(scope);
  });
}
