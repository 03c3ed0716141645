// Top-up invoices. An invoice for the top-up product is numbered without gaps per year and booked
// in the same database transaction that takes its number, in one of two ways:
//
// - straight to the wallet: debit Customers (receivable, what the customer owes us until the
//   transfer arrives), credit the customer's wallet (what we owe the customer in goods). This is
//   the invoice whose product income account is the wallet account.
// - to suspense: debit Customers, credit Suspense. The money is owed to somebody's wallet but not
//   yet given; a miscellaneous operation later debits Suspense and credits a named customer's
//   wallet (the ledger's `suspense_transfer`).
//
// Either way the receivable is settled when the payment arrives: debit Bank, credit Customers,
// recognised in a bank statement by the invoice's own structured reference, so a paid invoice
// never credits the wallet a second time.
import { newId } from '../../shared/ids.ts';
import { recordAudit, type AuditActor } from '../backoffice/audit.ts';
import { minorUnitsMax } from '../../shared/money.ts';
import { systemAccounts } from '../ledger/accounts.ts';
import { readSettings } from '../ledger/catalog.ts';
import type { LedgerContext } from '../ledger/context.ts';
import { bookJournalTransaction, type JournalTransaction } from '../ledger/journal.ts';
import { asNumber, one, type Sql } from '../storage/database.ts';
import { formatStructuredCommunication } from '../backoffice/structured-reference.ts';
import { isCalendarDate } from '../statements/statement.ts';

export type InvoiceBooking = 'wallet' | 'suspense';

export interface Invoice {
  id: string;
  year: number;
  number: number;
  displayNumber: string;
  customerId: string;
  customerName: string;
  amountMinor: number;
  currency: string;
  issuedOn: string;
  booking: InvoiceBooking;
  paymentReference: string;
  transactionId: string;
  paidMinor: number;
  createdAt: string;
  createdBy: string;
}

export interface NewInvoice {
  /** Made by the form that asks for the invoice, so a form sent twice makes one invoice. */
  id?: string;
  customerId: string;
  amountMinor: number;
  issuedOn: string;
  booking: InvoiceBooking;
  actor: AuditActor;
}

export type InvoiceRefusal = 'invalid_amount' | 'invalid_date' | 'unknown_customer';

export type CreateInvoiceOutcome =
  | { status: 'created' | 'exists'; invoice: Invoice }
  | { status: 'refused'; reason: InvoiceRefusal };

/** The product line every top-up invoice carries: the top-up product's name at the tills. */
export const topUpLineLabel = 'Crédit de compte client';

function toInvoice(row: Record<string, unknown>): Invoice {
  return {
    id: row.id as string,
    year: asNumber(row.year),
    number: asNumber(row.number),
    displayNumber: row.display_number as string,
    customerId: row.customer_id as string,
    customerName: row.customer_name as string,
    amountMinor: asNumber(row.amount_minor),
    currency: row.currency as string,
    issuedOn: row.issued_on as string,
    booking: row.booking as InvoiceBooking,
    paymentReference: row.payment_reference as string,
    transactionId: row.transaction_id as string,
    paidMinor: asNumber(row.paid_minor),
    createdAt: row.created_at as string,
    createdBy: row.created_by as string,
  };
}

async function nextNumber(sql: Sql, year: number): Promise<number> {
  await sql.run(
    'INSERT INTO invoice_sequences (year, last_number) VALUES (?, 0) ON CONFLICT (year) DO NOTHING',
    [year],
  );
  const row = await one<{ last_number: unknown }>(
    sql,
    `SELECT last_number FROM invoice_sequences WHERE year = ?${sql.forUpdate}`,
    [year],
  );
  const number = asNumber(row?.last_number ?? 0) + 1;
  await sql.run('UPDATE invoice_sequences SET last_number = ? WHERE year = ?', [number, year]);
  return number;
}

/**
 * The payment reference of an invoice: the year and the number in a Belgian structured
 * communication, "+++202/6000/00701+++" for 2026-00007. Customers' own references count up from
 * 1, so they would need two billion customers to reach the numbers invoices use.
 */
export function invoicePaymentReference(year: number, number: number): string {
  return formatStructuredCommunication(Number(`${year}${String(number).padStart(6, '0')}`));
}

