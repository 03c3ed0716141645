// The wallet rules of the product brief, case by case: who may touch a wallet, the minimum wallet
// amount, top-ups and change in the same order counting before the charge, the floor checked only
// when the wallet is charged, refunds never blocked, and the limits on offline wallet payments.
// Every order here is first checked to add up, so a case cannot pass on a malformed order.
import { describe, expect, it } from 'vitest';
import type { OfflineWalletLimits, OrderLine, OrderPayment } from './domain.ts';
import { assertOrderAddsUp } from './order-math.ts';
import {
  checkOfflineWalletLimits,
  checkWalletEligibility,
  checkWalletRules,
  walletFlows,
  walletPayableMinor,
  type OfflineRefusal,
  type WalletCheckInput,
  type WalletOrder,
  type WalletRefusal,
} from './wallet-rules.ts';

type Method = WalletCheckInput['paymentMethods'][number];

const cash: Method = {
  id: '00000000-0000-4000-8000-0000000000c1',
  kind: 'cash',
  minimumWalletMinor: 0,
  requiresCustomer: false,
};
const card: Method = { ...cash, id: '00000000-0000-4000-8000-0000000000c2', kind: 'card' };
/** "Portefeuille client", with the default minimum wallet amount of 0. */
const wallet: Method = {
  id: '00000000-0000-4000-8000-0000000000c3',
  kind: 'wallet',
  minimumWalletMinor: 0,
  requiresCustomer: true,
};
/** A method that is only for known customers, such as payment against a monthly invoice. */
const invoice: Method = {
  id: '00000000-0000-4000-8000-0000000000c4',
  kind: 'other',
  minimumWalletMinor: 0,
  requiresCustomer: true,
};

const walletUser = { isWalletUser: true };
const notWalletUser = { isWalletUser: false };

