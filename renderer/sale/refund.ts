// Refunds, as pure steps: what of an order can still be refunded at this till, and the refund
// order's lines and payments. A refund is a new order that names the one it refunds, with the
// articles coming back as negative quantities and the money going back as negative payments, so
// it goes through the same validation, outbox and ledger booking as a sale.
//
// What this till refunded before is subtracted, so an article is never refunded twice from here.
// Another till's refunds of the same order are not known here; the server checks the total.
import type { Order, OrderLine, OrderPayment, PaymentMethod } from '../../shared/domain.ts';
import { lineTotalMinor } from '../../shared/order-math.ts';

export interface RefundableLine {
  /** The line's position in the original order. */
  index: number;
  line: OrderLine;
  soldMilli: number;
  refundedMilli: number;
  /** What may still come back: sold minus what this till already refunded. */
  remainingMilli: number;
  /** A wallet top-up comes back through the back office, never at the till. */
  isRefundable: boolean;
}

function lineKey(line: OrderLine): string {
  return `${line.productId}|${line.unitPriceMinor}|${String(line.isWalletCredit)}`;
}

export function refundableLines(
  original: Pick<Order, 'lines'>,
  earlierRefunds: readonly Pick<Order, 'lines'>[],
): RefundableLine[] {
  // Refunded quantities per kind of line, handed out to the original lines in order: an order
  // may hold the same article on two lines.
  const refundedByKey = new Map<string, number>();
  for (const refund of earlierRefunds) {
    for (const line of refund.lines) {
      const key = lineKey(line);
      refundedByKey.set(key, (refundedByKey.get(key) ?? 0) - line.quantityMilli);
    }
  }
  return original.lines.map((line, index) => {
    const key = lineKey(line);
    const available = refundedByKey.get(key) ?? 0;
    const refundedMilli = Math.max(0, Math.min(available, line.quantityMilli));
    refundedByKey.set(key, available - refundedMilli);
    return {
      index,
      line,
      soldMilli: line.quantityMilli,
      refundedMilli,
      remainingMilli: Math.max(0, line.quantityMilli - refundedMilli),
      isRefundable: !line.isWalletCredit && line.quantityMilli > 0,
    };
  });
}

export type RefundDestination = 'original' | 'wallet';

export type RefundProblem =
  | { reason: 'nothing' }
  | { reason: 'too_much'; index: number; remainingMilli: number }
  | { reason: 'not_refundable'; index: number };

export type RefundPlan =
  | { ok: true; lines: OrderLine[]; payments: OrderPayment[]; refundMinor: number }
  | { ok: false; problem: RefundProblem };

export interface RefundRequest {
  original: Pick<Order, 'lines' | 'payments' | 'changeGivenMinor' | 'changeToWalletMinor'>;
  earlierRefunds: readonly Pick<Order, 'lines' | 'payments'>[];
  /** Per original line index, the quantity to take back (positive thousandths). */
  quantitiesMilli: ReadonlyMap<number, number>;
  destination: RefundDestination;
  /** The store's wallet method, for a refund onto the customer's wallet. */
  walletMethod: Pick<PaymentMethod, 'id' | 'kind'> | null;
}

export function planRefund(request: RefundRequest): RefundPlan {
  const refundable = refundableLines(request.original, request.earlierRefunds);
  const lines: OrderLine[] = [];
  for (const [index, quantityMilli] of [...request.quantitiesMilli].sort(([a], [b]) => a - b)) {
    if (quantityMilli === 0) continue;
    const entry = refundable[index];
    if (!entry || !entry.isRefundable)
      return { ok: false, problem: { reason: 'not_refundable', index } };
    if (quantityMilli < 0 || quantityMilli > entry.remainingMilli) {
      return {
        ok: false,
        problem: { reason: 'too_much', index, remainingMilli: entry.remainingMilli },
      };
    }
    const { line } = entry;
    lines.push({
      ...line,
      quantityMilli: -quantityMilli,
      totalMinor: lineTotalMinor(line.unitPriceMinor, -quantityMilli),
    });
  }
  if (lines.length === 0) return { ok: false, problem: { reason: 'nothing' } };

  const refundMinor = -lines.reduce((sum, line) => sum + line.totalMinor, 0);
  let payments: OrderPayment[];
  if (request.destination === 'wallet') {
    if (!request.walletMethod) return { ok: false, problem: { reason: 'nothing' } };
    payments =
      refundMinor === 0
        ? []
        : [{ methodId: request.walletMethod.id, kind: 'wallet', amountMinor: -refundMinor }];
  } else {
    payments = toOriginalMethods(request, refundMinor);
  }
  return { ok: true, lines, payments, refundMinor };
}

/**
 * Gives the money back on the methods that took it, each at most what it took net of change and
 * of this till's earlier refunds to it. The last method used is refunded first: it is the one
 * that paid the rest (cash after a wallet payment that did not cover the whole ticket).
 */
function toOriginalMethods(request: RefundRequest, refundMinor: number): OrderPayment[] {
  const { original } = request;
  const netByMethod = new Map<string, { payment: OrderPayment; amountMinor: number }>();
  for (const payment of original.payments) {
    const entry = netByMethod.get(payment.methodId) ?? { payment, amountMinor: 0 };
    entry.amountMinor += payment.amountMinor;
    netByMethod.set(payment.methodId, entry);
  }
  // The change (handed back or put on the wallet) came out of the cash.
  let changeMinor = original.changeGivenMinor + original.changeToWalletMinor;
  for (const entry of netByMethod.values()) {
    if (entry.payment.kind !== 'cash' || changeMinor === 0) continue;
    const taken = Math.min(changeMinor, entry.amountMinor);
    entry.amountMinor -= taken;
    changeMinor -= taken;
  }
  for (const refund of request.earlierRefunds) {
    for (const payment of refund.payments) {
      const entry = netByMethod.get(payment.methodId);
      if (entry) entry.amountMinor += payment.amountMinor;
    }
  }

  const payments: OrderPayment[] = [];
  let leftMinor = refundMinor;
  const entries = [...netByMethod.values()].reverse();
  for (const entry of entries) {
    if (leftMinor <= 0) break;
    const amountMinor = Math.min(leftMinor, Math.max(0, entry.amountMinor));
    if (amountMinor === 0) continue;
    payments.push({ ...entry.payment, amountMinor: -amountMinor });
    leftMinor -= amountMinor;
  }
  // Rounding of partial quantities can leave a cent the methods have already given back; it
  // goes on the method refunded last, so the refund still adds up.
  if (leftMinor > 0) {
    const last = payments.at(-1) ?? entries[0]?.payment;
    if (last && payments.length > 0) {
      payments[payments.length - 1] = { ...last, amountMinor: last.amountMinor - leftMinor };
    } else if (last) {
      payments.push({ ...last, amountMinor: -leftMinor });
    }
  }
  return payments;
}
