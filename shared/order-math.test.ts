// The arithmetic of an order, shared by the till's screen and receipt and the server's books.
// The expected figures below were worked out by hand from the shelf prices; the properties check
// the rounding rule itself (nearest cent, a half cent away from zero) over many amounts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert.ts';
import type { Order, OrderLine, OrderPayment } from './domain.ts';
import {
  assertOrderAddsUp,
  checkOrderArithmetic,
  lineTotalMinor,
  orderTotals,
  paymentsOfKind,
  splitTaxMinor,
  taxLinesOf,
  walletDeltaOf,
  walletMovementsOf,
  type OrderArithmeticFailure,
} from './order-math.ts';

type ArithmeticOrder = Pick<
  Order,
  'lines' | 'payments' | 'changeGivenMinor' | 'changeToWalletMinor'
>;

const productId = '00000000-0000-4000-8000-000000000001';
const topUpProductId = '00000000-0000-4000-8000-000000000002';
const methodIds = {
  cash: '00000000-0000-4000-8000-0000000000c1',
  card: '00000000-0000-4000-8000-0000000000c2',
  wallet: '00000000-0000-4000-8000-0000000000c3',
  other: '00000000-0000-4000-8000-0000000000c4',
} as const;

function goods(totalMinor: number, taxRateBasisPoints = 600): OrderLine {
  return {
    productId,
    name: 'Épicerie',
    quantityMilli: totalMinor < 0 ? -1000 : 1000,
    unitPriceMinor: Math.abs(totalMinor),
    taxRateBasisPoints,
    isWalletCredit: false,
    totalMinor,
  };
}

/** A wallet top-up line: one credit is one unit of currency, untaxed. */
function topUp(units: number): OrderLine {
  return {
    productId: topUpProductId,
    name: 'Crédit de compte client',
    quantityMilli: units * 1000,
    unitPriceMinor: 100,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
    totalMinor: units * 100,
  };
}

function pay(kind: OrderPayment['kind'], amountMinor: number): OrderPayment {
  return { methodId: methodIds[kind], kind, amountMinor };
}

function order(
  lines: OrderLine[],
  payments: OrderPayment[],
  change: { givenMinor?: number; toWalletMinor?: number } = {},
): ArithmeticOrder {
  return {
    lines,
    payments,
    changeGivenMinor: change.givenMinor ?? 0,
    changeToWalletMinor: change.toWalletMinor ?? 0,
  };
}

describe('lineTotalMinor', () => {
  it.each([
    { title: 'one article', unitPriceMinor: 399, quantityMilli: 1000, expected: 399 },
    { title: 'three articles', unitPriceMinor: 125, quantityMilli: 3000, expected: 375 },
    { title: 'a returned article', unitPriceMinor: 399, quantityMilli: -1000, expected: -399 },
    {
      title: '1,250 kg at 3,98 a kilo (497,5 up)',
      unitPriceMinor: 398,
      quantityMilli: 1250,
      expected: 498,
    },
    {
      title: '1,250 kg returned (-497,5 down)',
      unitPriceMinor: 398,
      quantityMilli: -1250,
      expected: -498,
    },
    { title: '0,333 kg at 12,99 a kilo', unitPriceMinor: 1299, quantityMilli: 333, expected: 433 },
    {
      title: '0,250 kg at 2,98 a kilo (74,5 up)',
      unitPriceMinor: 298,
      quantityMilli: 250,
      expected: 75,
    },
    { title: '0,001 kg at 4,99 a kilo', unitPriceMinor: 499, quantityMilli: 1, expected: 0 },
    {
      title: '0,001 kg at 5,00 a kilo (0,5 up)',
      unitPriceMinor: 500,
      quantityMilli: 1,
      expected: 1,
    },
    { title: 'a free article', unitPriceMinor: 0, quantityMilli: 2000, expected: 0 },
    { title: '50 wallet credits', unitPriceMinor: 100, quantityMilli: 50_000, expected: 5000 },
  ])('prices $title', ({ unitPriceMinor, quantityMilli, expected }) => {
    expect(lineTotalMinor(unitPriceMinor, quantityMilli)).toBe(expected);
  });

  it('prices a returned weighed line at exactly minus its sale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 100_000_000 }),
        (unitPriceMinor, quantityMilli) => {
          // Sale and refund adding to zero says the same as refund = −sale, without tripping on
          // −0, which is not a cent amount anyone can see.
          const sale = lineTotalMinor(unitPriceMinor, quantityMilli);
          expect(lineTotalMinor(unitPriceMinor, -quantityMilli) + sale).toBe(0);
        },
      ),
    );
  });

  it('is within half a cent of the exact price times quantity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        (unitPriceMinor, quantityMilli) => {
          const exactThousandths = BigInt(unitPriceMinor) * BigInt(quantityMilli);
          const total = BigInt(lineTotalMinor(unitPriceMinor, quantityMilli));
          const errorThousandths = exactThousandths - total * 1000n;
          expect(errorThousandths <= 500n && errorThousandths >= -500n).toBe(true);
        },
      ),
    );
  });
});

