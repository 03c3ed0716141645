// The invoice as a one-page A4 PDF. The standard Helvetica font needs no font file and covers
// French (WinAnsi encoding: é, à, €); characters outside it are written without their accent, or
// as "?", rather than failing to print an invoice over one letter of a customer's name.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatMoney, type LocaleCode } from '../../shared/money-format.ts';
import { money, type CurrencyCode } from '../../shared/money.ts';
import { topUpLineLabel, type Invoice } from './invoices.ts';

export interface InvoiceIssuer {
  storeName: string;
  locale: LocaleCode;
}

function printable(font: PDFFont, text: string): string {
  let result = '';
  for (const character of text.replace(/[\u00a0\u202f]/g, ' ')) {
    try {
      font.encodeText(character);
      result += character;
    } catch {
      const base = character.normalize('NFD').replace(/\p{M}/gu, '');
      result += base !== character && base !== '' ? printable(font, base) : '?';
    }
  }
  return result;
}

function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}

interface Writer {
  page: PDFPage;
  regular: PDFFont;
  bold: PDFFont;
}

function write(
  writer: Writer,
  text: string,
  x: number,
  y: number,
  options: { size?: number; isBold?: boolean; alignRight?: boolean } = {},
) {
  const font = options.isBold ? writer.bold : writer.regular;
  const size = options.size ?? 11;
  const safe = printable(font, text);
  const left = options.alignRight ? x - font.widthOfTextAtSize(safe, size) : x;
  writer.page.drawText(safe, { x: left, y, size, font, color: rgb(0.1, 0.1, 0.1) });
}

export async function renderInvoicePdf(invoice: Invoice, issuer: InvoiceIssuer) {
  const document = await PDFDocument.create();
  const title = `Facture ${invoice.displayNumber}`;
  document.setTitle(title);
  document.setSubject(`${topUpLineLabel} — ${invoice.customerName}`);
  document.setAuthor(issuer.storeName);
  document.setCreationDate(new Date(`${invoice.issuedOn}T00:00:00.000Z`));
  const page = document.addPage([595.28, 841.89]);
  const writer: Writer = {
    page,
    regular: await document.embedFont(StandardFonts.Helvetica),
    bold: await document.embedFont(StandardFonts.HelveticaBold),
  };
  const amount = formatMoney(
    money(invoice.amountMinor, invoice.currency as CurrencyCode),
    issuer.locale,
  );
  const right = 545;

  write(writer, issuer.storeName, 50, 780, { size: 18, isBold: true });
  write(writer, title, 50, 730, { size: 14, isBold: true });
  write(writer, `Date : ${formatDate(invoice.issuedOn)}`, 50, 710);
  write(writer, 'Client :', 50, 680, { isBold: true });
  write(writer, invoice.customerName, 110, 680);

  write(writer, 'Désignation', 50, 630, { isBold: true });
  write(writer, 'Montant', right, 630, { isBold: true, alignRight: true });
  page.drawLine({ start: { x: 50, y: 622 }, end: { x: right, y: 622 }, thickness: 0.5 });
  write(writer, topUpLineLabel, 50, 604);
  write(writer, amount, right, 604, { alignRight: true });
  page.drawLine({ start: { x: 50, y: 590 }, end: { x: right, y: 590 }, thickness: 0.5 });
  write(writer, 'Total', 380, 570, { isBold: true });
  write(writer, amount, right, 570, { isBold: true, alignRight: true });

  write(writer, 'Paiement par virement avec la communication structurée :', 50, 520);
  write(writer, invoice.paymentReference, 50, 500, { size: 13, isBold: true });
  write(
    writer,
    'Le montant est crédité sur votre portefeuille client ; 1 crédit = 1 unité de monnaie.',
    50,
    470,
    { size: 9 },
  );
  return document.save();
}
