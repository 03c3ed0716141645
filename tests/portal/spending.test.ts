// The portal's monthly totals for a scripted thirteen months of orders pushed through the ledger:
// spends, refunds onto the wallet, top-ups and cash sales that must not count, orders on both
// sides of month ends in Brussels time, and a household's two members spending from one wallet.
// The expected table is written out by hand, to the cent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../shared/domain.ts';
import { monthOf, spendingByMonth } from '../../server/portal/spending.ts';
import { readPortalWallet } from '../../server/portal/wallet.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { line, makeOrder, pay, seedStore, type SeededStore } from '../support/store.ts';

describe('the month of an order in the store time zone', () => {
  it.each([
    ['2026-01-31T22:59:59.000Z', 2026, 1],
    ['2026-01-31T23:00:00.000Z', 2026, 2],
    ['2025-12-31T23:15:00.000Z', 2026, 1],
    ['2026-03-31T21:59:00.000Z', 2026, 3],
    ['2026-03-31T22:00:00.000Z', 2026, 4],
    ['2026-04-01T00:30:00+04:00', 2026, 3],
  ])('puts %s in %i-%i in Brussels', (time, year, month) => {
    expect(monthOf(time, 'Europe/Brussels')).toEqual({ year, month });
  });

  it('nets a refund against the month it was made in, and leaves other months alone', () => {
    const years = spendingByMonth(
      [
        { occurredAt: '2026-05-03T10:00:00Z', amountMinor: -1_000 },
        { occurredAt: '2026-05-20T10:00:00Z', amountMinor: 250 },
        { occurredAt: '2026-06-01T10:00:00Z', amountMinor: 400 },
      ],
      'Europe/Brussels',
    );
    expect(years).toEqual([
      {
        year: 2026,
        spentMinor: 350,
        months: [
          { year: 2026, month: 6, spentMinor: -400 },
          { year: 2026, month: 5, spentMinor: 750 },
        ],
      },
    ]);
  });
});

