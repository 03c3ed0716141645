// Top-up invoices: booked to the wallet at once or to suspense and moved later by a
// miscellaneous operation; numbered without gaps per year; paid through a bank statement without
// crediting the wallet twice; printed as a PDF that names the invoice and its payment reference.
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import {
  createInvoice,
  moveFromSuspense,
  readInvoice,
  suspenseBalanceMinor,
  type Invoice,
} from '../../server/invoices/invoices.ts';
import { renderInvoicePdf } from '../../server/invoices/pdf.ts';
import {
  confirmStatement,
  importStatement,
  readStatement,
} from '../../server/statements/imports.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { accountBalance, balanceOf, countRows, seedStatementStore } from './support.ts';

const actor = { userId: null, name: 'Anne (comptable)' };

type Store = Awaited<ReturnType<typeof seedStatementStore>>;

function created(outcome: Awaited<ReturnType<typeof createInvoice>>): Invoice {
  if (outcome.status === 'refused') throw new Error(`refused: ${outcome.reason}`);
  return outcome.invoice;
}

describe.each(engines)('top-up invoices on %s', (engine) => {
  let testLedger: Awaited<ReturnType<typeof openTestLedger>>;
  let store: Store;
  beforeAll(async () => {
    testLedger = await openTestLedger(engine);
    store = await seedStatementStore(testLedger.ledger);
  });
  afterAll(() => testLedger.close());

  it('books an invoice to suspense, then moves it to the wallet by a transfer', async () => {
    const { ledger } = testLedger;
    const invoice = created(
      await createInvoice(ledger.context, {
        customerId: store.alice.id,
        amountMinor: 5_000,
        issuedOn: '2026-03-02',
        booking: 'suspense',
        actor,
      }),
    );
    expect(invoice.displayNumber).toBe('2026-00001');
    expect(invoice.paymentReference).toBe('+++202/6000/00192+++');
    // The money waits in suspense (a credit balance) and the customer owes it.
    expect(await balanceOf(ledger, store.alice.id)).toBe(0);
    expect(await suspenseBalanceMinor(ledger.context)).toBe(5_000);
    expect(await accountBalance(ledger, 'receivable')).toBe(-5_000);
    expect(await ledger.check()).toEqual([]);

    const operationId = newId();
    const moved = await moveFromSuspense(ledger.context, {
      id: operationId,
      customerId: store.alice.id,
      amountMinor: 5_000,
      description: `Invoice ${invoice.displayNumber}`,
      actor,
    });
    expect(moved).toMatchObject({ status: 'booked', balanceMinor: 5_000 });
    // Sent twice (a double click), the operation moves the money once.
    const again = await moveFromSuspense(ledger.context, {
      id: operationId,
      customerId: store.alice.id,
      amountMinor: 5_000,
      description: `Invoice ${invoice.displayNumber}`,
      actor,
    });
    expect(again).toMatchObject({ status: 'exists', balanceMinor: 5_000 });
    expect(await balanceOf(ledger, store.alice.id)).toBe(5_000);
    expect(await suspenseBalanceMinor(ledger.context)).toBe(0);
    expect(await ledger.check()).toEqual([]);
  });

  it('books an invoice straight to the wallet against the receivable', async () => {
    const { ledger } = testLedger;
    const invoice = created(
      await createInvoice(ledger.context, {
        customerId: store.camille.id,
        amountMinor: 3_000,
        issuedOn: '2026-03-03',
        booking: 'wallet',
        actor,
      }),
    );
    expect(invoice.displayNumber).toBe('2026-00002');
    expect(await balanceOf(ledger, store.camille.id)).toBe(3_000);
    expect(await suspenseBalanceMinor(ledger.context)).toBe(0);
    expect(await accountBalance(ledger, 'receivable')).toBe(-8_000);
    expect(await ledger.check()).toEqual([]);
  });

  it('numbers per year without gaps and makes one invoice of a form sent twice', async () => {
    const { ledger } = testLedger;
    const id = newId();
    const input = {
      id,
      customerId: store.gerard.id,
      amountMinor: 1_000,
      issuedOn: '2027-01-04',
      booking: 'wallet' as const,
      actor,
    };
    const first = await createInvoice(ledger.context, input);
    const second = await createInvoice(ledger.context, input);
    expect(first.status).toBe('created');
    expect(second.status).toBe('exists');
    expect(created(second).displayNumber).toBe('2027-00001');
    const next = created(await createInvoice(ledger.context, { ...input, id: undefined }));
    expect(next.displayNumber).toBe('2027-00002');
    expect(await balanceOf(ledger, store.gerard.id)).toBe(2_000);
  });

  it.each([
    ['a zero amount', { amountMinor: 0 }, 'invalid_amount'],
    ['a negative amount', { amountMinor: -500 }, 'invalid_amount'],
    ['a float amount', { amountMinor: 10.5 }, 'invalid_amount'],
    ['a date that does not exist', { issuedOn: '2026-02-30' }, 'invalid_date'],
    ['an unknown customer', { customerId: newId() }, 'unknown_customer'],
  ])('refuses %s and writes nothing', async (_name, change, reason) => {
    const { ledger } = testLedger;
    const before = [await countRows(ledger, 'invoices'), await countRows(ledger, 'transactions')];
    const outcome = await createInvoice(ledger.context, {
      customerId: store.alice.id,
      amountMinor: 1_000,
      issuedOn: '2026-05-01',
      booking: 'wallet',
      actor,
      ...change,
    });
    expect(outcome).toEqual({ status: 'refused', reason });
    expect([await countRows(ledger, 'invoices'), await countRows(ledger, 'transactions')]).toEqual(
      before,
    );
  });

  it.each([
    ['a zero amount', { amountMinor: 0 }, 'invalid_amount'],
    ['a float amount', { amountMinor: 0.5 }, 'invalid_amount'],
    ['an empty description', { description: '   ' }, 'invalid_description'],
    ['an unknown customer', { customerId: newId() }, 'unknown_customer'],
  ])('refuses a suspense transfer with %s and moves nothing', async (_name, change, reason) => {
    const { ledger } = testLedger;
    const suspenseBefore = await suspenseBalanceMinor(ledger.context);
    const transactionsBefore = await countRows(ledger, 'transactions');
    const outcome = await moveFromSuspense(ledger.context, {
      id: newId(),
      customerId: store.alice.id,
      amountMinor: 1_000,
      description: 'Operation diverse',
      actor,
      ...change,
    });
    expect(outcome).toEqual({ status: 'refused', reason });
    expect(await suspenseBalanceMinor(ledger.context)).toBe(suspenseBefore);
    expect(await countRows(ledger, 'transactions')).toBe(transactionsBefore);
  });

  it('settles the receivable when the invoice is paid, the wallet untouched', async () => {
    const { ledger } = testLedger;
    const invoice = await readInvoiceByNumber(ledger, '2026-00002');
    const walletBefore = await balanceOf(ledger, store.camille.id);
    const receivableBefore = await accountBalance(ledger, 'receivable');
    // Camille pays from her known IBAN: the invoice reference must win over the IBAN match.
    const csv =
      `2026-03-20;30,00;EUR;Camille Mercier;BE62510007547061;${invoice.paymentReference};` +
      'CSV-0320-001\n';
    const outcome = await importStatement(ledger.context, {
      fileName: 'payment.csv',
      content: Buffer.from(csv),
      actor,
    });
    if (outcome.status === 'refused') throw new Error('refused');
    const statement = await readStatement(ledger.context, outcome.statementId);
    expect(statement?.lines[0]).toMatchObject({
      matchMethod: 'invoice',
      invoiceNumber: '2026-00002',
    });
    await confirmStatement(ledger.context, outcome.statementId, actor);
    expect(await balanceOf(ledger, store.camille.id)).toBe(walletBefore);
    expect(await accountBalance(ledger, 'receivable')).toBe(receivableBefore + 3_000);
    expect((await readInvoice(ledger.context, invoice.id))?.paidMinor).toBe(3_000);
    expect(await ledger.check()).toEqual([]);
  });

  it('prints a PDF that pdf-lib reads back with the number and the reference', async () => {
    const { ledger } = testLedger;
    const invoice = await readInvoiceByNumber(ledger, '2026-00001');
    const bytes = await renderInvoicePdf(invoice, { storeName: 'La Ruche', locale: 'fr-BE' });
    const loaded = await PDFDocument.load(bytes);
    expect(loaded.getPageCount()).toBe(1);
    expect(loaded.getTitle()).toBe('Facture 2026-00001');
    const text = pageText(loaded);
    for (const expected of [
      'Facture 2026-00001',
      'Alice Dupont',
      'Crédit de compte client',
      '50,00 €',
      '+++202/6000/00192+++',
      'La Ruche',
    ]) {
      expect(text).toContain(expected);
    }
  });
});

