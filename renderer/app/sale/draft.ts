// The sale being rung up, changed only through these pure steps so that every line total is
// recomputed from its price and quantity in integers and the screen can never show a line that
// does not add up.
import type { Customer, OrderPayment, PaymentMethod, Product } from '../../../shared/domain.ts';
import { newId } from '../../../shared/ids.ts';
import { quantityScale } from '../../../shared/money.ts';
import { lineTotalMinor } from '../../../shared/order-math.ts';
import type { SaleDraft } from '../../sale/sale.ts';

/** A top-up is sold at one unit of currency per credit, whatever the product's list price. */
const topUpUnitPriceMinor = 100;

export function newDraft(cashierName: string | null): SaleDraft {
  return {
    orderId: newId(),
    customer: null,
    lines: [],
    payments: [],
    isChangeToWallet: false,
    cashierId: null,
    cashierName,
    sessionId: null,
    refundOfOrderId: null,
  };
}

function withQuantity(draft: SaleDraft, index: number, quantityMilli: number): SaleDraft {
  const lines = draft.lines.flatMap((line, at) => {
    if (at !== index) return [line];
    if (quantityMilli === 0) return [];
    return [
      { ...line, quantityMilli, totalMinor: lineTotalMinor(line.unitPriceMinor, quantityMilli) },
    ];
  });
  return { ...draft, lines };
}

/** Adds one unit of a product, on its existing line when it is already on the ticket. */
export function addProduct(draft: SaleDraft, product: Product, quantityMilli = quantityScale) {
  const index = draft.lines.findIndex(
    (line) => line.productId === product.id && !line.isWalletCredit,
  );
  if (index >= 0) {
    const current = draft.lines[index]?.quantityMilli ?? 0;
    return withQuantity(draft, index, current + quantityMilli);
  }
  const line = {
    productId: product.id,
    name: product.name,
    quantityMilli,
    unitPriceMinor: product.priceMinor,
    taxRateBasisPoints: product.taxRateBasisPoints,
    isWalletCredit: false,
    totalMinor: lineTotalMinor(product.priceMinor, quantityMilli),
  };
  return { ...draft, lines: [...draft.lines, line] };
}

/**
 * Adds a wallet top-up of an amount: credits are counted in thousandths like any quantity, so
 * 12,50 is 12.5 credits at one unit each, a quantity of 12 500.
 */
export function addTopUp(draft: SaleDraft, product: Product, amountMinor: number): SaleDraft {
  const quantityMilli = (amountMinor * quantityScale) / topUpUnitPriceMinor;
  const index = draft.lines.findIndex((line) => line.isWalletCredit);
  if (index >= 0) {
    const current = draft.lines[index]?.quantityMilli ?? 0;
    return withQuantity(draft, index, current + quantityMilli);
  }
  const line = {
    productId: product.id,
    name: product.name,
    quantityMilli,
    unitPriceMinor: topUpUnitPriceMinor,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
    totalMinor: lineTotalMinor(topUpUnitPriceMinor, quantityMilli),
  };
  return { ...draft, lines: [...draft.lines, line] };
}

export function setLineQuantity(draft: SaleDraft, index: number, quantityMilli: number) {
  return withQuantity(draft, index, quantityMilli);
}

/** One unit more or less; a line that reaches zero leaves the ticket. */
export function stepLineQuantity(draft: SaleDraft, index: number, direction: 1 | -1) {
  const current = draft.lines[index]?.quantityMilli ?? 0;
  return withQuantity(draft, index, Math.max(0, current + direction * quantityScale));
}

export function removeLine(draft: SaleDraft, index: number): SaleDraft {
  return withQuantity(draft, index, 0);
}

export function setCustomer(draft: SaleDraft, customer: Customer | null): SaleDraft {
  return { ...draft, customer };
}

export function addPayment(draft: SaleDraft, method: PaymentMethod, amountMinor: number) {
  const payment: OrderPayment = { methodId: method.id, kind: method.kind, amountMinor };
  return { ...draft, payments: [...draft.payments, payment] };
}

export function removePayment(draft: SaleDraft, index: number): SaleDraft {
  return { ...draft, payments: draft.payments.filter((_, at) => at !== index) };
}

export function setChangeToWallet(draft: SaleDraft, isChangeToWallet: boolean): SaleDraft {
  return { ...draft, isChangeToWallet };
}

/** Quantities as a cashier types them: "2", "1,250" or "0.5" (kilograms for weighed goods). */
export function parseQuantityMilli(text: string): number | null {
  const match = /^\s*(\d{1,6})(?:[.,](\d{1,3}))?\s*$/.exec(text);
  if (!match) return null;
  const units = Number(match[1]);
  const thousandths = Number((match[2] ?? '').padEnd(3, '0'));
  const quantityMilli = units * quantityScale + thousandths;
  return quantityMilli > 0 ? quantityMilli : null;
}
