// The figures of a till session, from its orders: what each payment method took in, what the
// wallets gave and received, the refunds, and the cash that should be in the drawer. The till
// computes them from the orders it validated for its Z report; the server computes the same from
// the ledger entries it booked for the session, and the two must agree to the cent. Pure.
import type { Order, PaymentMethod } from './domain.ts';
import type { CurrencyCode } from './money.ts';
import { orderTotals } from './order-math.ts';
import type { SessionFigures, SessionMethodTotal } from './protocol.ts';

export type FiguresOrder = Pick<
  Order,
  'lines' | 'payments' | 'changeGivenMinor' | 'changeToWalletMinor' | 'refundOfOrderId'
>;

export type FiguresMethod = Pick<PaymentMethod, 'id' | 'name' | 'kind' | 'sortOrder'>;

/** Where a method the till no longer knows sorts: after every method it does. */
const unknownMethodSortOrder = Number.MAX_SAFE_INTEGER;

export function computeSessionFigures(
  orders: readonly FiguresOrder[],
  paymentMethods: readonly FiguresMethod[],
  currency: CurrencyCode,
): SessionFigures {
  const methodsById = new Map(paymentMethods.map((method) => [method.id, method]));
  const byMethod = new Map<string, { total: SessionMethodTotal; sortOrder: number }>();
  const addToMethod = (methodId: string, kind: string, amountMinor: number) => {
    let entry = byMethod.get(methodId);
    if (!entry) {
      const method = methodsById.get(methodId);
      entry = {
        total: {
          methodId,
          name: method?.name ?? methodId,
          kind: method?.kind ?? kind,
          amountMinor: 0,
        },
        sortOrder: method?.sortOrder ?? unknownMethodSortOrder,
      };
      byMethod.set(methodId, entry);
    }
    entry.total.amountMinor += amountMinor;
  };

  const figures: SessionFigures = {
    currency,
    orderCount: 0,
    refundCount: 0,
    netSalesMinor: 0,
    byMethod: [],
    walletSpendsMinor: 0,
    walletTopUpsMinor: 0,
    changeToWalletMinor: 0,
    refundsMinor: 0,
    refundsToWalletMinor: 0,
    netCashMinor: 0,
  };

  for (const order of orders) {
    const isRefund = order.refundOfOrderId !== null;
    const totals = orderTotals(order);
    if (isRefund) {
      figures.refundCount += 1;
      figures.refundsMinor += Math.abs(totals.totalMinor);
    } else {
      figures.orderCount += 1;
    }
    figures.netSalesMinor += totals.totalMinor;
    figures.walletTopUpsMinor += totals.topUpMinor;
    figures.changeToWalletMinor += order.changeToWalletMinor;

    for (const payment of order.payments) {
      addToMethod(payment.methodId, payment.kind, payment.amountMinor);
      if (payment.kind === 'cash') figures.netCashMinor += payment.amountMinor;
      if (payment.kind === 'wallet' && payment.amountMinor > 0) {
        figures.walletSpendsMinor += payment.amountMinor;
      }
      if (payment.kind === 'wallet' && payment.amountMinor < 0 && isRefund) {
        figures.refundsToWalletMinor -= payment.amountMinor;
      }
    }

    if (order.changeGivenMinor > 0) {
      figures.netCashMinor -= order.changeGivenMinor;
      const changeMethod = changeMethodOf(order);
      if (changeMethod) addToMethod(changeMethod.methodId, 'cash', -order.changeGivenMinor);
    }
  }

  figures.byMethod = [...byMethod.values()]
    .sort(
      (left, right) =>
        left.sortOrder - right.sortOrder || compareNames(left.total.name, right.total.name),
    )
    .map((entry) => entry.total);
  return figures;
}

/**
 * The change handed back comes out of the cash that was handed over: the order's first cash
 * payment names the method it is taken from. Change exists only where cash was tendered, which
 * the order arithmetic checks.
 */
function changeMethodOf(order: FiguresOrder) {
  return order.payments.find((payment) => payment.kind === 'cash' && payment.amountMinor > 0);
}

/** Names of one rank sort as the server sorts them, so the two reports list methods alike. */
function compareNames(left: string, right: string): number {
  return left.localeCompare(right);
}

/** What the drawer should hold at close: the float plus the cash the session took in net. */
export function cashExpectedMinor(
  floatMinor: number,
  figures: Pick<SessionFigures, 'netCashMinor'>,
) {
  return floatMinor + figures.netCashMinor;
}
