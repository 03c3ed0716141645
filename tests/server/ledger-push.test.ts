// Pushing a till's orders into the ledger, on every engine: how an order becomes one balanced
// transaction, how retries and conflicts are told apart, how a bad order is refused without
// holding up the rest of its batch, and the wallet cases of the brief (change onto the wallet,
// offline overdraft, refunds below the minimum, top-ups netted, shared household wallets).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import type { PushRejectionReason } from '../../shared/protocol.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { asNumber } from '../../server/storage/database.ts';
import { engines, openTestLedger, postgresAdminUrl } from '../support/databases.ts';
import { line, makeOrder, pay, seedStore, type SeededStore } from '../support/store.ts';
import { closeTestLedger, type OpenedLedger } from '../support/workload.ts';

describe('the engines the ledger suites run on', () => {
  it('include PostgreSQL in CI, so that engine can never be skipped there unnoticed', () => {
    const isCi = Boolean(process.env.CI);
    expect(
      isCi && postgresAdminUrl === null,
      'CI must set CAISSE_TEST_POSTGRES_URL so the ledger suites also run on PostgreSQL',
    ).toBe(false);
    expect(engines.includes('postgres')).toBe(postgresAdminUrl !== null);
  });
});

interface EntryRow {
  accountId: string;
  amountMinor: number;
  customerId: string | null;
  paymentMethodId: string | null;
  movementKind: string | null;
}

async function entriesOf(ledger: Ledger, transactionId: string): Promise<EntryRow[]> {
  const rows = await ledger.database.read((sql) =>
    sql.all<Record<string, unknown>>(
      'SELECT account_id, amount_minor, customer_id, payment_method_id, movement_kind ' +
        'FROM entries WHERE transaction_id = ? ORDER BY id',
      [transactionId],
    ),
  );
  return rows.map((row) => ({
    accountId: row.account_id as string,
    amountMinor: asNumber(row.amount_minor),
    customerId: row.customer_id as string | null,
    paymentMethodId: row.payment_method_id as string | null,
    movementKind: row.movement_kind as string | null,
  }));
}

function sumOf(entries: readonly EntryRow[], accountId: string): number {
  return entries
    .filter((entry) => entry.accountId === accountId)
    .reduce((total, entry) => total + entry.amountMinor, 0);
}

async function countOf(ledger: Ledger, text: string, params: (string | number)[] = []) {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ count: unknown }>(`SELECT COUNT(*) AS count FROM ${text}`, params),
  );
  return asNumber(rows[0]?.count);
}

/** Every account's balance and entry count, to show that a push changed nothing. */
async function booksSnapshot(ledger: Ledger) {
  const accounts = await ledger.database.read((sql) =>
    sql.all('SELECT id, balance_minor, entry_count FROM accounts ORDER BY id'),
  );
  return {
    accounts: accounts.map((row) => ({
      id: row.id,
      balance: asNumber(row.balance_minor),
      entries: asNumber(row.entry_count),
    })),
    transactions: await countOf(ledger, 'transactions'),
    orders: await countOf(ledger, 'orders'),
  };
}

async function walletBalanceOf(ledger: Ledger, customerId: string): Promise<number | undefined> {
  return (await ledger.readCustomer(customerId))?.walletBalanceMinor;
}