describe('splitTaxMinor', () => {
  it.each([
    { title: '1,06 at 6 %', grossMinor: 106, rate: 600, netMinor: 100, taxMinor: 6 },
    { title: '10,00 at 6 %', grossMinor: 1000, rate: 600, netMinor: 943, taxMinor: 57 },
    { title: '4,99 at 6 %', grossMinor: 499, rate: 600, netMinor: 471, taxMinor: 28 },
    { title: '47,05 at 6 %', grossMinor: 4705, rate: 600, netMinor: 4439, taxMinor: 266 },
    { title: '0,01 at 6 %', grossMinor: 1, rate: 600, netMinor: 1, taxMinor: 0 },
    { title: '1,21 at 21 %', grossMinor: 121, rate: 2100, netMinor: 100, taxMinor: 21 },
    { title: '10,00 at 21 %', grossMinor: 1000, rate: 2100, netMinor: 826, taxMinor: 174 },
    { title: '2,99 at 21 %', grossMinor: 299, rate: 2100, netMinor: 247, taxMinor: 52 },
    { title: '0,03 at 21 %', grossMinor: 3, rate: 2100, netMinor: 2, taxMinor: 1 },
    { title: '0,06 at 21 %', grossMinor: 6, rate: 2100, netMinor: 5, taxMinor: 1 },
    { title: 'a 10,00 refund at 6 %', grossMinor: -1000, rate: 600, netMinor: -943, taxMinor: -57 },
    {
      title: 'a 10,00 refund at 21 %',
      grossMinor: -1000,
      rate: 2100,
      netMinor: -826,
      taxMinor: -174,
    },
    { title: 'an untaxed amount', grossMinor: 5000, rate: 0, netMinor: 5000, taxMinor: 0 },
    { title: 'zero at 21 %', grossMinor: 0, rate: 2100, netMinor: 0, taxMinor: 0 },
  ])('splits $title into net and tax', ({ grossMinor, rate, netMinor, taxMinor }) => {
    expect(splitTaxMinor(grossMinor, rate)).toEqual({
      taxRateBasisPoints: rate,
      grossMinor,
      netMinor,
      taxMinor,
    });
  });

  it.each([{ rate: 600 }, { rate: 2100 }])(
    'at $rate basis points, takes the net nearest to gross ÷ (1 + rate), a half away from zero',
    ({ rate }) => {
      fc.assert(
        fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (grossMinor) => {
          const { netMinor, taxMinor } = splitTaxMinor(grossMinor, rate);
          expect(netMinor + taxMinor).toBe(grossMinor);
          // net is the nearest integer to gross × 10000 / (10000 + rate).
          const divisor = 10_000 + rate;
          const twiceError = 2 * (grossMinor * 10_000 - netMinor * divisor);
          expect(Math.abs(twiceError)).toBeLessThanOrEqual(divisor);
          if (Math.abs(twiceError) === divisor) {
            expect(Math.abs(netMinor * divisor)).toBeGreaterThan(Math.abs(grossMinor * 10_000));
          }
        }),
      );
    },
  );

  it.each([{ rate: 600 }, { rate: 2100 }, { rate: 550 }, { rate: 810 }, { rate: 2800 }])(
    'splits a refund at $rate basis points into exactly minus its sale',
    ({ rate }) => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000_000 }), (grossMinor) => {
          const sale = splitTaxMinor(grossMinor, rate);
          const refund = splitTaxMinor(-grossMinor, rate);
          expect(refund.netMinor + sale.netMinor).toBe(0);
          expect(refund.taxMinor + sale.taxMinor).toBe(0);
        }),
      );
    },
  );

  it('rounds a net of exactly half a cent away from zero (16 cents at 28 %)', () => {
    // 16 × 10000 / 12800 = 12,5 cents: a rate the shops do not use, but the only way to reach
    // an exact tie, which 6 % and 21 % never produce.
    expect(splitTaxMinor(16, 2800)).toMatchObject({ netMinor: 13, taxMinor: 3 });
    expect(splitTaxMinor(-16, 2800)).toMatchObject({ netMinor: -13, taxMinor: -3 });
  });
});

