// What a refund may give back. A refund is an order of its own that names the order it refunds;
// it brings back only articles that order sold, at the price and tax rate they were sold at, never
// more of one than was sold less what earlier refunds (from any till, or earlier in the same
// batch) brought back, and never more money than the articles cost. Wallet credit sold on the
// original is never refunded at the till: the customer may have spent it already, so paying it
// out goes through the back office, which sees the wallet's balance.
import { orderSchema, type Order } from '../../shared/domain.ts';
import type { PushRejectionReason } from '../../shared/protocol.ts';
import { chunks, placeholders, type Sql } from '../storage/database.ts';

/** An order that may be refunded, with what its refunds booked so far brought back. */
export interface Refundable {
  order: Order;
  /** Thousandths brought back per product by the refunds booked so far. */
  returnedMilliByProduct: Map<string, number>;
  /** Money given back by the refunds booked so far (positive). */
  returnedMinor: number;
}

export interface RefundRefusal {
  reason: Extract<
    PushRejectionReason,
    | 'refund_of_refund'
    | 'refund_customer_mismatch'
    | 'refund_line_not_on_original'
    | 'refund_of_wallet_credit'
    | 'refund_exceeds_quantity'
    | 'refund_exceeds_paid'
  >;
  detail: string;
}

export function newRefundable(order: Order): Refundable {
  return { order, returnedMilliByProduct: new Map(), returnedMinor: 0 };
}

function parseBody(body: string): Order {
  return orderSchema.parse(JSON.parse(body));
}

/**
 * Loads the orders the given refunds name, with the refunds booked against them so far. The
 * originals' rows are locked first, in id order: two tills refunding the same order are booked
 * one after the other, and the second one counts what the first brought back.
 */
export async function loadRefundables(
  sql: Sql,
  originalIds: readonly string[],
): Promise<Map<string, Refundable>> {
  const refundables = new Map<string, Refundable>();
  const ids = [...new Set(originalIds)].sort();
  for (const batch of chunks(ids, 500)) {
    const rows = await sql.all<{ id: string; body: string }>(
      `SELECT id, body FROM orders WHERE id IN (${placeholders(batch.length)}) ` +
        `ORDER BY id${sql.forUpdate}`,
      batch,
    );
    for (const row of rows) refundables.set(row.id, newRefundable(parseBody(row.body)));
  }
  for (const batch of chunks([...refundables.keys()], 500)) {
    const rows = await sql.all<{ body: string }>(
      `SELECT body FROM orders WHERE refund_of_order_id IN (${placeholders(batch.length)}) ` +
        'ORDER BY id',
      batch,
    );
    for (const row of rows) {
      const refund = parseBody(row.body);
      const original = refund.refundOfOrderId ? refundables.get(refund.refundOfOrderId) : null;
      if (original) recordRefund(original, refund);
    }
  }
  return refundables;
}

/** Counts a booked refund against its original. */
export function recordRefund(original: Refundable, refund: Order): void {
  for (const line of refund.lines) {
    const returned = original.returnedMilliByProduct.get(line.productId) ?? 0;
    original.returnedMilliByProduct.set(line.productId, returned - line.quantityMilli);
  }
  original.returnedMinor -= refund.lines.reduce((total, line) => total + line.totalMinor, 0);
}

/** Quantities sold per product, and what the articles (not the wallet credit) cost in all. */
function soldOf(order: Order) {
  const soldMilliByProduct = new Map<string, number>();
  let goodsMinor = 0;
  for (const line of order.lines) {
    if (line.isWalletCredit) continue;
    soldMilliByProduct.set(
      line.productId,
      (soldMilliByProduct.get(line.productId) ?? 0) + line.quantityMilli,
    );
    goodsMinor += line.totalMinor;
  }
  return { soldMilliByProduct, goodsMinor };
}

function checkLines(refund: Order, original: Order): RefundRefusal | null {
  for (const [index, line] of refund.lines.entries()) {
    const soldLines = original.lines.filter((sold) => sold.productId === line.productId);
    if (line.isWalletCredit || soldLines.some((sold) => sold.isWalletCredit)) {
      return {
        reason: 'refund_of_wallet_credit',
        detail: `line ${index}: wallet credit is paid out from the back office`,
      };
    }
    if (line.quantityMilli > 0) {
      return {
        reason: 'refund_line_not_on_original',
        detail: `line ${index}: a refund only brings articles back`,
      };
    }
    const isAsSold = soldLines.some(
      (sold) =>
        sold.unitPriceMinor === line.unitPriceMinor &&
        sold.taxRateBasisPoints === line.taxRateBasisPoints,
    );
    if (!isAsSold) {
      return {
        reason: 'refund_line_not_on_original',
        detail: `line ${index}: product ${line.productId} was not sold at this price and rate`,
      };
    }
  }
  return null;
}

/** Whether the refund may be booked against what its original sold and earlier refunds took. */
export function checkRefund(refund: Order, original: Refundable): RefundRefusal | null {
  if (original.order.refundOfOrderId !== null) {
    return { reason: 'refund_of_refund', detail: `${original.order.id} is itself a refund` };
  }
  if (refund.customerId !== original.order.customerId) {
    return {
      reason: 'refund_customer_mismatch',
      detail: 'a refund is for the customer of the order it refunds',
    };
  }
  const lineProblem = checkLines(refund, original.order);
  if (lineProblem) return lineProblem;

  const { soldMilliByProduct, goodsMinor } = soldOf(original.order);
  const comingBackMilli = new Map<string, number>();
  for (const line of refund.lines) {
    comingBackMilli.set(
      line.productId,
      (comingBackMilli.get(line.productId) ?? 0) - line.quantityMilli,
    );
  }
  for (const [productId, milli] of comingBackMilli) {
    const soldMilli = soldMilliByProduct.get(productId) ?? 0;
    const returnedMilli = original.returnedMilliByProduct.get(productId) ?? 0;
    if (returnedMilli + milli > soldMilli) {
      return {
        reason: 'refund_exceeds_quantity',
        detail: `product ${productId}: ${milli} back, ${soldMilli - returnedMilli} left to return`,
      };
    }
  }

  // Line totals round half away from zero, so parts of a weighed line could add up to a cent
  // more than the line: the money given back is bounded on its own.
  const refundMinor = -refund.lines.reduce((total, line) => total + line.totalMinor, 0);
  if (original.returnedMinor + refundMinor > goodsMinor) {
    return {
      reason: 'refund_exceeds_paid',
      detail: `${refundMinor} back, ${goodsMinor - original.returnedMinor} left to refund`,
    };
  }
  return null;
}
