// Refunds pushed to the ledger, on every engine. A refund is a transaction of its own naming the
// order it refunds; it may bring back only what that order sold, no more than was sold less what
// earlier refunds (from any till, or earlier in the same batch) brought back, never more money
// than the articles cost and never wallet credit. Each refused refund leaves the books as they
// were, and the books stay balanced throughout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order, Product } from '../../shared/domain.ts';
import type { PushItemResult } from '../../shared/protocol.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { asNumber } from '../../server/storage/database.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { line, makeOrder, pay, seedStore, type SeededStore } from '../support/store.ts';
import { closeTestLedger, type OpenedLedger } from '../support/workload.ts';

async function booksSnapshot(ledger: Ledger) {
  return ledger.database.read(async (sql) => {
    const accounts = await sql.all(
      'SELECT id, balance_minor, entry_count FROM accounts ORDER BY id',
    );
    const counts = await sql.all(
      'SELECT (SELECT COUNT(*) FROM transactions) AS transactions, ' +
        '(SELECT COUNT(*) FROM orders) AS orders',
    );
    return JSON.stringify({ accounts, counts });
  });
}

async function walletBalance(ledger: Ledger, customerId: string): Promise<number | undefined> {
  return (await ledger.readCustomer(customerId))?.walletBalanceMinor;
}

function statusesOf(results: readonly PushItemResult[]) {
  return results.map((result) =>
    result.status === 'rejected' ? `rejected:${result.reason}` : result.status,
  );
}

