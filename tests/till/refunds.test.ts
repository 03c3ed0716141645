// Refunds at the till: what of an order may still come back (never more than sold minus what
// this till refunded, never a wallet top-up), where the money goes back (the methods that took
// it, net of change, or the customer's wallet), and, against a real server, a refund onto the
// wallet of a customer below the minimum wallet amount, which nothing may block, validated and
// booked through the same path as a sale.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order, OrderLine, OrderPayment } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { lineTotalMinor } from '../../shared/order-math.ts';
import { planRefund, refundableLines, type RefundRequest } from '../../renderer/sale/refund.ts';
import { validateSale } from '../../renderer/sale/validate-sale.ts';
import { readWalletView } from '../../renderer/store/wallet-view.ts';
import { engines } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { line, pay } from '../support/store.ts';
import {
  draft,
  openTill,
  serverBalance,
  startSynced,
  waitForDrained,
  type TestTill,
} from './support.ts';

const methods = {
  cash: { id: '00000000-0000-4000-8000-0000000000c1', kind: 'cash' },
  card: { id: '00000000-0000-4000-8000-0000000000c2', kind: 'card' },
  wallet: { id: '00000000-0000-4000-8000-0000000000c3', kind: 'wallet' },
} as const;

function goods(productId: string, unitPriceMinor: number, quantityMilli = 1000): OrderLine {
  return {
    productId,
    name: `Article ${productId.slice(-2)}`,
    quantityMilli,
    unitPriceMinor,
    taxRateBasisPoints: 600,
    isWalletCredit: false,
    totalMinor: lineTotalMinor(unitPriceMinor, quantityMilli),
  };
}

const bread = '00000000-0000-4000-8000-0000000000a1';
const soap = '00000000-0000-4000-8000-0000000000a2';
const topUpLine: OrderLine = {
  productId: '00000000-0000-4000-8000-0000000000a3',
  name: 'Crédit',
  quantityMilli: 20_000,
  unitPriceMinor: 100,
  taxRateBasisPoints: 0,
  isWalletCredit: true,
  totalMinor: 2_000,
};

function paid(kind: keyof typeof methods, amountMinor: number): OrderPayment {
  return { methodId: methods[kind].id, kind, amountMinor };
}

type Original = RefundRequest['original'];

function original(
  lines: OrderLine[],
  payments: OrderPayment[],
  change: { givenMinor?: number; toWalletMinor?: number } = {},
): Original {
  return {
    lines,
    payments,
    changeGivenMinor: change.givenMinor ?? 0,
    changeToWalletMinor: change.toWalletMinor ?? 0,
  };
}

function request(overrides: Partial<RefundRequest> & Pick<RefundRequest, 'original'>) {
  return planRefund({
    earlierRefunds: [],
    quantitiesMilli: new Map(),
    destination: 'original',
    walletMethod: methods.wallet,
    ...overrides,
  });
}

describe('what may still be refunded', () => {
  it('subtracts this till’s earlier refunds, line by line, and never a top-up', () => {
    const sale = original(
      [goods(bread, 405, 3000), goods(soap, 1250), goods(bread, 405, 1000), topUpLine],
      [paid('cash', 5_465)],
    );
    const earlier = [{ lines: [goods(bread, 405, -3500)], payments: [paid('cash', -1418)] }];
    const lines = refundableLines(sale, earlier);
    expect(lines.map((entry) => [entry.refundedMilli, entry.remainingMilli])).toEqual([
      [3000, 0],
      [0, 1000],
      [500, 500],
      [0, 20_000],
    ]);
    expect(lines.map((entry) => entry.isRefundable)).toEqual([true, true, true, false]);
  });

  it.each([
    { title: 'more than was sold', index: 0, quantityMilli: 2001, reason: 'too_much' },
    { title: 'a wallet top-up', index: 1, quantityMilli: 1000, reason: 'not_refundable' },
    {
      title: 'a line the order does not have',
      index: 7,
      quantityMilli: 1000,
      reason: 'not_refundable',
    },
    { title: 'a negative quantity', index: 0, quantityMilli: -1000, reason: 'too_much' },
  ])('refuses $title', ({ index, quantityMilli, reason }) => {
    const sale = original([goods(bread, 405, 2000), topUpLine], [paid('cash', 2_810)]);
    const plan = request({ original: sale, quantitiesMilli: new Map([[index, quantityMilli]]) });
    expect(plan).toMatchObject({ ok: false, problem: { reason } });
  });

  it('refuses a refund of nothing', () => {
    const sale = original([goods(bread, 405)], [paid('cash', 405)]);
    expect(request({ original: sale, quantitiesMilli: new Map([[0, 0]]) })).toEqual({
      ok: false,
      problem: { reason: 'nothing' },
    });
  });

  it('refuses what an earlier refund already brought back', () => {
    const sale = original([goods(bread, 405, 2000)], [paid('cash', 810)]);
    const earlier = [{ lines: [goods(bread, 405, -2000)], payments: [paid('cash', -810)] }];
    const plan = request({
      original: sale,
      earlierRefunds: earlier,
      quantitiesMilli: new Map([[0, 1000]]),
    });
    expect(plan).toEqual({
      ok: false,
      problem: { reason: 'too_much', index: 0, remainingMilli: 0 },
    });
  });
});