function goods(totalMinor: number): OrderLine {
  return {
    productId: '00000000-0000-4000-8000-000000000001',
    name: 'Épicerie',
    quantityMilli: totalMinor < 0 ? -1000 : 1000,
    unitPriceMinor: Math.abs(totalMinor),
    taxRateBasisPoints: 600,
    isWalletCredit: false,
    totalMinor,
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

function pay(method: Method, amountMinor: number): OrderPayment {
  return { methodId: method.id, kind: method.kind, amountMinor };
}

function order(
  lines: OrderLine[],
  payments: OrderPayment[],
  change: { givenMinor?: number; toWalletMinor?: number } = {},
): WalletOrder {
  const built = {
    lines,
    payments,
    changeGivenMinor: change.givenMinor ?? 0,
    changeToWalletMinor: change.toWalletMinor ?? 0,
  };
  assertOrderAddsUp(built);
  return built;
}

interface Case {
  title: string;
  order: WalletOrder;
  customer?: WalletCheckInput['customer'];
  balanceMinor?: number;
  methods?: Method[];
}

function check(row: Case) {
  return checkWalletRules({
    order: row.order,
    customer: row.customer === undefined ? walletUser : row.customer,
    balanceMinor: row.balanceMinor ?? 0,
    paymentMethods: row.methods ?? [cash, card, wallet, invoice],
  });
}

function withMinimum(minimumWalletMinor: number): Method[] {
  return [cash, card, { ...wallet, minimumWalletMinor }, invoice];
}

describe('a customer is required', () => {
  it.each<Case & { reason: WalletRefusal }>([
    {
      title: 'a wallet payment',
      order: order([goods(2000)], [pay(wallet, 2000)]),
      reason: 'customer_required',
    },
    {
      title: 'a wallet method without the flag',
      order: order([goods(2000)], [pay(wallet, 2000)]),
      methods: [cash, { ...wallet, requiresCustomer: false }],
      reason: 'customer_required',
    },
    {
      title: 'a top-up line paid in cash',
      order: order([topUp(50)], [pay(cash, 5000)]),
      reason: 'customer_required',
    },
    {
      title: 'a top-up line paid by card',
      order: order([topUp(20), goods(1000)], [pay(card, 3000)]),
      reason: 'customer_required',
    },
    {
      title: 'change put on the wallet',
      order: order([goods(4705)], [pay(cash, 5000)], { toWalletMinor: 295 }),
      reason: 'customer_required',
    },
    {
      title: 'a refund to the wallet',
      order: order([goods(-1000)], [pay(wallet, -1000)]),
      reason: 'customer_required',
    },
    {
      title: 'a method flagged as needing one',
      order: order([goods(2000)], [pay(invoice, 2000)]),
      reason: 'method_requires_customer',
    },
  ])('for $title', (row) => {
    expect(check({ ...row, customer: null })).toEqual({ ok: false, reason: row.reason });
  });

  it.each<Case>([
    { title: 'a cash sale', order: order([goods(2000)], [pay(cash, 2000)]) },
    {
      title: 'a cash sale with change handed back',
      order: order([goods(4705)], [pay(cash, 5000)], { givenMinor: 295 }),
    },
    { title: 'a card sale', order: order([goods(2000)], [pay(card, 2000)]) },
    { title: 'a cash refund', order: order([goods(-1000)], [pay(cash, -1000)]) },
  ])('for nothing that leaves the wallet alone: $title', (row) => {
    expect(check({ ...row, customer: null })).toEqual({
      ok: true,
      walletChargeMinor: 0,
      walletDeltaMinor: 0,
      balanceAfterMinor: null,
      isWalletTouched: false,
    });
  });
});

describe('only wallet users may touch a wallet', () => {
  it.each<Case>([
    { title: 'pay with it', order: order([goods(2000)], [pay(wallet, 2000)]) },
    { title: 'top it up', order: order([topUp(50)], [pay(cash, 5000)]) },
    {
      title: 'take change onto it',
      order: order([goods(4705)], [pay(cash, 5000)], { toWalletMinor: 295 }),
    },
    { title: 'be refunded onto it', order: order([goods(-1000)], [pay(wallet, -1000)]) },
  ])('a customer who is not a wallet user may not $title', (row) => {
    const decision = check({ ...row, customer: notWalletUser, balanceMinor: 1_000_000 });
    expect(decision).toEqual({ ok: false, reason: 'not_wallet_user' });
  });

  it.each<Case>([
    { title: 'cash', order: order([goods(2000)], [pay(cash, 2000)]) },
    { title: 'card', order: order([goods(2000)], [pay(card, 2000)]) },
    { title: 'a method requiring a customer', order: order([goods(2000)], [pay(invoice, 2000)]) },
  ])('a customer who is not a wallet user may still pay by $title', (row) => {
    expect(check({ ...row, customer: notWalletUser })).toMatchObject({
      ok: true,
      isWalletTouched: false,
    });
  });
});

describe('the minimum wallet amount', () => {
  it.each([
    {
      title: 'no overdraft, spending to exactly zero',
      minimum: 0,
      balance: 2000,
      spend: 2000,
      after: 0,
    },
    { title: 'an overdraft down to -50,00', minimum: -5000, balance: 0, spend: 5000, after: -5000 },
    {
      title: 'an overdraft from a negative balance',
      minimum: -5000,
      balance: -3000,
      spend: 2000,
      after: -5000,
    },
    { title: 'a floor of 10,00 to keep', minimum: 1000, balance: 3000, spend: 2000, after: 1000 },
    {
      title: 'a floor well above the spend',
      minimum: 1000,
      balance: 10_000,
      spend: 100,
      after: 9900,
    },
  ])('allows a payment that leaves the minimum: $title', (row) => {
    const decision = check({
      title: row.title,
      order: order([goods(row.spend)], [pay(wallet, row.spend)]),
      balanceMinor: row.balance,
      methods: withMinimum(row.minimum),
    });
    expect(decision).toEqual({
      ok: true,
      walletChargeMinor: row.spend,
      walletDeltaMinor: -row.spend,
      balanceAfterMinor: row.after,
      isWalletTouched: true,
    });
  });

  it.each([
    { title: 'one cent below zero', minimum: 0, balance: 2000, spend: 2001, available: 2000 },
    { title: 'any spend from an empty wallet', minimum: 0, balance: 0, spend: 1, available: 0 },
    { title: 'from a negative balance', minimum: 0, balance: -500, spend: 100, available: 0 },
    { title: 'beyond the overdraft', minimum: -5000, balance: 0, spend: 5001, available: 5000 },
    {
      title: 'beyond an overdraft already used',
      minimum: -5000,
      balance: -3000,
      spend: 2001,
      available: 2000,
    },
    { title: 'into the floor to keep', minimum: 1000, balance: 3000, spend: 2001, available: 2000 },
    {
      title: 'from a balance under the floor',
      minimum: 1000,
      balance: 500,
      spend: 1,
      available: 0,
    },
  ])('refuses a payment that breaks the minimum: $title', (row) => {
    const decision = check({
      title: row.title,
      order: order([goods(row.spend)], [pay(wallet, row.spend)]),
      balanceMinor: row.balance,
      methods: withMinimum(row.minimum),
    });
    expect(decision).toEqual({
      ok: false,
      reason: 'below_minimum_wallet_amount',
      availableMinor: row.available,
    });
  });

  it('applies the stricter minimum when two wallet methods share an order', () => {
    const lenient: Method = { ...wallet, minimumWalletMinor: -5000 };
    const strict: Method = { ...wallet, id: '00000000-0000-4000-8000-0000000000c5' };
    const decision = check({
      title: 'two wallet methods',
      order: order([goods(1000)], [pay(lenient, 600), pay(strict, 400)]),
      balanceMinor: 500,
      methods: [lenient, strict],
    });
    expect(decision).toEqual({
      ok: false,
      reason: 'below_minimum_wallet_amount',
      availableMinor: 500,
    });
  });

  it('refuses a payment method the till does not know', () => {
    const decision = check({
      title: 'unknown method',
      order: order([goods(1000)], [pay(wallet, 1000)]),
      methods: [cash, card],
    });
    expect(decision).toEqual({ ok: false, reason: 'unknown_payment_method' });
  });
});

describe('top-ups and change in the same order count first', () => {
  it('charges the wallet net: buying 20 and topping up 50 with nothing on the wallet', () => {
    const decision = check({
      title: 'buy 20, top up 50',
      order: order([goods(2000), topUp(50)], [pay(cash, 5000), pay(wallet, 2000)]),
      balanceMinor: 0,
    });
    expect(decision).toEqual({
      ok: true,
      walletChargeMinor: 0,
      walletDeltaMinor: 3000,
      balanceAfterMinor: 3000,
      isWalletTouched: true,
    });
  });

  it('charges the wallet only what the top-up does not cover', () => {
    const decision = check({
      title: 'buy 20, top up 10',
      order: order([goods(2000), topUp(10)], [pay(cash, 1000), pay(wallet, 2000)]),
      balanceMinor: 1000,
    });
    expect(decision).toEqual({
      ok: true,
      walletChargeMinor: 1000,
      walletDeltaMinor: -1000,
      balanceAfterMinor: 0,
      isWalletTouched: true,
    });
  });

  it('refuses when balance and top-up do not cover the spend, and says what is there', () => {
    const decision = check({
      title: 'buy 20, top up 10, nothing on the wallet',
      order: order([goods(2000), topUp(10)], [pay(cash, 1000), pay(wallet, 2000)]),
      balanceMinor: 0,
    });
    expect(decision).toEqual({
      ok: false,
      reason: 'below_minimum_wallet_amount',
      availableMinor: 1000,
    });
  });

  it('counts change put on the wallet before a wallet payment in the same order', () => {
    const decision = check({
      title: 'change and spend',
      order: order([goods(1000)], [pay(wallet, 500), pay(cash, 1000)], { toWalletMinor: 500 }),
      balanceMinor: 0,
    });
    expect(decision).toMatchObject({ ok: true, walletChargeMinor: 0, balanceAfterMinor: 0 });
  });

  it('checks a returned top-up like a spend', () => {
    const decision = check({
      title: 'top-up returned for cash',
      order: order([topUp(-10)], [pay(cash, -1000)]),
      balanceMinor: 500,
    });
    expect(decision).toEqual({
      ok: false,
      reason: 'below_minimum_wallet_amount',
      availableMinor: 500,
    });
  });
});

describe('the minimum is checked only when the wallet is charged', () => {
  const belowMinimum = { balanceMinor: -2000, methods: withMinimum(0) };

  it.each<Case & { delta: number }>([
    { title: 'pay cash', order: order([goods(2000)], [pay(cash, 2000)]), delta: 0 },
    { title: 'pay by card', order: order([goods(2000)], [pay(card, 2000)]), delta: 0 },
    {
      title: 'top up less than the debt',
      order: order([topUp(10)], [pay(cash, 1000)]),
      delta: 1000,
    },
    {
      title: 'top up more than the debt',
      order: order([topUp(50)], [pay(card, 5000)]),
      delta: 5000,
    },
    {
      title: 'put change on the wallet',
      order: order([goods(4705)], [pay(cash, 5000)], { toWalletMinor: 295 }),
      delta: 295,
    },
    {
      title: 'spend less than a same-order top-up',
      order: order([goods(2000), topUp(50)], [pay(cash, 5000), pay(wallet, 2000)]),
      delta: 3000,
    },
  ])('a customer below the minimum can still $title', (row) => {
    const decision = check({ ...row, ...belowMinimum });
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    expect(decision.walletChargeMinor).toBe(0);
    expect(decision.walletDeltaMinor).toBe(row.delta);
    expect(decision.balanceAfterMinor).toBe(row.delta === 0 ? null : -2000 + row.delta);
  });

  it('a customer below the minimum cannot spend from the wallet', () => {
    const decision = check({
      title: 'spend while below',
      order: order([goods(100)], [pay(wallet, 100)]),
      ...belowMinimum,
    });
    expect(decision).toMatchObject({ ok: false, reason: 'below_minimum_wallet_amount' });
  });

  it('a customer under a positive floor can still pay cash', () => {
    const decision = check({
      title: 'cash under the floor',
      order: order([goods(2000)], [pay(cash, 2000)]),
      balanceMinor: 500,
      methods: withMinimum(1000),
    });
    expect(decision).toMatchObject({ ok: true, isWalletTouched: false });
  });
});

describe('refunds to the wallet', () => {
  it.each([
    { title: 'below a minimum of zero', minimum: 0, balance: -2000 },
    { title: 'beyond the allowed overdraft', minimum: -5000, balance: -10_000 },
    { title: 'under a floor to keep', minimum: 1000, balance: 0 },
    { title: 'at exactly the minimum', minimum: 0, balance: 0 },
  ])('are never blocked, even $title', ({ minimum, balance }) => {
    const decision = check({
      title: 'refund',
      order: order([goods(-1000)], [pay(wallet, -1000)]),
      balanceMinor: balance,
      methods: withMinimum(minimum),
    });
    expect(decision).toEqual({
      ok: true,
      walletChargeMinor: 0,
      walletDeltaMinor: 1000,
      balanceAfterMinor: balance + 1000,
      isWalletTouched: true,
    });
  });
});

describe('checkWalletEligibility', () => {
  it.each([
    {
      title: 'no wallet method used',
      order: order([topUp(50)], [pay(cash, 5000)]),
      methods: [cash, wallet],
      expected: { creditsMinor: 5000, debitsMinor: 0, minimumWalletMinor: null },
    },
    {
      title: 'the wallet method used',
      order: order([goods(2000)], [pay(wallet, 2000)]),
      methods: [cash, { ...wallet, minimumWalletMinor: -5000 }],
      expected: { creditsMinor: 0, debitsMinor: 2000, minimumWalletMinor: -5000 },
    },
    {
      title: 'credits and debits both present',
      order: order([goods(2000), topUp(50)], [pay(cash, 5000), pay(wallet, 2000)]),
      methods: [cash, wallet],
      expected: { creditsMinor: 5000, debitsMinor: 2000, minimumWalletMinor: 0 },
    },
  ])('reports the flows and the minimum that applies with $title', (row) => {
    const eligibility = checkWalletEligibility({
      order: row.order,
      customer: walletUser,
      paymentMethods: row.methods,
    });
    expect(eligibility).toEqual({ ok: true, ...row.expected });
  });

  it('holds whatever the balance, as it never looks at one', () => {
    const eligibility = checkWalletEligibility({
      order: order([goods(2000)], [pay(wallet, 2000)]),
      customer: notWalletUser,
      paymentMethods: [wallet],
    });
    expect(eligibility).toEqual({ ok: false, reason: 'not_wallet_user' });
  });
});

describe('walletFlows', () => {
  it('keeps what goes in and what goes out apart instead of netting them', () => {
    const flows = walletFlows(
      order([goods(4705), topUp(20)], [pay(cash, 5000), pay(wallet, 1705)], {
        toWalletMinor: 0,
      }),
    );
    expect(flows).toEqual({ creditsMinor: 2000, debitsMinor: 1705 });
  });

  it('counts change onto the wallet and a wallet refund as credits', () => {
    const change = order([goods(4705)], [pay(cash, 5000)], { toWalletMinor: 295 });
    const refund = order([goods(-1000)], [pay(wallet, -1000)]);
    expect(walletFlows(change)).toEqual({ creditsMinor: 295, debitsMinor: 0 });
    expect(walletFlows(refund)).toEqual({ creditsMinor: 1000, debitsMinor: 0 });
  });
});

describe('walletPayableMinor', () => {
  it.each([
    { title: 'all that is due', balance: 3000, minimum: 0, credits: 0, due: 2000, payable: 2000 },
    { title: 'the whole balance', balance: 1000, minimum: 0, credits: 0, due: 2000, payable: 1000 },
    {
      title: 'down to the overdraft',
      balance: 0,
      minimum: -5000,
      credits: 0,
      due: 7000,
      payable: 5000,
    },
    {
      title: 'the top-up of the same order',
      balance: 0,
      minimum: 0,
      credits: 5000,
      due: 7000,
      payable: 5000,
    },
    {
      title: 'down to the floor to keep',
      balance: 3000,
      minimum: 1000,
      credits: 0,
      due: 5000,
      payable: 2000,
    },
    {
      title: 'nothing when below the minimum',
      balance: -2000,
      minimum: 0,
      credits: 0,
      due: 1000,
      payable: 0,
    },
    {
      title: 'nothing when under the floor',
      balance: 500,
      minimum: 1000,
      credits: 0,
      due: 1000,
      payable: 0,
    },
    {
      title: 'nothing when nothing is due',
      balance: 3000,
      minimum: 0,
      credits: 0,
      due: 0,
      payable: 0,
    },
  ])('offers $title', (row) => {
    const payable = walletPayableMinor({
      balanceMinor: row.balance,
      minimumWalletMinor: row.minimum,
      orderCreditsMinor: row.credits,
      dueMinor: row.due,
    });
    expect(payable).toBe(row.payable);
  });

  it('offers exactly what checkWalletRules then accepts, and a cent more is refused', () => {
    const balanceMinor = 1234;
    const methods = withMinimum(-500);
    const payable = walletPayableMinor({
      balanceMinor,
      minimumWalletMinor: -500,
      orderCreditsMinor: 0,
      dueMinor: 10_000,
    });
    const accepted = check({
      title: 'payable',
      order: order([goods(payable)], [pay(wallet, payable)]),
      balanceMinor,
      methods,
    });
    const refused = check({
      title: 'payable and a cent',
      order: order([goods(payable + 1)], [pay(wallet, payable + 1)]),
      balanceMinor,
      methods,
    });
    expect(accepted.ok).toBe(true);
    expect(refused).toMatchObject({ ok: false, availableMinor: payable });
  });
});

describe('checkOfflineWalletLimits', () => {
  const limits: OfflineWalletLimits = {
    perPaymentMaxMinor: 5000,
    perCustomerMaxMinor: 10_000,
    cachedBalanceMaxAgeMinutes: 60,
  };

  it.each([
    { title: 'a payment at the per-payment limit', charge: 5000, pending: 0, age: 0 },
    { title: 'reaching the per-customer limit', charge: 3000, pending: 7000, age: 0 },
    { title: 'a balance exactly as old as allowed', charge: 100, pending: 0, age: 60 },
    {
      title: 'no charge, on a stale balance',
      charge: 0,
      pending: 50_000,
      age: 10_000,
    },
    { title: 'an order that credits the wallet', charge: -3000, pending: 0, age: 10_000 },
  ])('allows $title', ({ charge, pending, age }) => {
    expect(
      checkOfflineWalletLimits({
        walletChargeMinor: charge,
        pendingOfflineChargeMinor: pending,
        cachedBalanceAgeMinutes: age,
        limits,
      }),
    ).toEqual({ ok: true });
  });

  it.each<{ title: string; charge: number; pending: number; age: number; reason: OfflineRefusal }>([
    {
      title: 'a cent over the per-payment limit',
      charge: 5001,
      pending: 0,
      age: 0,
      reason: 'offline_payment_limit',
    },
    {
      title: 'a cent over the per-customer limit',
      charge: 3000,
      pending: 7001,
      age: 0,
      reason: 'offline_customer_limit',
    },
    {
      title: 'many small payments adding up',
      charge: 100,
      pending: 9950,
      age: 0,
      reason: 'offline_customer_limit',
    },
    {
      title: 'a balance a minute too old',
      charge: 100,
      pending: 0,
      age: 61,
      reason: 'cached_balance_too_old',
    },
  ])('refuses $title', ({ charge, pending, age, reason }) => {
    expect(
      checkOfflineWalletLimits({
        walletChargeMinor: charge,
        pendingOfflineChargeMinor: pending,
        cachedBalanceAgeMinutes: age,
        limits,
      }),
    ).toEqual({ ok: false, reason });
  });

  it('lets a store forbid offline wallet payments with limits of zero', () => {
    const none = { perPaymentMaxMinor: 0, perCustomerMaxMinor: 0, cachedBalanceMaxAgeMinutes: 0 };
    const spend = { pendingOfflineChargeMinor: 0, cachedBalanceAgeMinutes: 0, limits: none };
    expect(checkOfflineWalletLimits({ ...spend, walletChargeMinor: 1 }).ok).toBe(false);
    expect(checkOfflineWalletLimits({ ...spend, walletChargeMinor: 0 })).toEqual({ ok: true });
  });

  it('applies to the net charge, so buying 20 and topping up 50 offline needs no limit', () => {
    const decision = check({
      title: 'offline buy and top-up',
      order: order([goods(2000), topUp(50)], [pay(cash, 5000), pay(wallet, 2000)]),
    });
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    const offline = checkOfflineWalletLimits({
      walletChargeMinor: decision.walletChargeMinor,
      pendingOfflineChargeMinor: 0,
      cachedBalanceAgeMinutes: 24 * 60,
      limits,
    });
    expect(offline).toEqual({ ok: true });
  });
});

describe('an order that takes from the wallet without a wallet payment', () => {
  it("is held to the wallet method's minimum, not to zero", () => {
    const methods = [
      { id: 'cash', kind: 'cash' as const, minimumWalletMinor: 0, requiresCustomer: false },
      { id: 'wallet', kind: 'wallet' as const, minimumWalletMinor: 500, requiresCustomer: true },
    ];
    const returnedTopUp = {
      lines: [
        {
          productId: 'top-up',
          name: 'Crédit',
          quantityMilli: -10_000,
          unitPriceMinor: 100,
          taxRateBasisPoints: 0,
          isWalletCredit: true,
          totalMinor: -1_000,
        },
      ],
      payments: [{ methodId: 'cash', kind: 'cash' as const, amountMinor: -1_000 }],
      changeToWalletMinor: 0,
    };
    const customer = { isWalletUser: true };
    const allowed = checkWalletRules({
      order: returnedTopUp,
      customer,
      balanceMinor: 1_500,
      paymentMethods: methods,
    });
    expect(allowed).toMatchObject({ ok: true, balanceAfterMinor: 500 });
    const refused = checkWalletRules({
      order: returnedTopUp,
      customer,
      balanceMinor: 1_400,
      paymentMethods: methods,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'below_minimum_wallet_amount' });
  });
});
