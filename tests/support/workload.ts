// What the ledger suites drive the ledger with. Random till workloads for the property tests:
// sales paid in cash, by card or from the wallet, top-ups, change put on the wallet, refunds and
// resent orders, together with the answer the ledger owes for each pushed order and the balance
// each wallet must end at, both worked out here from the workload alone. And the teardown of a
// test ledger.
import fc from 'fast-check';
import pg from 'pg';
import type { Order, OrderLine, OrderPayment } from '../../shared/domain.ts';
import type { PushItemResult, PushRejectionReason } from '../../shared/protocol.ts';
import { postgresAdminUrl, type openTestLedger } from './databases.ts';
import { line, makeOrder, pay, type SeededStore } from './store.ts';

export type OpenedLedger = Awaited<ReturnType<typeof openTestLedger>>;

const settleAttemptsMax = 200;
const settleDelayMs = 10;

/**
 * Closes a test ledger and drops its database. On PostgreSQL the pool's end() resolves before
 * its connections are gone, and the forced drop that follows may terminate one that is still
 * closing; the pool has no error listener, so that surfaces as an uncaught error in whichever
 * test runs next. Waiting until the server shows no connection left avoids the race.
 */
export async function closeTestLedger(opened: OpenedLedger): Promise<void> {
  const database = opened.ledger.database;
  if (database.dialect === 'postgres') {
    const closeConnections = database.close.bind(database);
    database.close = async () => {
      await closeConnections();
      await waitForNoConnections(opened.location);
    };
  }
  await opened.close();
}

async function waitForNoConnections(location: string): Promise<void> {
  const databaseName = new URL(location).pathname.slice(1);
  const admin = new pg.Client({ connectionString: postgresAdminUrl ?? location });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < settleAttemptsMax; attempt += 1) {
      const result = await admin.query<{ count: unknown }>(
        'SELECT COUNT(*) AS count FROM pg_stat_activity WHERE datname = $1',
        [databaseName],
      );
      if (Number(result.rows[0]?.count) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, settleDelayMs));
    }
  } finally {
    await admin.end();
  }
}

/** Who stands at the till: a customer (with their wallet) or nobody. */
export interface Buyer {
  customerId: string | null;
  walletId: string | null;
  isWalletUser: boolean;
}

interface Goods {
  product: 'bread' | 'soap';
  quantityMilli: number;
}

export type Tender = 'cash' | 'card' | 'wallet' | 'split';

/** One thing the cashier does. Indexes pick a buyer or an earlier order, modulo what exists. */
export type Step =
  | {
      kind: 'sale';
      buyer: number;
      goods: Goods[];
      topUpUnits: number;
      tender: Tender;
      walletShareBasisPoints: number;
      isOffline: boolean;
    }
  | {
      kind: 'change_to_wallet';
      buyer: number;
      goods: Goods[];
      extraCashMinor: number;
      givenBackMinor: number;
    }
  | { kind: 'refund'; target: number; isToWallet: boolean; isPartial: boolean }
  | { kind: 'resend'; target: number; alteration: 'none' | 'cashier' | 'created_at' };

export type ExpectedResult =
  | { status: 'created'; walletBalanceMinor: number | null; isOverdrawn: boolean }
  | { status: 'exists' }
  | { status: 'conflict' }
  | { status: 'rejected'; reason: PushRejectionReason };

export interface Send {
  order: Order;
  expected: ExpectedResult;
}

export interface Workload {
  /** Every order in the order the till sends it, each with the answer the ledger owes. */
  sends: Send[];
  /** The balance each wallet must end at. */
  walletBalances: Map<string, number>;
  /** How many distinct orders must end up booked. */
  createdCount: number;
}

interface Original {
  order: Order;
  expected: ExpectedResult;
}

interface Refundable {
  order: Order;
  buyer: Buyer;
  goodsLines: OrderLine[];
}