// Orders that must be refused, each beside the reason the till is told. They reach the server
// from tills with a stale catalogue, a bug, or a tampered outbox; none may block a good order.
const hostileOrders: {
  name: string;
  reason: PushRejectionReason;
  build: (store: SeededStore) => unknown;
}[] = [
  {
    name: 'an unknown customer',
    reason: 'unknown_customer',
    build: (s) =>
      makeOrder({ customerId: newId(), lines: [line(s.bread)], payments: [pay(s.cash, 405)] }),
  },
  {
    name: 'an unknown product',
    reason: 'unknown_product',
    build: (s) =>
      makeOrder({
        lines: [{ ...line(s.bread), productId: newId() }],
        payments: [pay(s.cash, 405)],
      }),
  },
  {
    name: 'another currency than the store books in',
    reason: 'wrong_currency',
    build: (s) =>
      makeOrder({ currency: 'CHF', lines: [line(s.bread)], payments: [pay(s.cash, 405)] }),
  },
  {
    name: 'payments that do not add up to the total',
    reason: 'payments_do_not_match_total',
    build: (s) => makeOrder({ lines: [line(s.bread)], payments: [pay(s.cash, 400)] }),
  },
  {
    name: 'a wallet payment by a customer who is not a wallet user',
    reason: 'not_wallet_user',
    build: (s) =>
      makeOrder({ customerId: s.bob.id, lines: [line(s.bread)], payments: [pay(s.wallet, 405)] }),
  },
  {
    name: 'a wallet payment without a customer',
    reason: 'customer_required',
    build: (s) => makeOrder({ lines: [line(s.bread)], payments: [pay(s.wallet, 405)] }),
  },
  {
    name: 'a top-up for a customer who is not a wallet user',
    reason: 'not_wallet_user',
    build: (s) =>
      makeOrder({
        customerId: s.bob.id,
        lines: [line(s.topUp, 10_000)],
        payments: [pay(s.cash, 1000)],
      }),
  },
  {
    name: 'change put on the wallet without a customer',
    reason: 'customer_required',
    build: (s) =>
      makeOrder({ lines: [line(s.bread)], payments: [pay(s.cash, 500)], changeToWalletMinor: 95 }),
  },
  {
    name: 'a float amount',
    reason: 'invalid_order',
    build: (s) =>
      makeOrder({ lines: [line(s.bread)], payments: [pay(s.cash, 400.5), pay(s.card, 4.5)] }),
  },
  {
    name: 'a line total that is not price times quantity',
    reason: 'line_total_mismatch',
    build: (s) =>
      makeOrder({ lines: [{ ...line(s.bread), totalMinor: 400 }], payments: [pay(s.cash, 400)] }),
  },
  {
    name: 'a top-up line sold below one unit of currency per credit',
    reason: 'wallet_credit_line_invalid',
    build: (s) =>
      makeOrder({
        customerId: s.alice.id,
        lines: [{ ...line(s.topUp, 10_000), unitPriceMinor: 90, totalMinor: 900 }],
        payments: [pay(s.cash, 900)],
      }),
  },
  {
    name: 'change larger than the cash handed over',
    reason: 'change_exceeds_cash',
    build: (s) =>
      makeOrder({ lines: [line(s.bread)], payments: [pay(s.card, 1000)], changeGivenMinor: 595 }),
  },
  {
    name: 'a payment method sent as another kind',
    reason: 'payment_kind_mismatch',
    build: (s) =>
      makeOrder({ lines: [line(s.bread)], payments: [{ ...pay(s.cash, 405), kind: 'card' }] }),
  },
  {
    name: 'an unknown payment method',
    reason: 'unknown_payment_method',
    build: (s) =>
      makeOrder({
        lines: [line(s.bread)],
        payments: [{ methodId: newId(), kind: 'cash', amountMinor: 405 }],
      }),
  },
  {
    name: 'a refund of an order that was never booked',
    reason: 'unknown_refunded_order',
    build: (s) =>
      makeOrder({
        lines: [line(s.bread, -1000)],
        payments: [pay(s.cash, -405)],
        refundOfOrderId: newId(),
      }),
  },
  {
    name: 'a malformed body',
    reason: 'invalid_order',
    build: () => ({ id: 'not-an-id', lines: 'bread', payments: 12 }),
  },
  { name: 'a body that is not an object', reason: 'invalid_order', build: () => null },
];

