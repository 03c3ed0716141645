// The Z report of a closed till session as a document for the receipt printer: the same line
// kinds as a receipt (receipt.ts), so the printer prints it unchanged and the screen shows it
// with the receipt preview. Labels come translated from the caller; amounts are formatted here
// with the production formatter.
import { money, type CurrencyCode } from './money.ts';
import { formatMoney, formatSignedMoney, type LocaleCode } from './money-format.ts';
import type { ZReport } from './protocol.ts';
import type { ReceiptDocument, ReceiptLine } from './receipt.ts';

export interface ZReportTexts {
  title: string;
  till: string;
  openedAt: string;
  openedBy: string;
  closedAt: string;
  closedBy: string;
  approvedBy: string;
  orderCount: string;
  refundCount: string;
  netSales: string;
  byMethod: string;
  wallets: string;
  walletSpends: string;
  walletTopUps: string;
  changeToWallet: string;
  refunds: string;
  refundsToWallet: string;
  float: string;
  netCash: string;
  cashExpected: string;
  cashCounted: string;
  cashDifference: string;
  /** Said when orders of the session had not reached the server at close. */
  unsynced: (count: number) => string;
}

export interface ZReportContext {
  storeName: string;
  headerLines: readonly string[];
  tillName: string;
  locale: LocaleCode;
  currency: CurrencyCode;
  texts: ZReportTexts;
  /** The time zone the shop is in; the report shows local time. */
  timeZone?: string;
}

const text = (value: string, options: Partial<Extract<ReceiptLine, { kind: 'text' }>> = {}) =>
  ({
    kind: 'text',
    text: value,
    align: 'left',
    isBold: false,
    isLarge: false,
    ...options,
  }) as const;
const pair = (left: string, right: string, isBold = false) =>
  ({ kind: 'pair', left, right, isBold }) as const;
const rule = { kind: 'rule' } as const;

export function buildZReport(report: ZReport, context: ZReportContext): ReceiptDocument {
  const format = (minor: number) => formatMoney(money(minor, context.currency), context.locale);
  const count = (value: number) => new Intl.NumberFormat(context.locale).format(value);
  const when = (iso: string) =>
    new Intl.DateTimeFormat(context.locale, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: context.timeZone,
    }).format(new Date(iso));
  const { texts } = context;
  const { figures } = report;
  const lines: ReceiptLine[] = [];

  lines.push(text(context.storeName, { align: 'center', isBold: true, isLarge: true }));
  for (const header of context.headerLines) lines.push(text(header, { align: 'center' }));
  lines.push(text(texts.title, { align: 'center', isBold: true }));
  lines.push(rule);
  lines.push(pair(texts.till, context.tillName));
  lines.push(pair(texts.openedAt, when(report.openedAt)));
  lines.push(pair(texts.openedBy, report.openedBy.name));
  lines.push(pair(texts.closedAt, when(report.closedAt)));
  lines.push(pair(texts.closedBy, report.closedBy.name));
  if (report.approvedBy) lines.push(pair(texts.approvedBy, report.approvedBy.name));
  lines.push(rule);

  lines.push(pair(texts.orderCount, count(figures.orderCount)));
  lines.push(pair(texts.refundCount, count(figures.refundCount)));
  lines.push(pair(texts.netSales, format(figures.netSalesMinor), true));
  lines.push(rule);

  lines.push(text(texts.byMethod, { isBold: true }));
  for (const total of figures.byMethod)
    lines.push(pair(`  ${total.name}`, format(total.amountMinor)));
  lines.push(rule);

  lines.push(text(texts.wallets, { isBold: true }));
  lines.push(pair(`  ${texts.walletSpends}`, format(figures.walletSpendsMinor)));
  lines.push(pair(`  ${texts.walletTopUps}`, format(figures.walletTopUpsMinor)));
  lines.push(pair(`  ${texts.changeToWallet}`, format(figures.changeToWalletMinor)));
  lines.push(pair(texts.refunds, format(figures.refundsMinor)));
  lines.push(pair(`  ${texts.refundsToWallet}`, format(figures.refundsToWalletMinor)));
  lines.push(rule);

  lines.push(pair(texts.float, format(report.floatMinor)));
  lines.push(pair(texts.netCash, format(figures.netCashMinor)));
  lines.push(pair(texts.cashExpected, format(report.cashExpectedMinor), true));
  lines.push(pair(texts.cashCounted, format(report.cashCountedMinor), true));
  const difference = money(report.cashDifferenceMinor, context.currency);
  const differenceText =
    report.cashDifferenceMinor === 0 ? format(0) : formatSignedMoney(difference, context.locale);
  lines.push(pair(texts.cashDifference, differenceText, true));

  if (report.unsyncedOrderCount > 0) {
    lines.push(rule);
    lines.push(text(texts.unsynced(report.unsyncedOrderCount), { isBold: true }));
  }

  // The drawer is opened to count the cash before the report is made, not by printing it.
  return { orderId: report.sessionId, lines, isCashTaken: false };
}