/** What an order does to its buyer's wallet, worked out by the step that built it. */
interface WalletEffect {
  deltaMinor: number;
  isTouched: boolean;
}

/** Cash is tendered in 5,00 steps, so most cash sales hand change back. */
const cashStepMinor = 500;

function goodsLines(store: SeededStore, goods: readonly Goods[]): OrderLine[] {
  return goods.map((item) => line(store[item.product], item.quantityMilli));
}

function totalOf(lines: readonly OrderLine[]): number {
  return lines.reduce((total, item) => total + item.totalMinor, 0);
}

function nonZero(payments: OrderPayment[]): OrderPayment[] {
  return payments.filter((payment) => payment.amountMinor !== 0);
}

/** The gate the ledger applies before the books: the wallet needs a customer who uses it. */
function walletRefusal(buyer: Buyer, effect: WalletEffect): PushRejectionReason | null {
  if (!effect.isTouched) return null;
  if (buyer.customerId === null) return 'customer_required';
  if (!buyer.isWalletUser) return 'not_wallet_user';
  return null;
}

function tenderPayments(store: SeededStore, tender: Tender, totalMinor: number, shareBp: number) {
  if (totalMinor === 0) return { payments: [], walletPaidMinor: 0, changeGivenMinor: 0 };
  switch (tender) {
    case 'cash': {
      const tenderedMinor = Math.ceil(totalMinor / cashStepMinor) * cashStepMinor;
      return {
        payments: [pay(store.cash, tenderedMinor)],
        walletPaidMinor: 0,
        changeGivenMinor: tenderedMinor - totalMinor,
      };
    }
    case 'card':
      return { payments: [pay(store.card, totalMinor)], walletPaidMinor: 0, changeGivenMinor: 0 };
    case 'wallet':
      return {
        payments: [pay(store.wallet, totalMinor)],
        walletPaidMinor: totalMinor,
        changeGivenMinor: 0,
      };
    case 'split': {
      // Integer division, rounded down, kept between 1 cent and the whole total.
      const walletMinor = Math.min(
        totalMinor,
        Math.max(1, Math.floor((totalMinor * shareBp) / 10_000)),
      );
      return {
        payments: nonZero([
          pay(store.wallet, walletMinor),
          pay(store.card, totalMinor - walletMinor),
        ]),
        walletPaidMinor: walletMinor,
        changeGivenMinor: 0,
      };
    }
  }
}

/**
 * The ledger as the workload expects it to behave, followed order by order in send order, which
 * is also booking order whatever the batches.
 */
class ExpectedLedger {
  readonly sends: Send[] = [];
  readonly balances: Map<string, number>;
  createdCount = 0;
  private readonly originals: Original[] = [];
  private readonly refundables: Refundable[] = [];

  constructor(
    private readonly store: SeededStore,
    private readonly buyers: readonly Buyer[],
    openingBalances: ReadonlyMap<string, number>,
  ) {
    this.balances = new Map(openingBalances);
  }

  sale(step: Extract<Step, { kind: 'sale' }>): void {
    const { store } = this;
    const buyer = this.buyerAt(step.buyer);
    const lines = goodsLines(store, step.goods);
    const topUpMinor = step.topUpUnits * 100;
    const topUpLines = step.topUpUnits > 0 ? [line(store.topUp, step.topUpUnits * 1000)] : [];
    const totalMinor = totalOf(lines) + topUpMinor;
    const tender = tenderPayments(store, step.tender, totalMinor, step.walletShareBasisPoints);
    const order = makeOrder({
      customerId: buyer.customerId,
      lines: [...lines, ...topUpLines],
      payments: tender.payments,
      changeGivenMinor: tender.changeGivenMinor,
      isOffline: step.isOffline && tender.walletPaidMinor > 0,
    });
    const effect = {
      deltaMinor: topUpMinor - tender.walletPaidMinor,
      isTouched: topUpMinor > 0 || tender.walletPaidMinor > 0,
    };
    this.sendOriginal(order, buyer, effect, lines);
  }