describe('taxLinesOf', () => {
  it('splits the tax per rate over the whole order, not per line', () => {
    // Three lines of 0,01 at 21 % carry no tax each, but 0,03 together carries 0,01.
    const lines = [goods(1, 2100), goods(1, 2100), goods(1, 2100)];
    expect(taxLinesOf(lines)).toEqual([
      { taxRateBasisPoints: 2100, grossMinor: 3, netMinor: 2, taxMinor: 1 },
    ]);
  });

  it('gives one line per rate, lowest rate first', () => {
    const lines = [goods(1210, 2100), goods(1060, 600), goods(500, 0), goods(242, 2100)];
    expect(taxLinesOf(lines)).toEqual([
      { taxRateBasisPoints: 0, grossMinor: 500, netMinor: 500, taxMinor: 0 },
      { taxRateBasisPoints: 600, grossMinor: 1060, netMinor: 1000, taxMinor: 60 },
      { taxRateBasisPoints: 2100, grossMinor: 1452, netMinor: 1200, taxMinor: 252 },
    ]);
  });

  it('leaves wallet top-ups out, as they are store credit and not a sale', () => {
    expect(taxLinesOf([goods(2000, 600), topUp(50)])).toEqual([
      { taxRateBasisPoints: 600, grossMinor: 2000, netMinor: 1887, taxMinor: 113 },
    ]);
    expect(taxLinesOf([topUp(50)])).toEqual([]);
  });

  it('nets a returned article against a sale at the same rate', () => {
    expect(taxLinesOf([goods(1000, 2100), goods(-1000, 2100), goods(121, 2100)])).toEqual([
      { taxRateBasisPoints: 2100, grossMinor: 121, netMinor: 100, taxMinor: 21 },
    ]);
  });

  it('mirrors a sale in its refund, line for line', () => {
    const sale = [goods(4705, 600), goods(299, 2100), goods(1, 2100)];
    const refund = sale.map((line) => goods(-line.totalMinor, line.taxRateBasisPoints));
    const negated = taxLinesOf(sale).map((line) => ({
      taxRateBasisPoints: line.taxRateBasisPoints,
      grossMinor: -line.grossMinor,
      netMinor: -line.netMinor,
      taxMinor: -line.taxMinor,
    }));
    expect(taxLinesOf(refund)).toEqual(negated);
  });
});

describe('orderTotals', () => {
  it('keeps goods and top-ups apart and adds them into what the customer owes', () => {
    const totals = orderTotals(order([goods(2000), topUp(50)], [pay('cash', 7000)]));
    expect(totals).toMatchObject({ goodsMinor: 2000, topUpMinor: 5000, totalMinor: 7000 });
    expect(totals.paidMinor).toBe(7000);
  });

  it('counts a returned top-up as a negative top-up', () => {
    const totals = orderTotals(order([topUp(-10)], [pay('cash', -1000)]));
    expect(totals).toMatchObject({ goodsMinor: 0, topUpMinor: -1000, totalMinor: -1000 });
  });

  it.each([
    { title: 'cash alone', payments: [pay('cash', 5000)], paid: 5000, cash: 5000 },
    {
      title: 'two cash payments',
      payments: [pay('cash', 2000), pay('cash', 3000)],
      paid: 5000,
      cash: 5000,
    },
    {
      title: 'card and cash',
      payments: [pay('card', 4000), pay('cash', 1000)],
      paid: 5000,
      cash: 1000,
    },
    { title: 'card alone', payments: [pay('card', 4705)], paid: 4705, cash: 0 },
    { title: 'wallet alone', payments: [pay('wallet', 4705)], paid: 4705, cash: 0 },
    { title: 'cash given back on a refund', payments: [pay('cash', -300)], paid: -300, cash: 0 },
    { title: 'no payment at all', payments: [], paid: 0, cash: 0 },
  ])('counts as tendered cash only the cash handed over: $title', ({ payments, paid, cash }) => {
    const totals = orderTotals(order([goods(4705)], payments));
    expect(totals.paidMinor).toBe(paid);
    expect(totals.cashTenderedMinor).toBe(cash);
  });

  it('includes the tax lines of the goods', () => {
    const totals = orderTotals(order([goods(1060, 600), topUp(5)], [pay('card', 1560)]));
    expect(totals.taxes).toEqual([
      { taxRateBasisPoints: 600, grossMinor: 1060, netMinor: 1000, taxMinor: 60 },
    ]);
  });
});