function planInvoiceTransaction(
  invoice: { id: string; displayNumber: string; customerId: string; amountMinor: number },
  walletId: string,
  booking: InvoiceBooking,
  occurredAt: string,
): JournalTransaction {
  const receivable = {
    accountId: systemAccounts.receivable.id,
    amountMinor: -invoice.amountMinor,
    customerId: invoice.customerId,
    paymentMethodId: null,
    movementKind: null,
  };
  const credit =
    booking === 'wallet'
      ? {
          accountId: walletId,
          amountMinor: invoice.amountMinor,
          customerId: invoice.customerId,
          paymentMethodId: null,
          movementKind: 'invoice_top_up' as const,
        }
      : {
          accountId: systemAccounts.suspense.id,
          amountMinor: invoice.amountMinor,
          customerId: null,
          paymentMethodId: null,
          movementKind: null,
        };
  return {
    id: invoice.id,
    kind: booking === 'wallet' ? 'invoice_top_up' : 'invoice',
    description: `Invoice ${invoice.displayNumber}`,
    occurredAt,
    entries: [receivable, credit],
  };
}

function checkNewInvoice(input: NewInvoice): InvoiceRefusal | null {
  const amount = input.amountMinor;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > minorUnitsMax) {
    return 'invalid_amount';
  }
  if (!isCalendarDate(input.issuedOn)) return 'invalid_date';
  return null;
}

export async function createInvoice(
  context: LedgerContext,
  input: NewInvoice,
): Promise<CreateInvoiceOutcome> {
  const refusal = checkNewInvoice(input);
  if (refusal) return { status: 'refused', reason: refusal };
  const id = input.id ?? newId();
  const now = context.now().toISOString();
  const outcome = await context.database.write(async (sql) => {
    const existing = await one(sql, 'SELECT * FROM invoices WHERE id = ?', [id]);
    if (existing) return { status: 'exists' as const, invoice: toInvoice(existing), seq: null };
    const customer = await one<{ name: string; wallet_id: string }>(
      sql,
      'SELECT name, wallet_id FROM customers WHERE id = ? AND is_active = 1',
      [input.customerId],
    );
    if (!customer) return { status: 'refused' as const, reason: 'unknown_customer' as const };
    const { currency } = await readSettings(sql);
    const year = Number(input.issuedOn.slice(0, 4));
    const number = await nextNumber(sql, year);
    const displayNumber = `${year}-${String(number).padStart(5, '0')}`;
    const transaction = planInvoiceTransaction(
      { id, displayNumber, customerId: input.customerId, amountMinor: input.amountMinor },
      customer.wallet_id,
      input.booking,
      `${input.issuedOn}T00:00:00.000Z`,
    );
    const booked = await bookJournalTransaction(sql, transaction, now);
    const invoice: Invoice = {
      id,
      year,
      number,
      displayNumber,
      customerId: input.customerId,
      customerName: customer.name,
      amountMinor: input.amountMinor,
      currency,
      issuedOn: input.issuedOn,
      booking: input.booking,
      paymentReference: invoicePaymentReference(year, number),
      transactionId: transaction.id,
      paidMinor: 0,
      createdAt: now,
      createdBy: input.actor.name,
    };
    await insertInvoice(sql, invoice);
    await recordAudit(sql, {
      actor: input.actor,
      action: 'invoice_created',
      targetKind: 'customer',
      targetId: input.customerId,
      amountMinor: input.amountMinor,
      transactionId: transaction.id,
      detail: `${displayNumber} (${input.booking})`,
      occurredAt: now,
    });
    return { status: 'created' as const, invoice, seq: booked.changeSeq };
  });
  if (outcome.status === 'refused') return outcome;
  if (outcome.seq !== null) context.notifyChange(outcome.seq);
  if (outcome.status === 'created') {
    context.logger.info('invoice created', { invoiceNumber: outcome.invoice.displayNumber });
  }
  return { status: outcome.status, invoice: outcome.invoice };
}

async function insertInvoice(sql: Sql, invoice: Invoice): Promise<void> {
  await sql.run(
    'INSERT INTO invoices (id, year, number, display_number, customer_id, customer_name, ' +
      'amount_minor, currency, issued_on, booking, payment_reference, transaction_id, ' +
      'paid_minor, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)',
    [
      invoice.id,
      invoice.year,
      invoice.number,
      invoice.displayNumber,
      invoice.customerId,
      invoice.customerName,
      invoice.amountMinor,
      invoice.currency,
      invoice.issuedOn,
      invoice.booking,
      invoice.paymentReference,
      invoice.transactionId,
      invoice.createdAt,
      invoice.createdBy,
    ],
  );
}

export async function readInvoice(context: LedgerContext, id: string): Promise<Invoice | null> {
  const row = await context.database.read((sql) =>
    one(sql, 'SELECT * FROM invoices WHERE id = ?', [id]),
  );
  return row ? toInvoice(row) : null;
}

export async function listInvoices(context: LedgerContext, limit = 100): Promise<Invoice[]> {
  const rows = await context.database.read((sql) =>
    sql.all('SELECT * FROM invoices ORDER BY year DESC, number DESC LIMIT ?', [limit]),
  );
  return rows.map(toInvoice);
}

/**
 * Books a bank payment of an invoice inside the caller's transaction: debit Bank, credit
 * Customers. A retry of the same payment books nothing and leaves the paid total alone.
 */
