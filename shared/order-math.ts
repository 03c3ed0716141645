// Totals, taxes and wallet movements of an order, computed the same way on the till (for the
// screen and the receipt) and on the server (for the books). Prices include tax, as on a Belgian,
// French or Swiss shelf label; tax is split out per rate over the whole order.
import { assert } from './assert.ts';
import type { Order, OrderLine, OrderPayment, WalletMovement } from './domain.ts';
import { divideRoundedHalfAway, quantityScale } from './money.ts';

export interface TaxLine {
  taxRateBasisPoints: number;
  grossMinor: number;
  netMinor: number;
  taxMinor: number;
}

export interface OrderTotals {
  /** Goods and services, excluding wallet top-ups. */
  goodsMinor: number;
  /** Wallet top-up lines (a returned top-up counts negative). */
  topUpMinor: number;
  /** What the customer owes: goods plus top-ups. */
  totalMinor: number;
  taxes: TaxLine[];
  paidMinor: number;
  /** Cash handed over (positive cash payments); change can only come out of it. */
  cashTenderedMinor: number;
}

/** The total of one line: unit price × quantity, rounded half away from zero to the cent. */
export function lineTotalMinor(unitPriceMinor: number, quantityMilli: number): number {
  const total = divideRoundedHalfAway(
    BigInt(unitPriceMinor) * BigInt(quantityMilli),
    BigInt(quantityScale),
  );
  return Number(total);
}

/** Splits a tax-inclusive amount into net and tax. */
export function splitTaxMinor(grossMinor: number, taxRateBasisPoints: number): TaxLine {
  const net = divideRoundedHalfAway(
    BigInt(grossMinor) * 10_000n,
    BigInt(10_000 + taxRateBasisPoints),
  );
  const netMinor = Number(net);
  return { taxRateBasisPoints, grossMinor, netMinor, taxMinor: grossMinor - netMinor };
}

export function taxLinesOf(lines: readonly OrderLine[]): TaxLine[] {
  const grossByRate = new Map<number, number>();
  for (const line of lines) {
    if (line.isWalletCredit) continue;
    const gross = grossByRate.get(line.taxRateBasisPoints) ?? 0;
    grossByRate.set(line.taxRateBasisPoints, gross + line.totalMinor);
  }
  return [...grossByRate.entries()]
    .sort(([left], [right]) => left - right)
    .map(([rate, gross]) => splitTaxMinor(gross, rate));
}

export function orderTotals(order: Pick<Order, 'lines' | 'payments'>): OrderTotals {
  let goodsMinor = 0;
  let topUpMinor = 0;
  for (const line of order.lines) {
    if (line.isWalletCredit) topUpMinor += line.totalMinor;
    else goodsMinor += line.totalMinor;
  }
  let paidMinor = 0;
  let cashTenderedMinor = 0;
  for (const payment of order.payments) {
    paidMinor += payment.amountMinor;
    if (payment.kind === 'cash' && payment.amountMinor > 0)
      cashTenderedMinor += payment.amountMinor;
  }
  const totalMinor = goodsMinor + topUpMinor;
  return {
    goodsMinor,
    topUpMinor,
    totalMinor,
    taxes: taxLinesOf(order.lines),
    paidMinor,
    cashTenderedMinor,
  };
}

/** The movements an order makes on the customer's wallet, each signed (credit positive). */
export function walletMovementsOf(
  order: Pick<Order, 'lines' | 'payments' | 'changeToWalletMinor'>,
): WalletMovement[] {
  const movements: WalletMovement[] = [];
  for (const line of order.lines) {
    if (line.isWalletCredit) movements.push({ kind: 'top_up', amountMinor: line.totalMinor });
  }
  for (const payment of order.payments) {
    if (payment.kind !== 'wallet') continue;
    if (payment.amountMinor > 0)
      movements.push({ kind: 'spend', amountMinor: -payment.amountMinor });
    else movements.push({ kind: 'refund', amountMinor: -payment.amountMinor });
  }
  if (order.changeToWalletMinor > 0) {
    movements.push({ kind: 'change_to_wallet', amountMinor: order.changeToWalletMinor });
  }
  return movements;
}

export function walletDeltaOf(order: Pick<Order, 'lines' | 'payments' | 'changeToWalletMinor'>) {
  return walletMovementsOf(order).reduce((total, movement) => total + movement.amountMinor, 0);
}

export type OrderArithmeticFailure =
  | 'line_total_mismatch'
  | 'wallet_credit_line_invalid'
  | 'payments_do_not_match_total'
  | 'change_exceeds_cash'
  | 'change_on_refund';

export interface OrderArithmeticProblem {
  reason: OrderArithmeticFailure;
  detail: string;
}

/**
 * Checks that an order adds up: every line total is price × quantity, a top-up line is untaxed
 * at one unit of currency per credit, and payments equal the total plus the change. Returns the
 * first problem found, or null.
 */
export function checkOrderArithmetic(
  order: Pick<Order, 'lines' | 'payments' | 'changeGivenMinor' | 'changeToWalletMinor'>,
  currencyUnitMinor = 100,
): OrderArithmeticProblem | null {
  for (const [index, line] of order.lines.entries()) {
    const expected = lineTotalMinor(line.unitPriceMinor, line.quantityMilli);
    if (expected !== line.totalMinor) {
      return {
        reason: 'line_total_mismatch',
        detail: `line ${index}: ${line.totalMinor} instead of ${expected}`,
      };
    }
    const isBadCredit =
      line.isWalletCredit &&
      (line.taxRateBasisPoints !== 0 || line.unitPriceMinor !== currencyUnitMinor);
    if (isBadCredit) {
      return {
        reason: 'wallet_credit_line_invalid',
        detail: `line ${index}: a wallet credit is untaxed and sold at one unit of currency`,
      };
    }
  }

  const totals = orderTotals(order);
  const changeMinor = order.changeGivenMinor + order.changeToWalletMinor;
  if (changeMinor > 0 && totals.totalMinor < 0) {
    return { reason: 'change_on_refund', detail: 'a refund gives no change' };
  }
  if (changeMinor > totals.cashTenderedMinor) {
    return {
      reason: 'change_exceeds_cash',
      detail: `change ${changeMinor} exceeds cash tendered ${totals.cashTenderedMinor}`,
    };
  }
  if (totals.paidMinor !== totals.totalMinor + changeMinor) {
    return {
      reason: 'payments_do_not_match_total',
      detail: `paid ${totals.paidMinor}, total ${totals.totalMinor}, change ${changeMinor}`,
    };
  }
  return null;
}

export function paymentsOfKind(payments: readonly OrderPayment[], kind: OrderPayment['kind']) {
  return payments.filter((payment) => payment.kind === kind);
}

export function assertOrderAddsUp(order: Parameters<typeof checkOrderArithmetic>[0]): void {
  const problem = checkOrderArithmetic(order);
  assert(problem === null, `Order does not add up: ${problem?.detail ?? ''}`);
}