describe('walletMovementsOf', () => {
  it.each([
    {
      title: 'a wallet payment is a spend',
      order: order([goods(2000)], [pay('wallet', 2000)]),
      movements: [{ kind: 'spend', amountMinor: -2000 }],
    },
    {
      title: 'money back to the wallet is a refund',
      order: order([goods(-2000)], [pay('wallet', -2000)]),
      movements: [{ kind: 'refund', amountMinor: 2000 }],
    },
    {
      title: 'a top-up line credits the wallet',
      order: order([topUp(50)], [pay('cash', 5000)]),
      movements: [{ kind: 'top_up', amountMinor: 5000 }],
    },
    {
      title: 'a returned top-up debits the wallet',
      order: order([topUp(-10)], [pay('cash', -1000)]),
      movements: [{ kind: 'top_up', amountMinor: -1000 }],
    },
    {
      title: 'change put on the wallet credits it',
      order: order([goods(4705)], [pay('cash', 5000)], { toWalletMinor: 295 }),
      movements: [{ kind: 'change_to_wallet', amountMinor: 295 }],
    },
    {
      title: 'buying 20 and topping up 50',
      order: order([goods(2000), topUp(50)], [pay('cash', 5000), pay('wallet', 2000)]),
      movements: [
        { kind: 'top_up', amountMinor: 5000 },
        { kind: 'spend', amountMinor: -2000 },
      ],
    },
    {
      title: 'cash, card and other leave it alone',
      order: order([goods(3000)], [pay('cash', 1000), pay('card', 1000), pay('other', 1500)], {
        givenMinor: 500,
      }),
      movements: [],
    },
  ])('$title', ({ order: walletOrder, movements }) => {
    expect(walletMovementsOf(walletOrder)).toEqual(movements);
    const delta = movements.reduce((total, movement) => total + movement.amountMinor, 0);
    expect(walletDeltaOf(walletOrder)).toBe(delta);
  });

  it('records no movement for change handed back in cash', () => {
    const cashChange = order([goods(4705)], [pay('cash', 5000)], { givenMinor: 295 });
    expect(walletMovementsOf(cashChange)).toEqual([]);
    expect(walletDeltaOf(cashChange)).toBe(0);
  });
});

describe('change onto the wallet: 47,05 bought, 50,00 handed over in cash', () => {
  const changeOrder = order([goods(4705)], [pay('cash', 5000)], { toWalletMinor: 295 });

  it('records the cash as handed over, the change as on the wallet, and none given back', () => {
    expect(paymentsOfKind(changeOrder.payments, 'cash')).toEqual([pay('cash', 5000)]);
    expect(changeOrder.changeToWalletMinor).toBe(295);
    expect(changeOrder.changeGivenMinor).toBe(0);
  });

  it('adds up: the payments are the total plus the change', () => {
    expect(checkOrderArithmetic(changeOrder)).toBeNull();
    const totals = orderTotals(changeOrder);
    expect(totals.paidMinor).toBe(totals.totalMinor + changeOrder.changeToWalletMinor);
  });

  it('moves +2,95 onto the wallet and nothing else', () => {
    expect(walletMovementsOf(changeOrder)).toEqual([
      { kind: 'change_to_wallet', amountMinor: 295 },
    ]);
    expect(walletDeltaOf(changeOrder)).toBe(295);
  });

  it('keeps the drawer matching the cash report: 50,00 in, nothing out', () => {
    const totals = orderTotals(changeOrder);
    const drawerInMinor = totals.cashTenderedMinor - changeOrder.changeGivenMinor;
    expect(drawerInMinor).toBe(5000);
    // The 50,00 in the drawer is the 47,05 of goods plus the 2,95 now owed on the wallet.
    expect(drawerInMinor).toBe(totals.goodsMinor + walletDeltaOf(changeOrder));
  });
});

