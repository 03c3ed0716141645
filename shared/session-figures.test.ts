// The figures of a till session, which the Z report prints and the server recomputes from its
// ledger. The day below was worked out by hand from the shelf prices; the properties check that
// the figures tie together whatever the orders: every payment lands on one method, and the cash
// figure is the cash method's total.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order, OrderLine, OrderPayment } from './domain.ts';
import { lineTotalMinor } from './order-math.ts';
import { cashExpectedMinor, computeSessionFigures, type FiguresOrder } from './session-figures.ts';

const methods = {
  cash: { id: '00000000-0000-4000-8000-0000000000c1', name: 'Espèces', kind: 'cash', sortOrder: 1 },
  card: { id: '00000000-0000-4000-8000-0000000000c2', name: 'Carte', kind: 'card', sortOrder: 2 },
  wallet: {
    id: '00000000-0000-4000-8000-0000000000c3',
    name: 'Portefeuille client',
    kind: 'wallet',
    sortOrder: 3,
  },
} as const;
const allMethods = [methods.wallet, methods.card, methods.cash];
const refundedOrderId = '0190a0a0-0000-7000-8000-000000000001';

function goods(unitPriceMinor: number, quantityMilli = 1000, taxRateBasisPoints = 600): OrderLine {
  return {
    productId: '00000000-0000-4000-8000-000000000001',
    name: 'Épicerie',
    quantityMilli,
    unitPriceMinor,
    taxRateBasisPoints,
    isWalletCredit: false,
    totalMinor: lineTotalMinor(unitPriceMinor, quantityMilli),
  };
}

function topUp(units: number): OrderLine {
  return {
    productId: '00000000-0000-4000-8000-000000000002',
    name: 'Crédit de compte client',
    quantityMilli: units * 1000,
    unitPriceMinor: 100,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
    totalMinor: units * 100,
  };
}

function pay(kind: keyof typeof methods, amountMinor: number): OrderPayment {
  return { methodId: methods[kind].id, kind, amountMinor };
}

function sale(
  lines: OrderLine[],
  payments: OrderPayment[],
  change: { givenMinor?: number; toWalletMinor?: number } = {},
): FiguresOrder {
  return {
    lines,
    payments,
    changeGivenMinor: change.givenMinor ?? 0,
    changeToWalletMinor: change.toWalletMinor ?? 0,
    refundOfOrderId: null,
  };
}

function refund(lines: OrderLine[], payments: OrderPayment[]): FiguresOrder {
  return { ...sale(lines, payments), refundOfOrderId: refundedOrderId };
}

const bread = 405;
const soap = 1250;

const scriptedDay: FiguresOrder[] = [
  sale([goods(bread, 2000)], [pay('cash', 1000)], { givenMinor: 190 }),
  sale([goods(soap, 1000, 2100)], [pay('card', soap)]),
  sale([goods(bread), goods(soap, 1000, 2100)], [pay('wallet', 1655)]),
  sale([topUp(50)], [pay('cash', 5000)]),
  sale([goods(4705)], [pay('cash', 5000)], { toWalletMinor: 295 }),
  refund([goods(soap, -1000, 2100)], [pay('card', -soap)]),
  refund([goods(bread, -1000)], [pay('wallet', -bread)]),
];