describe.each(engines)('portal monthly totals on %s', (engine) => {
  let testLedger: Awaited<ReturnType<typeof openTestLedger>>;
  let store: SeededStore;
  let household: { alice: string; marc: string; other: string };

  beforeAll(async () => {
    testLedger = await openTestLedger(engine);
    const { ledger } = testLedger;
    store = await seedStore(ledger, { walletBalanceMinor: 0 });
    const family = await ledger.createHousehold({ name: 'Dupont-Lambert' });
    const alice = await ledger.createCustomer({
      name: 'Alice Lambert',
      isWalletUser: true,
      householdId: family.id,
    });
    const marc = await ledger.createCustomer({
      name: 'Marc Lambert',
      isWalletUser: true,
      householdId: family.id,
    });
    const other = await ledger.createCustomer({ name: 'Zoé Voisine', isWalletUser: true });
    household = { alice: alice.id, marc: marc.id, other: other.id };
    for (const id of [alice.id, other.id]) {
      await ledger.bookWalletTransfer({
        kind: 'bank_top_up',
        customerId: id,
        amountMinor: 500_000,
        description: 'Opening balance',
        occurredAt: '2025-01-01T09:00:00.000Z',
      });
    }
    await pushScriptedYear();
  });
  afterAll(() => testLedger.close());

  /** A wallet purchase of `count` loaves of bread (4,05 each) by a member at a given time. */
  function spend(customerId: string, createdAt: string, loaves: number): Order {
    return makeOrder({
      customerId,
      createdAt,
      lines: [line(store.bread, loaves * 1000)],
      payments: [pay(store.wallet, loaves * 405)],
    });
  }

  async function pushScriptedYear() {
    const { ledger } = testLedger;
    const { alice, marc, other } = household;
    const soapSale = makeOrder({
      customerId: alice,
      createdAt: '2025-06-14T10:00:00.000Z',
      lines: [line(store.soap, 2000)],
      payments: [pay(store.wallet, 2_500)],
    });
    const orders: Order[] = [
      // January 2025: 3 + 2 loaves.
      spend(alice, '2025-01-10T09:00:00.000Z', 3),
      spend(marc, '2025-01-25T17:30:00.000Z', 2),
      // 28 February 23:30 UTC is 1 March in Brussels.
      spend(alice, '2025-02-28T23:30:00.000Z', 1),
      spend(alice, '2025-03-15T10:00:00.000Z', 4),
      // April: nothing. May: a mixed payment, only the wallet part counts.
      makeOrder({
        customerId: marc,
        createdAt: '2025-05-05T08:00:00.000Z',
        lines: [line(store.bread, 5000)],
        payments: [pay(store.wallet, 1_000), pay(store.cash, 1_025)],
      }),
      // June: two soaps, one of them refunded onto the wallet in July.
      soapSale,
      // A cash sale and a top-up at the till spend nothing from the wallet.
      makeOrder({
        customerId: alice,
        createdAt: '2025-07-02T10:00:00.000Z',
        lines: [line(store.bread, 1000)],
        payments: [pay(store.cash, 405)],
      }),
      makeOrder({
        customerId: alice,
        createdAt: '2025-07-03T10:00:00.000Z',
        lines: [line(store.topUp, 200_000)],
        payments: [pay(store.card, 20_000)],
      }),
      makeOrder({
        customerId: alice,
        createdAt: '2025-07-04T10:00:00.000Z',
        lines: [line(store.soap, -1000)],
        payments: [pay(store.wallet, -1_250)],
        refundOfOrderId: soapSale.id,
      }),
      spend(marc, '2025-07-20T12:00:00.000Z', 2),
      spend(alice, '2025-08-31T21:59:00.000Z', 10),
      spend(alice, '2025-09-30T22:00:00.000Z', 1),
      spend(marc, '2025-11-11T11:11:00.000Z', 7),
      // New Year's Eve 23:15 UTC is already 2026 in Brussels.
      spend(alice, '2025-12-31T23:15:00.000Z', 2),
      spend(alice, '2025-12-24T16:00:00.000Z', 3),
      spend(marc, '2026-01-31T22:30:00.000Z', 1),
      spend(alice, '2026-02-14T13:00:00.000Z', 6),
      // Someone else's wallet: never in this household's totals.
      spend(other, '2026-02-15T13:00:00.000Z', 50),
      spend(other, '2025-06-15T13:00:00.000Z', 40),
    ];
    const response = await ledger.push(store.till, orders);
    const statuses = response.results.map((result) =>
      result.status === 'rejected' ? result.detail : result.status,
    );
    expect(statuses).toEqual(Array(orders.length).fill('created'));
  }

  it('equals the hand-computed table, newest month first, with a subtotal per year', async () => {
    const wallet = await readPortalWallet(
      testLedger.ledger.context,
      household.marc,
      'Europe/Brussels',
    );
    expect(wallet?.spending).toEqual([
      {
        year: 2026,
        // January: 2 loaves (New Year's Eve) + 1 (31 January 22:30 UTC); February: 6.
        spentMinor: 810 + 405 + 2_430,
        months: [
          { year: 2026, month: 2, spentMinor: 2_430 },
          { year: 2026, month: 1, spentMinor: 1_215 },
        ],
      },
      {
        year: 2025,
        spentMinor:
          2_025 + 405 + 1_620 + 1_000 + 2_500 + -1_250 + 810 + 4_050 + 405 + 2_835 + 1_215,
        months: [
          { year: 2025, month: 12, spentMinor: 1_215 },
          { year: 2025, month: 11, spentMinor: 2_835 },
          { year: 2025, month: 10, spentMinor: 405 },
          { year: 2025, month: 8, spentMinor: 4_050 },
          { year: 2025, month: 7, spentMinor: -1_250 + 810 },
          { year: 2025, month: 6, spentMinor: 2_500 },
          { year: 2025, month: 5, spentMinor: 1_000 },
          { year: 2025, month: 3, spentMinor: 405 + 1_620 },
          { year: 2025, month: 1, spentMinor: 2_025 },
        ],
      },
    ]);
  });

  it('shows one wallet to every member, its balance and entries, and nobody else’s', async () => {
    const { context } = testLedger.ledger;
    const fromAlice = await readPortalWallet(context, household.alice, 'Europe/Brussels');
    const fromMarc = await readPortalWallet(context, household.marc, 'Europe/Brussels');
    const totalSpent = 3_645 + 15_615;
    expect(fromMarc?.balanceMinor).toBe(500_000 + 20_000 - totalSpent);
    expect(fromAlice?.balanceMinor).toBe(fromMarc?.balanceMinor);
    expect(fromMarc?.memberNames).toEqual(['Alice Lambert', 'Marc Lambert']);
    expect(fromMarc?.entries.map((entry) => entry.customerName)).not.toContain('Zoé Voisine');
    // The latest entry leaves today's balance; the oldest is the opening transfer.
    expect(fromMarc?.entries[0]?.balanceAfterMinor).toBe(fromMarc?.balanceMinor);
    expect(fromMarc?.entries.at(-1)).toMatchObject({
      kind: 'bank_top_up',
      balanceAfterMinor: 500_000,
    });
    const other = await readPortalWallet(context, household.other, 'Europe/Brussels');
    expect(other?.spending.map((year) => year.spentMinor)).toEqual([20_250, 16_200]);
    expect(await testLedger.ledger.check()).toEqual([]);
  });
});
