// One pure function turns a validated order into a receipt document. The same document feeds
// the on-screen preview and the printer, so the two can never disagree. Labels come translated
// from the caller; amounts are formatted here with the production formatter.
import type { Order } from './domain.ts';
import { money, type CurrencyCode } from './money.ts';
import { formatMoney, type LocaleCode } from './money-format.ts';
import { orderTotals } from './order-math.ts';

export type ReceiptLine =
  | {
      kind: 'text';
      text: string;
      align: 'left' | 'center' | 'right';
      isBold: boolean;
      isLarge: boolean;
    }
  | { kind: 'pair'; left: string; right: string; isBold: boolean }
  | { kind: 'rule' }
  | { kind: 'qr'; data: string };

export interface ReceiptDocument {
  orderId: string;
  lines: ReceiptLine[];
  /** Cash was taken: the drawer opens when the receipt prints. */
  isCashTaken: boolean;
}

export interface ReceiptTexts {
  till: string;
  cashier: string;
  ticket: string;
  total: string;
  taxHeading: string;
  taxRate: (percent: string) => string;
  net: string;
  tax: string;
  change: string;
  changeToWallet: string;
  customer: string;
  walletBalance: string;
  provisional: string;
  refund: string;
  topUp: string;
}

export interface ReceiptContext {
  storeName: string;
  headerLines: readonly string[];
  footerLines: readonly string[];
  tillName: string;
  locale: LocaleCode;
  currency: CurrencyCode;
  customer: { name: string; isWalletUser: boolean } | null;
  /** The wallet balance after this order, shown only for wallet users. */
  walletBalanceAfterMinor: number | null;
  isBalanceProvisional: boolean;
  paymentMethodNames: Readonly<Record<string, string>>;
  isQrCodeShown: boolean;
  texts: ReceiptTexts;
  /** The time zone the shop is in; the receipt shows local time. */
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

function quantityText(quantityMilli: number, locale: LocaleCode): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(quantityMilli / 1000);
}

export function buildReceipt(order: Order, context: ReceiptContext): ReceiptDocument {
  const format = (minor: number) => formatMoney(money(minor, context.currency), context.locale);
  const { texts } = context;
  const totals = orderTotals(order);
  const lines: ReceiptLine[] = [];

  lines.push(text(context.storeName, { align: 'center', isBold: true, isLarge: true }));
  for (const header of context.headerLines) lines.push(text(header, { align: 'center' }));
  lines.push(rule);
  const when = new Intl.DateTimeFormat(context.locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: context.timeZone,
  }).format(new Date(order.createdAt));
  lines.push(pair(when, `${texts.ticket} ${order.sequence}`));
  lines.push(pair(texts.till, context.tillName));
  if (order.cashierName) lines.push(pair(texts.cashier, order.cashierName));
  if (context.customer) lines.push(pair(texts.customer, context.customer.name));
  if (order.refundOfOrderId) lines.push(text(texts.refund, { isBold: true }));
  lines.push(rule);

  for (const line of order.lines) {
    const name = line.isWalletCredit ? `${line.name} (${texts.topUp})` : line.name;
    if (line.quantityMilli === 1000) {
      lines.push(pair(name, format(line.totalMinor)));
    } else {
      lines.push(text(name));
      const quantity = quantityText(line.quantityMilli, context.locale);
      lines.push(pair(`  ${quantity} × ${format(line.unitPriceMinor)}`, format(line.totalMinor)));
    }
  }
  lines.push(rule);
  lines.push(pair(texts.total, format(totals.totalMinor), true));
  appendTaxes(lines, totals.taxes, context, format);
  lines.push(rule);

  for (const payment of order.payments) {
    const name = context.paymentMethodNames[payment.methodId] ?? payment.kind;
    lines.push(pair(name, format(payment.amountMinor)));
  }
  if (order.changeGivenMinor > 0) lines.push(pair(texts.change, format(order.changeGivenMinor)));
  if (order.changeToWalletMinor > 0) {
    lines.push(pair(texts.changeToWallet, format(order.changeToWalletMinor)));
  }

  if (context.customer?.isWalletUser && context.walletBalanceAfterMinor !== null) {
    lines.push(rule);
    const label = context.isBalanceProvisional
      ? `${texts.walletBalance} (${texts.provisional})`
      : texts.walletBalance;
    lines.push(pair(label, format(context.walletBalanceAfterMinor), true));
  }

  if (context.footerLines.length > 0) lines.push(rule);
  for (const footer of context.footerLines) lines.push(text(footer, { align: 'center' }));
  if (context.isQrCodeShown) lines.push({ kind: 'qr', data: order.id });

  const isCashTaken = order.payments.some((p) => p.kind === 'cash' && p.amountMinor > 0);
  return { orderId: order.id, lines, isCashTaken };
}

function appendTaxes(
  lines: ReceiptLine[],
  taxes: ReturnType<typeof orderTotals>['taxes'],
  context: ReceiptContext,
  format: (minor: number) => string,
): void {
  if (taxes.length === 0) return;
  lines.push(text(context.texts.taxHeading));
  for (const tax of taxes) {
    const percent = new Intl.NumberFormat(context.locale, { maximumFractionDigits: 2 }).format(
      tax.taxRateBasisPoints / 100,
    );
    const label = context.texts.taxRate(percent);
    lines.push(
      pair(
        `  ${label} ${context.texts.net} ${format(tax.netMinor)}`,
        `${context.texts.tax} ${format(tax.taxMinor)}`,
      ),
    );
  }
}