  changeToWallet(step: Extract<Step, { kind: 'change_to_wallet' }>): void {
    const buyer = this.buyerAt(step.buyer);
    const lines = goodsLines(this.store, step.goods);
    const givenBackMinor = step.givenBackMinor % step.extraCashMinor;
    const toWalletMinor = step.extraCashMinor - givenBackMinor;
    const order = makeOrder({
      customerId: buyer.customerId,
      lines,
      payments: [pay(this.store.cash, totalOf(lines) + step.extraCashMinor)],
      changeGivenMinor: givenBackMinor,
      changeToWalletMinor: toWalletMinor,
    });
    this.sendOriginal(order, buyer, { deltaMinor: toWalletMinor, isTouched: true }, lines);
  }

  refund(step: Extract<Step, { kind: 'refund' }>): void {
    const target = this.refundables[step.target % Math.max(1, this.refundables.length)];
    if (!target) return;
    const returned = step.isPartial ? target.goodsLines.slice(0, 1) : target.goodsLines;
    // Rounding is half away from zero, so a returned line is exactly its sale negated.
    const lines = returned.map((item) => ({
      ...item,
      quantityMilli: -item.quantityMilli,
      totalMinor: -item.totalMinor,
    }));
    const refundMinor = totalOf(lines);
    const isToWallet = step.isToWallet && target.buyer.isWalletUser;
    const order = makeOrder({
      customerId: target.buyer.customerId,
      lines,
      payments: nonZero([pay(isToWallet ? this.store.wallet : this.store.cash, refundMinor)]),
      refundOfOrderId: target.order.id,
    });
    const effect = {
      deltaMinor: isToWallet ? -refundMinor : 0,
      isTouched: isToWallet && refundMinor !== 0,
    };
    this.sendOriginal(order, target.buyer, effect, []);
    // What came back cannot come back again: the ledger refuses a second refund of it.
    target.goodsLines = target.goodsLines.slice(returned.length);
    if (target.goodsLines.length === 0)
      this.refundables.splice(this.refundables.indexOf(target), 1);
  }

  resend(step: Extract<Step, { kind: 'resend' }>): void {
    const target = this.originals[step.target % Math.max(1, this.originals.length)];
    if (!target) return;
    const isCreated = target.expected.status === 'created';
    if (step.alteration === 'none' || !isCreated) {
      // A refused order is judged afresh each time it comes back, and refused again.
      const expected: ExpectedResult = isCreated ? { status: 'exists' } : target.expected;
      this.sends.push({ order: structuredClone(target.order), expected });
      return;
    }
    const order: Order =
      step.alteration === 'cashier'
        ? { ...target.order, cashierName: 'Autre caissier' }
        : {
            ...target.order,
            createdAt: new Date(Date.parse(target.order.createdAt) + 1_000).toISOString(),
          };
    this.sends.push({ order, expected: { status: 'conflict' } });
  }

  private buyerAt(index: number): Buyer {
    return this.buyers[index % this.buyers.length] as Buyer;
  }

  private sendOriginal(order: Order, buyer: Buyer, effect: WalletEffect, lines: OrderLine[]) {
    const expected = this.book(buyer, effect);
    this.sends.push({ order, expected });
    this.originals.push({ order, expected });
    const hasGoods = lines.some((item) => item.totalMinor !== 0);
    if (expected.status === 'created' && hasGoods) {
      this.refundables.push({ order, buyer, goodsLines: lines });
    }
  }