describe('where the money goes back', () => {
  it('refunds cash net of the change handed back', () => {
    const sale = original([goods(bread, 405, 2000)], [paid('cash', 1_000)], { givenMinor: 190 });
    const plan = request({ original: sale, quantitiesMilli: new Map([[0, 2000]]) });
    expect(plan).toEqual({
      ok: true,
      lines: [{ ...goods(bread, 405, -2000) }],
      payments: [paid('cash', -810)],
      refundMinor: 810,
    });
  });

  it('takes the last method first and never gives a method more than it took', () => {
    // 16,55: 10,00 from the wallet, the rest in cash with 3,45 put on the wallet as change.
    const sale = original(
      [goods(bread, 405), goods(soap, 1250)],
      [paid('wallet', 1_000), paid('cash', 1_000)],
      { toWalletMinor: 345 },
    );
    const soapBack = request({ original: sale, quantitiesMilli: new Map([[1, 1000]]) });
    expect(soapBack).toMatchObject({
      ok: true,
      payments: [paid('cash', -655), paid('wallet', -595)],
      refundMinor: 1_250,
    });
    const earlier = [
      { lines: [goods(soap, 1250, -1000)], payments: [paid('cash', -655), paid('wallet', -595)] },
    ];
    const breadBack = request({
      original: sale,
      earlierRefunds: earlier,
      quantitiesMilli: new Map([[0, 1000]]),
    });
    expect(breadBack).toMatchObject({ ok: true, payments: [paid('wallet', -405)] });
  });

  it('puts the whole refund on the wallet when asked, whatever paid', () => {
    const sale = original([goods(soap, 1250)], [paid('card', 1_250)]);
    const plan = request({
      original: sale,
      destination: 'wallet',
      quantitiesMilli: new Map([[0, 1000]]),
    });
    expect(plan).toMatchObject({ ok: true, payments: [paid('wallet', -1_250)] });
  });
});

describe.each(engines)('a refund onto the wallet on %s', (engine) => {
  let server: TestServer;
  let till: TestTill;
  beforeEach(async () => {
    server = await startTestServer(engine, { walletBalanceMinor: 2_000 });
    till = openTill(server);
    await startSynced(till);
  });
  afterEach(async () => {
    await till.close();
    await server.close();
  });

  it('is never blocked by the minimum wallet amount, and is booked naming its order', async () => {
    const { alice, soap, wallet } = server.store;
    const customer = (await till.db.customers.get(alice.id))!;
    const sale = draft({
      customer,
      lines: [line(soap)],
      payments: [pay(wallet, soap.priceMinor)],
    });
    expect(await validateSale(till.deps, sale)).toMatchObject({ ok: true });
    await waitForDrained(till.db);
    const saleOrder: Order = (await till.db.orders.get(sale.orderId))!.order;

    // The minimum rises above Alice's 7,50: she can no longer pay from the wallet.
    await server.ledger.setMinimumWalletAmount(wallet.id, 5_000);
    await till.engine.pullNow();
    const fresh = (await till.db.customers.get(alice.id))!;
    const refused = await validateSale(
      till.deps,
      draft({
        customer: fresh,
        lines: [line(soap)],
        payments: [pay(wallet, 100), pay(server.store.cash, 1_150)],
      }),
    );
    expect(refused).toMatchObject({ ok: false, reason: 'below_minimum_wallet_amount' });

    const plan = planRefund({
      original: saleOrder,
      earlierRefunds: [],
      quantitiesMilli: new Map([[0, 1000]]),
      destination: 'wallet',
      walletMethod: wallet,
    });
    if (!plan.ok) throw new Error('the refund plan was refused');
    const refund = {
      ...draft({ customer: fresh, lines: plan.lines, payments: plan.payments }, newId()),
      refundOfOrderId: saleOrder.id,
    };
    const outcome = await validateSale(till.deps, refund);
    expect(outcome).toMatchObject({ ok: true, walletBalanceAfterMinor: 2_000 });
    expect((await readWalletView(till.db, alice.id))?.shownBalanceMinor).toBe(2_000);

    await waitForDrained(till.db);
    expect((await till.db.orders.get(refund.orderId))?.status).toBe('synced');
    expect(await serverBalance(server, alice.id)).toBe(2_000);
    const booked = await server.ledger.database.read((sql) =>
      sql.all<{ refund_of_order_id: string | null }>(
        'SELECT refund_of_order_id FROM orders WHERE id = ?',
        [refund.orderId],
      ),
    );
    expect(booked).toEqual([{ refund_of_order_id: saleOrder.id }]);
  });
});