describe.each(engines)('pushing orders to the ledger on %s', (engine) => {
  let opened: OpenedLedger;
  let ledger: Ledger;
  let store: SeededStore;

  beforeEach(async () => {
    opened = await openTestLedger(engine);
    ledger = opened.ledger;
    store = await seedStore(ledger);
  });

  afterEach(async () => {
    await closeTestLedger(opened);
  });

  it('books a sale as one balanced transaction: revenue, tax, payments, wallet', async () => {
    // 2 breads at 6 % (8,10) and a soap at 21 % (12,50) make 20,60, paid 10,00 by card,
    // 5,00 from the wallet and 6,00 in cash with 0,40 handed back.
    const order = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.bread, 2000), line(store.soap)],
      payments: [pay(store.card, 1000), pay(store.wallet, 500), pay(store.cash, 600)],
      changeGivenMinor: 40,
    });

    const response = await ledger.push(store.till, [order]);

    expect(response.results).toEqual([
      {
        status: 'created',
        index: 0,
        orderId: order.id,
        walletBalanceMinor: 9_500,
        isOverdrawn: false,
      },
    ]);
    const transactions = await ledger.database.read((sql) =>
      sql.all('SELECT id, kind, order_id, till_id FROM transactions WHERE order_id = ?', [
        order.id,
      ]),
    );
    expect(transactions).toEqual([
      { id: order.id, kind: 'order', order_id: order.id, till_id: store.till.id },
    ]);
    const entries = await entriesOf(ledger, order.id);
    // 8,10 at 6 % is 7,64 net + 0,46 tax; 12,50 at 21 % is 10,33 net + 2,17 tax.
    expect(sumOf(entries, 'sales:600')).toBe(764);
    expect(sumOf(entries, 'tax:600')).toBe(46);
    expect(sumOf(entries, 'sales:2100')).toBe(1033);
    expect(sumOf(entries, 'tax:2100')).toBe(217);
    expect(sumOf(entries, 'card')).toBe(-1000);
    expect(sumOf(entries, 'cash')).toBe(-600 + 40);
    expect(entries.filter((entry) => entry.accountId === store.alice.walletId)).toEqual([
      {
        accountId: store.alice.walletId,
        amountMinor: -500,
        customerId: store.alice.id,
        paymentMethodId: store.wallet.id,
        movementKind: 'spend',
      },
    ]);
    expect(entries.reduce((total, entry) => total + entry.amountMinor, 0)).toBe(0);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(9_500);
    expect(await ledger.check()).toEqual([]);
  });

  it('books a batch sent three times once: created, then exists, books unchanged', async () => {
    const batch = [
      makeOrder({ lines: [line(store.bread)], payments: [pay(store.cash, 405)] }),
      makeOrder({
        customerId: store.alice.id,
        lines: [line(store.soap)],
        payments: [pay(store.wallet, 1250)],
      }),
      makeOrder({
        customerId: store.alice.id,
        lines: [line(store.topUp, 20_000)],
        payments: [pay(store.card, 2000)],
      }),
    ];

    const first = await ledger.push(store.till, batch);
    const afterFirst = await booksSnapshot(ledger);
    const second = await ledger.push(store.till, batch);
    const third = await ledger.push(store.till, structuredClone(batch));

    expect(first.results.map((result) => result.status)).toEqual(['created', 'created', 'created']);
    for (const retry of [second, third]) {
      expect(retry.results).toEqual(
        batch.map((order, index) => ({ status: 'exists', index, orderId: order.id })),
      );
    }
    expect(await booksSnapshot(ledger)).toEqual(afterFirst);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_000 - 1250 + 2000);
    expect(await ledger.check()).toEqual([]);
  });

  it('books an order repeated inside one batch once and reports the copy as existing', async () => {
    const order = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.bread)],
      payments: [pay(store.wallet, 405)],
    });

    const response = await ledger.push(store.till, [order, structuredClone(order)]);

    expect(response.results.map((result) => result.status)).toEqual(['created', 'exists']);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_000 - 405);
    expect(await ledger.check()).toEqual([]);
  });

  it('never reports a refused order as existing when its copy is in the batch', async () => {
    // A copy may only be answered "exists" when something was booked: the till drops an order
    // from its outbox on "exists", so a false one silently loses a sale it must fix and resend.
    const order = makeOrder({
      customerId: store.bob.id,
      lines: [line(store.bread)],
      payments: [pay(store.wallet, 405)],
    });

    const response = await ledger.push(store.till, [order, structuredClone(order)]);

    expect(response.results).toEqual([
      expect.objectContaining({ status: 'rejected', index: 0, reason: 'not_wallet_user' }),
      expect.objectContaining({ status: 'rejected', index: 1, reason: 'not_wallet_user' }),
    ]);
    expect(await countOf(ledger, 'orders')).toBe(0);
  });

  it('books a batch resent while the first request is booking once, answering each', async () => {
    // A till whose request timed out resends while the first request is still being booked.
    const batch = [
      makeOrder({
        customerId: store.alice.id,
        lines: [line(store.soap)],
        payments: [pay(store.wallet, 1250)],
      }),
      makeOrder({ lines: [line(store.bread)], payments: [pay(store.cash, 405)] }),
    ];
    const requestCount = 3;
    // Connections opened beforehand let the requests really overlap on PostgreSQL, instead of
    // the later ones arriving after the first is done while they wait for a new connection.
    await Promise.all(
      Array.from({ length: requestCount }, () =>
        ledger.database.read((sql) => sql.all('SELECT 1 AS one')),
      ),
    );

    const outcomes = await Promise.allSettled(
      Array.from({ length: requestCount }, () => ledger.push(store.till, structuredClone(batch))),
    );

    const answers = outcomes.map((outcome) =>
      outcome.status === 'fulfilled'
        ? outcome.value.results.map((result) => result.status).join(', ')
        : `failed: ${String(outcome.reason)}`,
    );
    expect(answers.sort()).toEqual([
      'created, created',
      ...Array.from({ length: requestCount - 1 }, () => 'exists, exists'),
    ]);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_000 - 1250);
    expect(await ledger.check()).toEqual([]);
  });

  it('books simultaneous pushes from several tills on one wallet, losing nothing', async () => {
    const tills = await Promise.all(
      Array.from({ length: 6 }, (_, index) => ledger.createTill(`Caisse ${index + 2}`)),
    );
    // Payments listed in both orders and both tax rates, on accounts that do not exist yet: the
    // pushes create and lock the same accounts at the same time, in every order.
    const batchFor = (index: number) => [
      makeOrder({
        customerId: store.alice.id,
        lines: index % 2 === 0 ? [line(store.bread), line(store.soap)] : [line(store.soap)],
        payments:
          index % 2 === 0
            ? [pay(store.card, 655), pay(store.cash, 500), pay(store.wallet, 500)]
            : [pay(store.cash, 250), pay(store.card, 500), pay(store.wallet, 500)],
      }),
    ];
    await Promise.all(tills.map(() => ledger.database.read((sql) => sql.all('SELECT 1 AS one'))));

    const responses = await Promise.all(
      tills.map(({ till }, index) => ledger.push(till, batchFor(index))),
    );

    expect(
      responses.flatMap((response) => response.results.map((result) => result.status)),
    ).toEqual(tills.map(() => 'created'));
    const balances = responses.map((response) => {
      const result = response.results[0];
      return result?.status === 'created' ? result.walletBalanceMinor : null;
    });
    // Each push saw the one before it: the balances after each spend are all different.
    expect([...balances].sort((left, right) => (left ?? 0) - (right ?? 0))).toEqual([
      7_000, 7_500, 8_000, 8_500, 9_000, 9_500,
    ]);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_000 - 6 * 500);
    expect(await ledger.check()).toEqual([]);
  });

  it('books a full batch of 500 orders in one push', async () => {
    const batch = Array.from({ length: 500 }, (_, index) =>
      makeOrder({
        customerId: store.alice.id,
        lines: [line(index % 2 === 0 ? store.bread : store.soap)],
        payments: [
          index % 3 === 0 ? pay(store.wallet, 10) : pay(store.card, 10),
          pay(store.cash, (index % 2 === 0 ? 405 : 1250) - 10),
        ],
      }),
    );

    const response = await ledger.push(store.till, batch);

    expect(response.results.filter((result) => result.status === 'created')).toHaveLength(500);
    expect(await countOf(ledger, "transactions WHERE kind = 'order'")).toBe(500);
    // 167 of the 500 orders (every third) took 0,10 from the wallet.
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_000 - 167 * 10);
    expect(await ledger.check()).toEqual([]);
  });

  it('refuses the same id with other content as a conflict and changes nothing', async () => {
    const order = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.soap)],
      payments: [pay(store.wallet, 1250)],
    });
    await ledger.push(store.till, [order]);
    const before = await booksSnapshot(ledger);
    const other = await ledger.createTill('Caisse 2');

    const altered: Order[] = [
      { ...order, payments: [pay(store.cash, 1250)] },
      { ...order, cashierName: 'Someone else' },
      { ...order, lines: [line(store.soap, 2000)], payments: [pay(store.wallet, 2500)] },
    ];
    const response = await ledger.push(store.till, altered);
    // The same content from another till is not a retry of this till's order either.
    const fromOtherTill = await ledger.push(other.till, [order]);

    expect(response.results.map((result) => [result.index, result.status])).toEqual([
      [0, 'conflict'],
      [1, 'conflict'],
      [2, 'conflict'],
    ]);
    expect(fromOtherTill.results).toEqual([
      expect.objectContaining({ status: 'conflict', orderId: order.id }),
    ]);
    expect(await booksSnapshot(ledger)).toEqual(before);
    const stored = await ledger.database.read((sql) =>
      sql.all<{ body: string }>('SELECT body FROM orders WHERE id = ?', [order.id]),
    );
    expect(JSON.parse(stored[0]?.body ?? 'null')).toEqual(order);
    expect(await ledger.check()).toEqual([]);
  });

  it.each(hostileOrders)(
    'rejects $name as $reason and still books the rest of the batch',
    async ({ build, reason }) => {
      const before = makeOrder({ lines: [line(store.bread)], payments: [pay(store.cash, 405)] });
      const hostile = build(store);
      const after = makeOrder({
        customerId: store.alice.id,
        lines: [line(store.soap)],
        payments: [pay(store.wallet, 1250)],
      });

      const response = await ledger.push(store.till, [before, hostile, after]);

      const rawId = (hostile as { id?: unknown } | null)?.id;
      expect(response.results).toEqual([
        expect.objectContaining({ status: 'created', index: 0, orderId: before.id }),
        expect.objectContaining({
          status: 'rejected',
          index: 1,
          orderId: typeof rawId === 'string' ? rawId : null,
          reason,
        }),
        expect.objectContaining({ status: 'created', index: 2, orderId: after.id }),
      ]);
      expect(await countOf(ledger, 'orders')).toBe(2);
      if (typeof rawId === 'string') {
        expect(await countOf(ledger, 'transactions WHERE id = ?', [rawId])).toBe(0);
      }
      expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_000 - 1250);
      expect(await ledger.check()).toEqual([]);
    },
  );

  it('reports the sequence numbers a till never sent until they arrive', async () => {
    const { till } = await ledger.createTill('Caisse 2');
    const sale = (sequence: number) =>
      makeOrder({ sequence, lines: [line(store.bread)], payments: [pay(store.cash, 405)] });

    const withGap = await ledger.push(till, [sale(1), sale(2), sale(5)]);
    const filled = await ledger.push(till, [sale(3), sale(4)]);

    expect(withGap.sequenceGaps).toEqual([{ from: 3, to: 4 }]);
    expect(filled.sequenceGaps).toEqual([]);
    const tills = await ledger.listTills();
    expect(tills.find((known) => known.id === till.id)).toMatchObject({
      highestSequence: 5,
      contiguousSequence: 5,
    });
  });

  it('books change put onto the wallet: 50,00 cash for 47,05 puts 2,95 on the wallet', async () => {
    const basket = await ledger.createProduct({
      name: 'Panier de la semaine',
      barcode: null,
      priceMinor: 4705,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
    });
    const order = makeOrder({
      customerId: store.alice.id,
      lines: [line(basket)],
      payments: [pay(store.cash, 5000)],
      changeToWalletMinor: 295,
    });

    const response = await ledger.push(store.till, [order]);

    expect(response.results[0]).toMatchObject({ status: 'created', walletBalanceMinor: 10_295 });
    const entries = await entriesOf(ledger, order.id);
    // The drawer holds the whole 50,00: no cash goes back out, the change is on the wallet.
    expect(entries.filter((entry) => entry.accountId === 'cash')).toEqual([
      expect.objectContaining({ amountMinor: -5000, paymentMethodId: store.cash.id }),
    ]);
    expect(entries.filter((entry) => entry.accountId === store.alice.walletId)).toEqual([
      expect.objectContaining({
        amountMinor: 295,
        customerId: store.alice.id,
        movementKind: 'change_to_wallet',
      }),
    ]);
    // 47,05 at 6 % splits into 44,39 net and 2,66 tax.
    expect(sumOf(entries, 'sales:600')).toBe(4439);
    expect(sumOf(entries, 'tax:600')).toBe(266);
    expect(sumOf(entries, 'sales:600') + sumOf(entries, 'tax:600')).toBe(4705);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_295);
    expect(await ledger.check()).toEqual([]);
  });

  it('books an offline spend that breaks the floor, flags it and lists the wallet', async () => {
    await ledger.bookWalletTransfer({
      kind: 'payout',
      customerId: store.alice.id,
      amountMinor: -9_000,
      description: 'Bring the balance down to 10,00',
    });
    const withinBalance = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.bread)],
      payments: [pay(store.wallet, 405)],
      isOffline: true,
    });
    const beyondBalance = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.soap)],
      payments: [pay(store.wallet, 1250)],
      isOffline: true,
    });

    expect(await ledger.overdrawnWallets()).toEqual([]);
    const response = await ledger.push(store.till, [withinBalance, beyondBalance]);

    expect(response.results).toEqual([
      expect.objectContaining({ status: 'created', walletBalanceMinor: 595, isOverdrawn: false }),
      expect.objectContaining({ status: 'created', walletBalanceMinor: -655, isOverdrawn: true }),
    ]);
    const flags = await ledger.database.read((sql) =>
      sql.all<{ id: string; is_overdrawn: unknown }>(
        'SELECT id, is_overdrawn FROM orders WHERE id IN (?, ?)',
        [withinBalance.id, beyondBalance.id],
      ),
    );
    expect(Object.fromEntries(flags.map((row) => [row.id, asNumber(row.is_overdrawn)]))).toEqual({
      [withinBalance.id]: 0,
      [beyondBalance.id]: 1,
    });
    expect(await ledger.overdrawnWallets()).toEqual([
      expect.objectContaining({
        walletId: store.alice.walletId,
        balanceMinor: -655,
        minimumMinor: 0,
      }),
    ]);
    expect(await ledger.check()).toEqual([]);
  });

  it('books a refund onto the wallet even when the balance is below the minimum', async () => {
    const sale = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.soap, 2000)],
      payments: [pay(store.wallet, 2500)],
    });
    await ledger.push(store.till, [sale]);
    // The manager raises the minimum: the wallet, now at 75,00, is below the new 90,00.
    await ledger.setMinimumWalletAmount(store.wallet.id, 9_000);
    const refund = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.soap, -1000)],
      payments: [pay(store.wallet, -1250)],
      refundOfOrderId: sale.id,
    });

    const response = await ledger.push(store.till, [refund]);

    expect(response.results).toEqual([
      expect.objectContaining({ status: 'created', walletBalanceMinor: 8_750, isOverdrawn: false }),
    ]);
    const entries = await entriesOf(ledger, refund.id);
    expect(sumOf(entries, 'sales:2100')).toBe(-1033);
    expect(sumOf(entries, 'tax:2100')).toBe(-217);
    expect(entries.filter((entry) => entry.accountId === store.alice.walletId)).toEqual([
      expect.objectContaining({ amountMinor: 1250, movementKind: 'refund' }),
    ]);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(8_750);
    expect(await ledger.check()).toEqual([]);
  });

  it('nets a top-up and a wallet purchase in one order, even on an empty wallet', async () => {
    // This case needs an empty wallet, so it gets a store of its own.
    const fresh = await openTestLedger(engine);
    try {
      const empty = await seedStore(fresh.ledger, { walletBalanceMinor: 0 });
      // 5 breads (20,25) and a top-up of 50,00: 50,00 in cash, 20,25 from the wallet.
      const order = makeOrder({
        customerId: empty.alice.id,
        lines: [line(empty.bread, 5000), line(empty.topUp, 50_000)],
        payments: [pay(empty.cash, 5000), pay(empty.wallet, 2025)],
      });

      const response = await fresh.ledger.push(empty.till, [order]);

      expect(response.results).toEqual([
        expect.objectContaining({
          status: 'created',
          walletBalanceMinor: 2975,
          isOverdrawn: false,
        }),
      ]);
      const entries = await entriesOf(fresh.ledger, order.id);
      expect(
        entries
          .filter((entry) => entry.accountId === empty.alice.walletId)
          .map((entry) => [entry.movementKind, entry.amountMinor]),
      ).toEqual([
        ['top_up', 5000],
        ['spend', -2025],
      ]);
      // A top-up is wallet credit, not revenue: only the bread reaches the sales accounts.
      expect(sumOf(entries, 'sales:600') + sumOf(entries, 'tax:600')).toBe(2025);
      expect(entries.some((entry) => entry.accountId === 'sales:0')).toBe(false);
      expect(await fresh.ledger.overdrawnWallets()).toEqual([]);
      expect(await fresh.ledger.check()).toEqual([]);
    } finally {
      await closeTestLedger(fresh);
    }
  });

  it('lets the members of a household spend from one shared wallet', async () => {
    const household = await ledger.createHousehold({ name: 'Famille Leroy' });
    const claire = await ledger.createCustomer({
      name: 'Claire Leroy',
      householdId: household.id,
      isWalletUser: true,
    });
    const paul = await ledger.createCustomer({
      name: 'Paul Leroy',
      householdId: household.id,
      isWalletUser: true,
    });
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: claire.id,
      amountMinor: 3_000,
      description: 'Virement',
    });
    const spend = makeOrder({
      customerId: paul.id,
      lines: [line(store.soap)],
      payments: [pay(store.wallet, 1250)],
    });

    const response = await ledger.push(store.till, [spend]);

    expect(claire.walletId).toBe(household.walletId);
    expect(paul.walletId).toBe(household.walletId);
    expect(response.results[0]).toMatchObject({ status: 'created', walletBalanceMinor: 1750 });
    expect(await walletBalanceOf(ledger, claire.id)).toBe(1750);
    expect(await walletBalanceOf(ledger, paul.id)).toBe(1750);
    // The shared wallet still names who spent, for the wallet history and the portal.
    const entries = await entriesOf(ledger, spend.id);
    expect(entries.filter((entry) => entry.accountId === household.walletId)).toEqual([
      expect.objectContaining({ amountMinor: -1250, customerId: paul.id }),
    ]);
    expect(await walletBalanceOf(ledger, store.alice.id)).toBe(10_000);
    expect(await ledger.check()).toEqual([]);
  });

  it.each([
    'UPDATE entries SET amount_minor = amount_minor + 1',
    'DELETE FROM entries',
    "UPDATE transactions SET description = 'edited'",
    'DELETE FROM transactions',
    'UPDATE orders SET wallet_delta_minor = 0',
    'DELETE FROM orders',
  ])('refuses to rewrite booked history: %s', async (statement) => {
    await ledger.push(store.till, [
      makeOrder({
        customerId: store.alice.id,
        lines: [line(store.bread)],
        payments: [pay(store.wallet, 405)],
      }),
    ]);
    const before = await booksSnapshot(ledger);

    await expect(ledger.database.write((sql) => sql.run(statement))).rejects.toThrow(/append-only/);

    expect(await booksSnapshot(ledger)).toEqual(before);
    expect(await ledger.check()).toEqual([]);
  });
});