  private book(buyer: Buyer, effect: WalletEffect): ExpectedResult {
    const reason = walletRefusal(buyer, effect);
    if (reason) return { status: 'rejected', reason };
    this.createdCount += 1;
    if (!effect.isTouched || buyer.walletId === null) {
      return { status: 'created', walletBalanceMinor: null, isOverdrawn: false };
    }
    const balanceMinor = (this.balances.get(buyer.walletId) ?? 0) + effect.deltaMinor;
    this.balances.set(buyer.walletId, balanceMinor);
    // The workload's wallet method keeps the default minimum of 0.
    const isOverdrawn = effect.deltaMinor < 0 && balanceMinor < 0;
    return { status: 'created', walletBalanceMinor: balanceMinor, isOverdrawn };
  }
}

/**
 * Turns steps into the orders a till would send, and works out, without the ledger, what the
 * ledger must answer for each and where each wallet must end.
 */
export function buildWorkload(
  store: SeededStore,
  buyers: readonly Buyer[],
  openingBalances: ReadonlyMap<string, number>,
  steps: readonly Step[],
): Workload {
  const expected = new ExpectedLedger(store, buyers, openingBalances);
  for (const step of steps) {
    switch (step.kind) {
      case 'sale':
        expected.sale(step);
        break;
      case 'change_to_wallet':
        expected.changeToWallet(step);
        break;
      case 'refund':
        expected.refund(step);
        break;
      case 'resend':
        expected.resend(step);
        break;
    }
  }
  return {
    sends: expected.sends,
    walletBalances: expected.balances,
    createdCount: expected.createdCount,
  };
}

/** Cuts the sends into batches of the given sizes, used in turn, keeping their order. */
export function batchesOf<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const batches: T[][] = [];
  let start = 0;
  for (let turn = 0; start < items.length; turn += 1) {
    const size = Math.max(1, sizes[turn % sizes.length] ?? 1);
    batches.push(items.slice(start, start + size));
    start += size;
  }
  return batches;
}

/** The part of a push result the workload predicts. */
export function observedResult(result: PushItemResult): ExpectedResult {
  switch (result.status) {
    case 'created':
      return {
        status: 'created',
        walletBalanceMinor: result.walletBalanceMinor,
        isOverdrawn: result.isOverdrawn,
      };
    case 'exists':
      return { status: 'exists' };
    case 'conflict':
      return { status: 'conflict' };
    case 'rejected':
      return { status: 'rejected', reason: result.reason };
  }
}

const goodsArbitrary = fc.array(
  fc.record({
    product: fc.constantFrom('bread' as const, 'soap' as const),
    // Whole articles, or weighed quantities whose totals need rounding (some round to 0).
    quantityMilli: fc.oneof(
      fc.integer({ min: 1, max: 4 }).map((units) => units * 1000),
      fc.integer({ min: 1, max: 2_500 }),
    ),
  }),
  { minLength: 1, maxLength: 3 },
);

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('sale' as const),
      buyer: fc.nat(),
      goods: goodsArbitrary,
      topUpUnits: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 80 })),
      tender: fc.constantFrom<Tender>('cash', 'card', 'wallet', 'split'),
      walletShareBasisPoints: fc.integer({ min: 1, max: 9_999 }),
      isOffline: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('change_to_wallet' as const),
      buyer: fc.nat(),
      goods: goodsArbitrary,
      extraCashMinor: fc.integer({ min: 1, max: 2_000 }),
      givenBackMinor: fc.nat({ max: 2_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      target: fc.nat(),
      isToWallet: fc.boolean(),
      isPartial: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('resend' as const),
      target: fc.nat(),
      alteration: fc.constantFrom('none' as const, 'cashier' as const, 'created_at' as const),
    }),
  },
);

export const workloadArbitrary = fc.record({
  openingBalancesMinor: fc.tuple(
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
    fc.integer({ min: 0, max: 20_000 }),
  ),
  // fast-check keeps arrays short unless told otherwise; retries and refunds need earlier
  // orders to meet, so workloads use the whole range of lengths.
  steps: fc.array(stepArbitrary, { minLength: 5, maxLength: 40, size: 'max' }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
});
