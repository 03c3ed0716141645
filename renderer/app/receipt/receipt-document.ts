// Builds the receipt of a stored order with buildReceipt, the same document for the preview and
// the printer. Everything it needs is read from the local store, so a receipt can be reprinted
// offline, after a restart, long after the sale.
import type { StoreSettings } from '../../../shared/domain.ts';
import type { ReceiptDocument, ReceiptTexts } from '../../../shared/receipt.ts';
import { buildReceipt } from '../../../shared/receipt.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { TillDatabase, TillOrder } from '../../store/database.ts';

export function receiptTexts(t: Translate): ReceiptTexts {
  return {
    till: t('receipt.text.till'),
    cashier: t('receipt.text.cashier'),
    ticket: t('receipt.text.ticket'),
    total: t('receipt.text.total'),
    taxHeading: t('receipt.text.taxHeading'),
    taxRate: (percent) => t('receipt.text.taxRate', { percent }),
    net: t('receipt.text.net'),
    tax: t('receipt.text.tax'),
    change: t('receipt.text.change'),
    changeToWallet: t('receipt.text.changeToWallet'),
    customer: t('receipt.text.customer'),
    walletBalance: t('receipt.text.walletBalance'),
    provisional: t('receipt.text.provisional'),
    refund: t('receipt.text.refund'),
    topUp: t('receipt.text.topUp'),
  };
}

/** A manager's multi-line header or footer as receipt lines, blank lines dropped. */
export function receiptTextLines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export interface StoredReceipt {
  tillOrder: TillOrder;
  document: ReceiptDocument;
}

function footerLinesOf(settings: StoreSettings, t: Translate): string[] {
  const lines = receiptTextLines(settings.receiptFooter);
  return lines.length > 0 ? lines : [t('receipt.footer')];
}

export async function loadReceipt(
  db: TillDatabase,
  orderId: string,
  options: { t: Translate; settings: StoreSettings; tillName: string },
): Promise<StoredReceipt | null> {
  const tillOrder = await db.orders.get(orderId);
  if (!tillOrder) return null;
  const { order } = tillOrder;
  const customer = order.customerId ? await db.customers.get(order.customerId) : undefined;
  const methods = await db.paymentMethods.toArray();

  const document = buildReceipt(order, {
    storeName: options.settings.storeName,
    headerLines: receiptTextLines(options.settings.receiptHeader),
    // Settings pulled before the store had a footer keep the till's own thank-you line.
    footerLines: footerLinesOf(options.settings, options.t),
    tillName: options.tillName,
    locale: options.settings.locale,
    currency: order.currency,
    customer: customer ? { name: customer.name, isWalletUser: customer.isWalletUser } : null,
    walletBalanceAfterMinor: tillOrder.walletBalanceAfterMinor,
    isBalanceProvisional: tillOrder.isBalanceProvisional,
    paymentMethodNames: Object.fromEntries(methods.map((method) => [method.id, method.name])),
    isQrCodeShown: false,
    texts: receiptTexts(options.t),
  });
  return { tillOrder, document };
}