describe.each(engines)('refunds on %s', (engine) => {
  let opened: OpenedLedger;
  let ledger: Ledger;
  let store: SeededStore;
  /** An article of the store that the sale below does not have. */
  let jam: Product;
  /** Alice buys 3 soaps (37,50) and 2 breads (8,10) with her wallet: 45,60. */
  let sale: Order;

  beforeEach(async () => {
    opened = await openTestLedger(engine);
    ledger = opened.ledger;
    store = await seedStore(ledger);
    jam = await ledger.createProduct({
      name: 'Confiture',
      barcode: null,
      priceMinor: 390,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
    });
    sale = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.soap, 3000), line(store.bread, 2000)],
      payments: [pay(store.wallet, 4560)],
    });
    const response = await ledger.push(store.till, [sale]);
    expect(statusesOf(response.results)).toEqual(['created']);
  });

  afterEach(async () => {
    expect(await ledger.check()).toEqual([]);
    await closeTestLedger(opened);
  });

  function refundOf(original: Order, lines: Order['lines'], payments: Order['payments']) {
    return makeOrder({
      customerId: original.customerId,
      lines,
      payments,
      refundOfOrderId: original.id,
    });
  }

  it('books a whole refund to the wallet as a new transaction naming the original', async () => {
    const refund = refundOf(
      sale,
      [line(store.soap, -3000), line(store.bread, -2000)],
      [pay(store.wallet, -4560)],
    );

    const response = await ledger.push(store.till, [refund]);

    expect(response.results).toEqual([
      expect.objectContaining({ status: 'created', walletBalanceMinor: 10_000 }),
    ]);
    const rows = await ledger.database.read((sql) =>
      sql.all<{ id: string; description: string; refund_of_order_id: string }>(
        'SELECT t.id, t.description, o.refund_of_order_id FROM transactions t ' +
          'JOIN orders o ON o.transaction_id = t.id WHERE o.id = ?',
        [refund.id],
      ),
    );
    expect(rows).toEqual([
      { id: refund.id, description: `Refund of ${sale.id}`, refund_of_order_id: sale.id },
    ]);
    expect(await walletBalance(ledger, store.alice.id)).toBe(10_000);
  });

  it('books a partial refund to cash and leaves the rest refundable', async () => {
    const first = refundOf(sale, [line(store.soap, -1000)], [pay(store.cash, -1250)]);
    const second = refundOf(
      sale,
      [line(store.soap, -2000), line(store.bread, -2000)],
      [pay(store.cash, -3310)],
    );

    expect(statusesOf((await ledger.push(store.till, [first])).results)).toEqual(['created']);
    expect(statusesOf((await ledger.push(store.till, [second])).results)).toEqual(['created']);

    // Cash went back; the wallet keeps what the sale took from it.
    expect(await walletBalance(ledger, store.alice.id)).toBe(10_000 - 4560);
    const cash = await ledger.database.read((sql) =>
      sql.all<{ balance_minor: unknown }>("SELECT balance_minor FROM accounts WHERE id = 'cash'"),
    );
    expect(asNumber(cash[0]?.balance_minor)).toBe(1250 + 3310);
  });

  it('refuses a second partial refund that would bring back more than was sold', async () => {
    const first = refundOf(sale, [line(store.soap, -2000)], [pay(store.wallet, -2500)]);
    await ledger.push(store.till, [first]);
    const before = await booksSnapshot(ledger);
    const second = refundOf(sale, [line(store.soap, -2000)], [pay(store.wallet, -2500)]);

    const response = await ledger.push(store.till, [second]);

    expect(response.results).toEqual([
      expect.objectContaining({ status: 'rejected', reason: 'refund_exceeds_quantity' }),
    ]);
    expect(await booksSnapshot(ledger)).toBe(before);
    // What is left, one soap, may still come back.
    const third = refundOf(sale, [line(store.soap, -1000)], [pay(store.wallet, -1250)]);
    expect(statusesOf((await ledger.push(store.till, [third])).results)).toEqual(['created']);
  });

  it('counts a refund earlier in the same batch against the next one', async () => {
    const breads = refundOf(sale, [line(store.bread, -2000)], [pay(store.cash, -810)]);
    const soaps = refundOf(sale, [line(store.soap, -3000)], [pay(store.cash, -3750)]);
    const soapAgain = refundOf(sale, [line(store.soap, -1000)], [pay(store.cash, -1250)]);

    const response = await ledger.push(store.till, [breads, soaps, soapAgain]);

    expect(statusesOf(response.results)).toEqual([
      'created',
      'created',
      'rejected:refund_exceeds_quantity',
    ]);
  });

  it('counts a refund of the original booked in the same batch as the original', async () => {
    const sameBatchSale = makeOrder({
      lines: [line(store.bread, 1000)],
      payments: [pay(store.cash, 405)],
    });
    const refund = refundOf(sameBatchSale, [line(store.bread, -1000)], [pay(store.cash, -405)]);
    const again = refundOf(sameBatchSale, [line(store.bread, -1000)], [pay(store.cash, -405)]);

    const response = await ledger.push(store.till, [sameBatchSale, refund, again]);

    expect(statusesOf(response.results)).toEqual([
      'created',
      'created',
      'rejected:refund_exceeds_quantity',
    ]);
  });

  it('counts the refunds made at another till', async () => {
    const { till: otherTill } = await ledger.createTill('Caisse 2');
    const atOtherTill = refundOf(sale, [line(store.soap, -3000)], [pay(store.wallet, -3750)]);
    await ledger.push(otherTill, [atOtherTill]);
    const here = refundOf(sale, [line(store.soap, -1000)], [pay(store.wallet, -1250)]);

    const response = await ledger.push(store.till, [here]);

    expect(statusesOf(response.results)).toEqual(['rejected:refund_exceeds_quantity']);
  });

  it('books only one of two whole refunds sent at once by two tills', async () => {
    const { till: otherTill } = await ledger.createTill('Caisse 2');
    const whole = () =>
      refundOf(
        sale,
        [line(store.soap, -3000), line(store.bread, -2000)],
        [pay(store.wallet, -4560)],
      );

    const responses = await Promise.all([
      ledger.push(store.till, [whole()]),
      ledger.push(otherTill, [whole()]),
    ]);

    expect(responses.flatMap((response) => statusesOf(response.results)).sort()).toEqual([
      'created',
      'rejected:refund_exceeds_quantity',
    ]);
    expect(await walletBalance(ledger, store.alice.id)).toBe(10_000);
  });

  it('books a refund onto a wallet that is below the minimum, never flagging it', async () => {
    // The manager raises the minimum above Alice's balance (54,40): she is below it.
    await ledger.setMinimumWalletAmount(store.wallet.id, 9_000);
    const refund = refundOf(sale, [line(store.bread, -1000)], [pay(store.wallet, -405)]);

    const response = await ledger.push(store.till, [refund]);

    expect(response.results).toEqual([
      expect.objectContaining({ status: 'created', walletBalanceMinor: 5845, isOverdrawn: false }),
    ]);
    expect(await walletBalance(ledger, store.alice.id)).toBe(5845);
  });

  it('refuses to refund a top-up at the till', async () => {
    const topUp = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.topUp, 20_000), line(store.bread, 1000)],
      payments: [pay(store.cash, 2405)],
    });
    await ledger.push(store.till, [topUp]);
    const before = await booksSnapshot(ledger);
    const refund = refundOf(topUp, [line(store.topUp, -20_000)], [pay(store.cash, -2000)]);
    // The same credit refunded as if it were an article of the sale, without its flag.
    const disguised = refundOf(
      topUp,
      [{ ...line(store.topUp, -20_000), isWalletCredit: false }],
      [pay(store.cash, -2000)],
    );

    const response = await ledger.push(store.till, [refund, disguised]);

    expect(statusesOf(response.results)).toEqual([
      'rejected:refund_of_wallet_credit',
      'rejected:refund_of_wallet_credit',
    ]);
    expect(await booksSnapshot(ledger)).toBe(before);
    // The bread of that order may still be refunded.
    const bread = refundOf(topUp, [line(store.bread, -1000)], [pay(store.cash, -405)]);
    expect(statusesOf((await ledger.push(store.till, [bread])).results)).toEqual(['created']);
  });

  it.each([
    {
      name: 'another customer',
      reason: 'refund_customer_mismatch',
      build: (s: SeededStore, original: Order) =>
        makeOrder({
          customerId: s.bob.id,
          lines: [line(s.bread, -1000)],
          payments: [pay(s.cash, -405)],
          refundOfOrderId: original.id,
        }),
    },
    {
      name: 'no customer for a customer’s sale',
      reason: 'refund_customer_mismatch',
      build: (s: SeededStore, original: Order) =>
        makeOrder({
          customerId: null,
          lines: [line(s.bread, -1000)],
          payments: [pay(s.cash, -405)],
          refundOfOrderId: original.id,
        }),
    },
    {
      name: 'an article the sale did not have',
      reason: 'refund_line_not_on_original',
      build: (s: SeededStore, original: Order) =>
        refundOfStore(s, original, [line(jam, -1000)], -390, true),
    },
    {
      name: 'an article at a higher price than it was sold',
      reason: 'refund_line_not_on_original',
      build: (s: SeededStore, original: Order) =>
        refundOfStore(s, original, [line({ ...s.bread, priceMinor: 9_999 }, -1000)], -9_999, false),
    },
    {
      name: 'an article at another tax rate',
      reason: 'refund_line_not_on_original',
      build: (s: SeededStore, original: Order) =>
        refundOfStore(
          s,
          original,
          [line({ ...s.bread, taxRateBasisPoints: 0 }, -1000)],
          -405,
          false,
        ),
    },
    {
      name: 'an article sold to the customer instead of brought back',
      reason: 'refund_line_not_on_original',
      build: (s: SeededStore, original: Order) =>
        makeOrder({
          customerId: original.customerId,
          lines: [line(s.bread, 1000)],
          payments: [pay(s.wallet, 405)],
          refundOfOrderId: original.id,
        }),
    },
    {
      name: 'more of an article than was sold',
      reason: 'refund_exceeds_quantity',
      build: (s: SeededStore, original: Order) =>
        refundOfStore(s, original, [line(s.bread, -2001)], -810, false),
    },
  ])('refuses a refund of $name and books nothing', async ({ reason, build }) => {
    const before = await booksSnapshot(ledger);

    const response = await ledger.push(store.till, [build(store, sale)]);

    expect(response.results).toEqual([expect.objectContaining({ status: 'rejected', reason })]);
    expect(await booksSnapshot(ledger)).toBe(before);
  });

  it('refuses a refund of a refund', async () => {
    const refund = refundOf(sale, [line(store.bread, -1000)], [pay(store.wallet, -405)]);
    await ledger.push(store.till, [refund]);
    const ofRefund = refundOf(refund, [line(store.bread, -1000)], [pay(store.wallet, -405)]);

    const response = await ledger.push(store.till, [ofRefund]);

    expect(statusesOf(response.results)).toEqual(['rejected:refund_of_refund']);
  });

  it('refuses weighed parts whose rounded totals would give back more than was paid', async () => {
    // 1,5 units of a 0,01 article cost 2 cents (1,5 rounds up); a third of that quantity costs
    // 0,5 cent, which rounds up too: the three thirds would give back 3 cents for 2 paid.
    const penny = await ledger.createProduct({
      name: 'Vrac',
      barcode: null,
      priceMinor: 1,
      taxRateBasisPoints: 0,
      isWalletCredit: false,
    });
    const weighed = makeOrder({ lines: [line(penny, 1500)], payments: [pay(store.cash, 2)] });
    await ledger.push(store.till, [weighed]);
    const parts = [0, 1, 2].map(() =>
      makeOrder({
        lines: [line(penny, -500)],
        payments: [pay(store.cash, -1)],
        refundOfOrderId: weighed.id,
      }),
    );

    const response = await ledger.push(store.till, parts);

    expect(statusesOf(response.results)).toEqual([
      'created',
      'created',
      'rejected:refund_exceeds_paid',
    ]);
  });

  it('keeps the session and the cashier of each order in its booked row', async () => {
    const sessionId = '0190a000-0000-7000-8000-000000000001';
    const cashierId = '11111111-2222-4333-8444-555555555555';
    const order = makeOrder({
      lines: [line(store.bread, 1000)],
      payments: [pay(store.cash, 405)],
      sessionId,
      cashierId,
    });

    await ledger.push(store.till, [order]);

    const rows = await ledger.database.read((sql) =>
      sql.all('SELECT session_id, cashier_id FROM orders WHERE id = ?', [order.id]),
    );
    expect(rows).toEqual([{ session_id: sessionId, cashier_id: cashierId }]);
  });

  it('refuses an order naming a session another till has used', async () => {
    const sessionId = '0190a000-0000-7000-8000-000000000002';
    const { till: otherTill } = await ledger.createTill('Caisse 2');
    const first = makeOrder({
      lines: [line(store.bread, 1000)],
      payments: [pay(store.cash, 405)],
      sessionId,
    });
    await ledger.push(store.till, [first]);
    const intruder = makeOrder({
      lines: [line(store.bread, 1000)],
      payments: [pay(store.cash, 405)],
      sessionId,
    });

    const response = await ledger.push(otherTill, [intruder]);

    expect(statusesOf(response.results)).toEqual(['rejected:session_of_another_till']);
  });
});

function refundOfStore(
  store: SeededStore,
  original: Order,
  lines: Order['lines'],
  amountMinor: number,
  isToCash: boolean,
): Order {
  return makeOrder({
    customerId: original.customerId,
    lines,
    payments: [pay(isToCash ? store.cash : store.wallet, amountMinor)],
    refundOfOrderId: original.id,
  });
}
