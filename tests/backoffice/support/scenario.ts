// A few days of a small shop, booked with a clock the test moves: wallet spends and top-ups at
// two tills, cash with change, change put on a wallet, a manual adjustment, a payout, and an
// offline spend that overdraws a wallet, one of them just after midnight in Brussels. The
// history, report and export suites all read these same books.
import type { Customer } from '../../../shared/domain.ts';
import type { Till } from '../../../server/ledger/tills.ts';
import { line, makeOrder, pay } from '../../support/store.ts';
import type { Engine } from '../../support/databases.ts';
import { PageClient, startBackOffice, type BackOffice } from './back-office.ts';

export interface Scenario {
  server: BackOffice;
  client: PageClient;
  clock: { set: (iso: string) => void };
  tillTwo: Till;
  carol: Customer;
  /** Alice's balance after each of her wallet's entries, in booking order. */
  aliceBalances: number[];
}

async function pushOk(
  server: BackOffice,
  till: Till,
  orders: Parameters<BackOffice['ledger']['push']>[1],
) {
  const answer = await server.ledger.push(till, orders);
  const refused = answer.results.filter((result) => result.status !== 'created');
  if (refused.length > 0) throw new Error(`orders refused: ${JSON.stringify(refused)}`);
}

export async function bookScenario(engine: Engine): Promise<Scenario> {
  let nowMs = Date.parse('2026-03-02T09:00:00Z');
  const clock = { set: (iso: string) => (nowMs = Date.parse(iso)) };
  // The seeded store (Alice's 100,00 bank top-up included) is booked on 2 March.
  const server = await startBackOffice(engine, { now: () => new Date(nowMs) });
  const { ledger, store } = server;
  const tillTwo = (await ledger.createTill('Caisse 2')).till;
  const carol = await ledger.createCustomer({ name: 'Carol Lenoir', isWalletUser: true });

  clock.set('2026-03-03T10:00:00Z');
  await pushOk(server, store.till, [
    makeOrder({
      createdAt: '2026-03-03T10:00:00Z',
      customerId: store.alice.id,
      lines: [line(store.bread)],
      payments: [pay(store.wallet, 405)],
    }),
    makeOrder({
      createdAt: '2026-03-03T10:05:00+01:00',
      lines: [line(store.soap)],
      payments: [pay(store.cash, 2000)],
      changeGivenMinor: 750,
    }),
  ]);

  clock.set('2026-03-04T08:30:00Z');
  await pushOk(server, tillTwo, [
    makeOrder({
      createdAt: '2026-03-04T08:30:00Z',
      customerId: store.alice.id,
      lines: [line(store.topUp, 20_000)],
      payments: [pay(store.card, 2000)],
    }),
    makeOrder({
      createdAt: '2026-03-04T08:40:00Z',
      customerId: store.alice.id,
      lines: [line(store.bread)],
      payments: [pay(store.cash, 500)],
      changeToWalletMinor: 95,
    }),
  ]);

  clock.set('2026-03-04T12:00:00Z');
  await ledger.bookWalletTransfer({
    kind: 'adjustment',
    customerId: store.alice.id,
    amountMinor: 500,
    description: 'Geste commercial',
  });

  // 23:30 UTC is half past midnight on 5 March in Brussels.
  clock.set('2026-03-04T23:30:00Z');
  await pushOk(server, store.till, [
    makeOrder({
      createdAt: '2026-03-04T23:30:00Z',
      customerId: carol.id,
      lines: [line(store.soap)],
      payments: [pay(store.wallet, 1250)],
      isOffline: true,
    }),
  ]);

  clock.set('2026-03-05T09:00:00Z');
  await ledger.bookWalletTransfer({
    kind: 'payout',
    customerId: store.alice.id,
    amountMinor: -1_000,
    description: 'Remboursement partiel',
  });

  clock.set('2026-03-06T09:00:00Z');
  const client = new PageClient(server.url);
  await client.login();
  const aliceBalances = [10_000, 9_595, 11_595, 11_690, 12_190, 11_190];
  return { server, client, clock, tillTwo, carol, aliceBalances };
}