describe('computeSessionFigures', () => {
  it('gives zeros and no method for a session without orders', () => {
    expect(computeSessionFigures([], allMethods, 'EUR')).toEqual({
      currency: 'EUR',
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
    });
  });

  it('adds up a day of sales, top-ups, change onto a wallet and refunds', () => {
    expect(computeSessionFigures(scriptedDay, allMethods, 'EUR')).toEqual({
      currency: 'EUR',
      orderCount: 5,
      refundCount: 2,
      // 810 + 1250 + 1655 + 5000 + 4705 − 1250 − 405
      netSalesMinor: 11_765,
      byMethod: [
        // 1000 − 190 change + 5000 + 5000; the 2,95 put on the wallet stays in the drawer.
        { methodId: methods.cash.id, name: 'Espèces', kind: 'cash', amountMinor: 10_810 },
        // The card sale was refunded whole: the method still shows, at zero.
        { methodId: methods.card.id, name: 'Carte', kind: 'card', amountMinor: 0 },
        {
          methodId: methods.wallet.id,
          name: 'Portefeuille client',
          kind: 'wallet',
          amountMinor: 1250,
        },
      ],
      walletSpendsMinor: 1655,
      walletTopUpsMinor: 5000,
      changeToWalletMinor: 295,
      refundsMinor: 1655,
      refundsToWalletMinor: 405,
      netCashMinor: 10_810,
    });
  });

  it('takes cash refunds out of the cash figure and counts them among the refunds', () => {
    const figures = computeSessionFigures(
      [sale([goods(2000)], [pay('cash', 2000)]), refund([goods(2000, -500)], [pay('cash', -1000)])],
      allMethods,
      'EUR',
    );
    expect(figures.netCashMinor).toBe(1000);
    expect(figures.refundsMinor).toBe(1000);
    expect(figures.refundsToWalletMinor).toBe(0);
    expect(figures.netSalesMinor).toBe(1000);
    expect(figures.byMethod).toEqual([
      { methodId: methods.cash.id, name: 'Espèces', kind: 'cash', amountMinor: 1000 },
    ]);
  });

  it('does not count change put onto a wallet, nor a sale paid on the wallet, as a refund', () => {
    const figures = computeSessionFigures(
      [sale([goods(4705)], [pay('cash', 5000)], { toWalletMinor: 295 })],
      allMethods,
      'EUR',
    );
    expect(figures).toMatchObject({ refundsMinor: 0, refundsToWalletMinor: 0, netCashMinor: 5000 });
  });

  it('sorts methods by their order on the payment screen, then by name', () => {
    const sameRank = [
      {
        id: '00000000-0000-4000-8000-0000000000d1',
        name: 'Titres-repas',
        kind: 'other',
        sortOrder: 5,
      },
      { id: '00000000-0000-4000-8000-0000000000d2', name: 'Chèque', kind: 'other', sortOrder: 5 },
    ] as const;
    const orders = [
      sale(
        [goods(300)],
        [
          { methodId: sameRank[0].id, kind: 'other', amountMinor: 100 },
          { methodId: sameRank[1].id, kind: 'other', amountMinor: 100 },
          pay('card', 100),
        ],
      ),
    ];
    const names = computeSessionFigures(orders, [...allMethods, ...sameRank], 'EUR').byMethod.map(
      (total) => total.name,
    );
    expect(names).toEqual(['Carte', 'Chèque', 'Titres-repas']);
  });

  it('keeps a payment on a method the till no longer knows, last, under its id', () => {
    const removedId = '00000000-0000-4000-8000-0000000000e1';
    const figures = computeSessionFigures(
      [
        sale(
          [goods(300)],
          [{ methodId: removedId, kind: 'other', amountMinor: 200 }, pay('cash', 100)],
        ),
      ],
      allMethods,
      'CHF',
    );
    expect(figures.currency).toBe('CHF');
    expect(figures.byMethod).toEqual([
      { methodId: methods.cash.id, name: 'Espèces', kind: 'cash', amountMinor: 100 },
      { methodId: removedId, name: removedId, kind: 'other', amountMinor: 200 },
    ]);
  });

  it('ties the method totals to the sales and the cash to the cash method, for any orders', () => {
    const anyOrder = fc
      .record({
        prices: fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 4 }),
        topUpUnits: fc.integer({ min: 0, max: 100 }),
        cardShare: fc.integer({ min: 0, max: 100 }),
        walletShare: fc.integer({ min: 0, max: 100 }),
        overpaidMinor: fc.integer({ min: 0, max: 2_000 }),
        isChangeToWallet: fc.boolean(),
        isRefund: fc.boolean(),
      })
      .map((shape) => orderOf(shape));
    fc.assert(
      fc.property(fc.array(anyOrder, { maxLength: 12 }), (orders) => {
        const figures = computeSessionFigures(orders, allMethods, 'EUR');
        const methodsTotal = figures.byMethod.reduce((sum, total) => sum + total.amountMinor, 0);
        expect(methodsTotal).toBe(figures.netSalesMinor + figures.changeToWalletMinor);
        const cash = figures.byMethod.find((total) => total.kind === 'cash')?.amountMinor ?? 0;
        expect(figures.netCashMinor).toBe(cash);
        expect(figures.orderCount + figures.refundCount).toBe(orders.length);
        expect(figures.refundsMinor).toBeGreaterThanOrEqual(figures.refundsToWalletMinor);
      }),
    );
  });
});

describe('cashExpectedMinor', () => {
  it('is the float plus the net cash, which may be below the float', () => {
    expect(cashExpectedMinor(15_000, { netCashMinor: 10_810 })).toBe(25_810);
    expect(cashExpectedMinor(5_000, { netCashMinor: -2_000 })).toBe(3_000);
  });
});

/** A sale or refund that adds up, split over card, wallet and cash, cash giving any change. */
function orderOf(shape: {
  prices: number[];
  topUpUnits: number;
  cardShare: number;
  walletShare: number;
  overpaidMinor: number;
  isChangeToWallet: boolean;
  isRefund: boolean;
}): FiguresOrder {
  const sign = shape.isRefund ? -1 : 1;
  const lines = shape.prices.map((price) => goods(price, sign * 1000));
  if (!shape.isRefund && shape.topUpUnits > 0) lines.push(topUp(shape.topUpUnits));
  const totalMinor = lines.reduce((sum, line) => sum + line.totalMinor, 0);
  const cardMinor = Math.trunc((totalMinor * shape.cardShare) / 200);
  const walletMinor = Math.trunc((totalMinor * shape.walletShare) / 200);
  const changeMinor = shape.isRefund ? 0 : shape.overpaidMinor;
  const cashMinor = totalMinor - cardMinor - walletMinor + changeMinor;
  const payments = [pay('card', cardMinor), pay('wallet', walletMinor), pay('cash', cashMinor)];
  const order: Pick<Order, 'changeGivenMinor' | 'changeToWalletMinor'> = {
    changeGivenMinor: shape.isChangeToWallet ? 0 : changeMinor,
    changeToWalletMinor: shape.isChangeToWallet ? changeMinor : 0,
  };
  return {
    lines,
    payments: payments.filter((payment) => payment.amountMinor !== 0),
    ...order,
    refundOfOrderId: shape.isRefund ? refundedOrderId : null,
  };
}