describe('checkOrderArithmetic', () => {
  it.each([
    { title: 'an exact cash sale', order: order([goods(4705)], [pay('cash', 4705)]) },
    {
      title: 'cash with change handed back',
      order: order([goods(4705)], [pay('cash', 5000)], { givenMinor: 295 }),
    },
    {
      title: 'change split hand and wallet',
      order: order([goods(4705)], [pay('cash', 5000)], { givenMinor: 200, toWalletMinor: 95 }),
    },
    {
      title: 'card and cash, change out of the cash',
      order: order([goods(4705)], [pay('card', 4000), pay('cash', 1000)], { givenMinor: 295 }),
    },
    { title: 'a wallet payment', order: order([goods(4705)], [pay('wallet', 4705)]) },
    {
      title: 'wallet spend and a cash top-up',
      order: order([goods(2000), topUp(50)], [pay('cash', 5000), pay('wallet', 2000)]),
    },
    { title: 'a refund in cash', order: order([goods(-1000)], [pay('cash', -1000)]) },
    { title: 'a refund to the wallet', order: order([goods(-1000)], [pay('wallet', -1000)]) },
    {
      title: 'a weighed line',
      order: order(
        [{ ...goods(498), quantityMilli: 1250, unitPriceMinor: 398 }],
        [pay('card', 498)],
      ),
    },
    { title: 'an exchange that nets to zero', order: order([goods(1000), goods(-1000)], []) },
  ])('accepts $title', ({ order: checked }) => {
    expect(checkOrderArithmetic(checked)).toBeNull();
    expect(() => assertOrderAddsUp(checked)).not.toThrow();
  });

  it.each<{ title: string; order: ArithmeticOrder; reason: OrderArithmeticFailure }>([
    {
      title: 'a line total off price × quantity',
      order: order([{ ...goods(1000), totalMinor: 999 }], [pay('cash', 999)]),
      reason: 'line_total_mismatch',
    },
    {
      title: 'a weighed line rounded half down',
      order: order(
        [{ ...goods(497), quantityMilli: 1250, unitPriceMinor: 398 }],
        [pay('cash', 497)],
      ),
      reason: 'line_total_mismatch',
    },
    {
      title: 'a taxed top-up',
      order: order([{ ...topUp(50), taxRateBasisPoints: 600 }], [pay('cash', 5000)]),
      reason: 'wallet_credit_line_invalid',
    },
    {
      title: 'a top-up not at 1,00 per credit',
      order: order([{ ...topUp(50), unitPriceMinor: 90, totalMinor: 4500 }], [pay('cash', 4500)]),
      reason: 'wallet_credit_line_invalid',
    },
    {
      title: 'payments short of the total',
      order: order([goods(4705)], [pay('cash', 4700)]),
      reason: 'payments_do_not_match_total',
    },
    {
      title: 'an overpayment with no change',
      order: order([goods(4705)], [pay('cash', 5000)]),
      reason: 'payments_do_not_match_total',
    },
    {
      title: 'change off the overpayment',
      order: order([goods(4705)], [pay('cash', 5000)], { toWalletMinor: 300 }),
      reason: 'payments_do_not_match_total',
    },
    {
      title: 'change out of a card payment',
      order: order([goods(4705)], [pay('card', 5000)], { givenMinor: 295 }),
      reason: 'change_exceeds_cash',
    },
    {
      title: 'card overpayment put on the wallet',
      order: order([goods(4705)], [pay('card', 5000)], { toWalletMinor: 295 }),
      reason: 'change_exceeds_cash',
    },
    {
      title: 'more change than the cash handed over',
      order: order([goods(4705)], [pay('card', 4000), pay('cash', 1000)], { givenMinor: 1295 }),
      reason: 'change_exceeds_cash',
    },
    {
      title: 'change on a refund',
      order: order([goods(-1000)], [pay('cash', 500), pay('card', -1800)], { givenMinor: 300 }),
      reason: 'change_on_refund',
    },
  ])('refuses $title', ({ order: checked, reason }) => {
    expect(checkOrderArithmetic(checked)?.reason).toBe(reason);
    expect(() => assertOrderAddsUp(checked)).toThrow(AssertionError);
  });

  it('names the line and both figures when a line total is wrong', () => {
    const problem = checkOrderArithmetic(
      order([goods(100), { ...goods(1000), totalMinor: 999 }], [pay('cash', 1099)]),
    );
    expect(problem).toEqual({
      reason: 'line_total_mismatch',
      detail: 'line 1: 999 instead of 1000',
    });
  });

  it('checks a top-up against the currency unit it is given', () => {
    const tenthsOrder = order(
      [{ ...topUp(5), unitPriceMinor: 10, totalMinor: 50 }],
      [pay('cash', 50)],
    );
    expect(checkOrderArithmetic(tenthsOrder, 10)).toBeNull();
    expect(checkOrderArithmetic(tenthsOrder)?.reason).toBe('wallet_credit_line_invalid');
  });
});

describe('paymentsOfKind', () => {
  it('keeps the payments of one kind, in order', () => {
    const payments = [pay('cash', 100), pay('card', 200), pay('cash', 300), pay('wallet', 400)];
    expect(paymentsOfKind(payments, 'cash')).toEqual([pay('cash', 100), pay('cash', 300)]);
    expect(paymentsOfKind(payments, 'other')).toEqual([]);
  });
});