async function readInvoiceByNumber(
  ledger: Awaited<ReturnType<typeof openTestLedger>>['ledger'],
  displayNumber: string,
): Promise<Invoice> {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ id: string }>('SELECT id FROM invoices WHERE display_number = ?', [displayNumber]),
  );
  const invoice = await readInvoice(ledger.context, rows[0]?.id ?? '');
  if (!invoice) throw new Error(`no invoice ${displayNumber}`);
  return invoice;
}

/** The text drawn on the first page: Helvetica writes WinAnsi bytes as hex strings. */
function pageText(document: PDFDocument): string {
  const contents = document.getPage(0).node.Contents();
  const streams: PDFRawStream[] = [];
  if (contents instanceof PDFRawStream) streams.push(contents);
  if (contents instanceof PDFArray) {
    for (const reference of contents.asArray()) {
      const item = document.context.lookup(reference);
      if (item instanceof PDFRawStream) streams.push(item);
    }
  }
  const operators = streams
    .map((stream) => inflateSync(stream.contents).toString('latin1'))
    .join('');
  return [...operators.matchAll(/<([0-9A-Fa-f]+)> Tj/g)]
    .map((match) => Buffer.from(match[1] ?? '', 'hex').toString('latin1'))
    .join('\n')
    .replace(/\x80/g, '€');
}