export async function bookInvoicePayment(
  sql: Sql,
  payment: {
    invoiceId: string;
    amountMinor: number;
    transactionId: string;
    description: string;
    occurredAt: string;
    now: string;
  },
): Promise<number | null> {
  const invoice = await one<{ customer_id: string }>(
    sql,
    'SELECT customer_id FROM invoices WHERE id = ?',
    [payment.invoiceId],
  );
  if (!invoice) throw new Error(`No invoice ${payment.invoiceId}`);
  const booked = await bookJournalTransaction(
    sql,
    {
      id: payment.transactionId,
      kind: 'invoice_payment',
      description: payment.description,
      occurredAt: payment.occurredAt,
      entries: [
        {
          accountId: systemAccounts.bank.id,
          amountMinor: -payment.amountMinor,
          customerId: null,
          paymentMethodId: null,
          movementKind: null,
        },
        {
          accountId: systemAccounts.receivable.id,
          amountMinor: payment.amountMinor,
          customerId: invoice.customer_id,
          paymentMethodId: null,
          movementKind: null,
        },
      ],
    },
    payment.now,
  );
  if (booked.isNew) {
    await sql.run('UPDATE invoices SET paid_minor = paid_minor + ? WHERE id = ?', [
      payment.amountMinor,
      payment.invoiceId,
    ]);
  }
  return booked.changeSeq;
}

/** What sits in suspense: credited by invoices booked there, taken by transfers to wallets. */
export async function suspenseBalanceMinor(context: LedgerContext): Promise<number> {
  const row = await context.database.read((sql) =>
    one<{ balance_minor: unknown }>(sql, 'SELECT balance_minor FROM accounts WHERE id = ?', [
      systemAccounts.suspense.id,
    ]),
  );
  return row ? asNumber(row.balance_minor) : 0;
}

export type SuspenseTransferOutcome =
  | { status: 'booked' | 'exists'; transactionId: string; balanceMinor: number }
  | { status: 'refused'; reason: 'invalid_amount' | 'invalid_description' | 'unknown_customer' };

export const descriptionLengthMax = 500;

/**
 * The miscellaneous operation: debit Suspense, credit the named customer's wallet, as the
 * ledger's `suspense_transfer`. The id comes from the form, so the same operation sent twice
 * moves the money once; the audit row is written in the same database transaction.
 */
export async function moveFromSuspense(
  context: LedgerContext,
  input: {
    id: string;
    customerId: string;
    amountMinor: number;
    description: string;
    actor: AuditActor;
  },
): Promise<SuspenseTransferOutcome> {
  const amount = input.amountMinor;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > minorUnitsMax) {
    return { status: 'refused', reason: 'invalid_amount' };
  }
  const description = input.description.trim();
  if (description === '' || description.length > descriptionLengthMax) {
    return { status: 'refused', reason: 'invalid_description' };
  }
  const now = context.now().toISOString();
  const outcome = await context.database.write(async (sql) => {
    const customer = await one<{ wallet_id: string }>(
      sql,
      'SELECT wallet_id FROM customers WHERE id = ?',
      [input.customerId],
    );
    if (!customer) return { status: 'refused' as const, reason: 'unknown_customer' as const };
    const booked = await bookJournalTransaction(
      sql,
      {
        id: input.id,
        kind: 'suspense_transfer',
        description,
        occurredAt: now,
        entries: [
          {
            accountId: customer.wallet_id,
            amountMinor: amount,
            customerId: input.customerId,
            paymentMethodId: null,
            movementKind: 'invoice_top_up',
          },
          {
            accountId: systemAccounts.suspense.id,
            amountMinor: -amount,
            customerId: null,
            paymentMethodId: null,
            movementKind: null,
          },
        ],
      },
      now,
    );
    if (booked.isNew) {
      await recordAudit(sql, {
        actor: input.actor,
        action: 'suspense_transfer',
        targetKind: 'customer',
        targetId: input.customerId,
        amountMinor: amount,
        transactionId: input.id,
        detail: description,
        occurredAt: now,
      });
    }
    const balance = await one<{ balance_minor: unknown }>(
      sql,
      'SELECT balance_minor FROM accounts WHERE id = ?',
      [customer.wallet_id],
    );
    return {
      status: booked.isNew ? ('booked' as const) : ('exists' as const),
      transactionId: input.id,
      balanceMinor: asNumber(balance?.balance_minor ?? 0),
      seq: booked.changeSeq,
    };
  });
  if (outcome.status === 'refused') return outcome;
  if (outcome.seq !== null) context.notifyChange(outcome.seq);
  return {
    status: outcome.status,
    transactionId: outcome.transactionId,
    balanceMinor: outcome.balanceMinor,
  };
}
