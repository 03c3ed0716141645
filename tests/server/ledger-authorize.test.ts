// Online wallet authorisation, on every engine: the floor check against the balance minus open
// holds, the life of a hold (consumed by its order, released, expired), idempotent retries, and
// the guarantee the brief asks for: two tills can never both spend the last euro.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import type { AuthorizeRequest } from '../../shared/protocol.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { line, makeOrder, pay, seedStore, type SeededStore } from '../support/store.ts';
import { closeTestLedger, type OpenedLedger } from '../support/workload.ts';

const minuteMs = 60_000;

describe.each(engines)('authorising wallet payments on %s', (engine) => {
  let opened: OpenedLedger;
  let ledger: Ledger;
  let store: SeededStore;
  // The ledger reads this clock, so a test can let a hold run out without waiting.
  let nowMs: number;

  beforeEach(async () => {
    nowMs = Date.parse('2025-03-14T09:00:00.000Z');
    opened = await openTestLedger(engine, { now: () => new Date(nowMs) });
    ledger = opened.ledger;
    store = await seedStore(ledger);
  });

  afterEach(async () => {
    await closeTestLedger(opened);
  });

  function request(amountMinor: number, overrides: Partial<AuthorizeRequest> = {}) {
    return {
      authorizationId: newId(),
      orderId: newId(),
      customerId: store.alice.id,
      methodId: store.wallet.id,
      currency: 'EUR',
      amountMinor,
      ...overrides,
    } satisfies AuthorizeRequest;
  }

  async function holdStatusOf(authorizationId: string) {
    const rows = await ledger.database.read((sql) =>
      sql.all<{ status: string }>('SELECT status FROM wallet_holds WHERE id = ?', [
        authorizationId,
      ]),
    );
    return rows.map((row) => row.status);
  }

  it('approves a payment within the balance and says what is left', async () => {
    const asked = request(4_000);

    const answer = await ledger.authorize(store.till, asked);

    expect(answer).toEqual({
      status: 'approved',
      authorizationId: asked.authorizationId,
      amountMinor: 4_000,
      balanceMinor: 10_000,
      availableMinor: 6_000,
      expiresAt: new Date(nowMs + 15 * minuteMs).toISOString(),
    });
    expect(await holdStatusOf(asked.authorizationId)).toEqual(['active']);
  });

  it('declines a payment below the minimum and says how much is available', async () => {
    await ledger.setMinimumWalletAmount(store.wallet.id, 2_000);

    const exact = await ledger.authorize(store.till, request(8_000));
    const beyond = await ledger.authorize(store.till, request(1));

    expect(exact).toMatchObject({ status: 'approved', availableMinor: 0 });
    expect(beyond).toMatchObject({
      status: 'declined',
      reason: 'below_minimum_wallet_amount',
      availableMinor: 0,
    });
  });

  it('declines a payment larger than the balance with the amount that could be paid', async () => {
    const asked = request(10_001);

    const answer = await ledger.authorize(store.till, asked);

    expect(answer).toEqual({
      status: 'declined',
      authorizationId: asked.authorizationId,
      reason: 'below_minimum_wallet_amount',
      availableMinor: 10_000,
    });
    expect(await holdStatusOf(asked.authorizationId)).toEqual([]);
  });

  it('allows an overdraft down to a negative minimum and no further', async () => {
    await ledger.setMinimumWalletAmount(store.wallet.id, -5_000);

    const withinOverdraft = await ledger.authorize(store.till, request(14_000));
    const beyondOverdraft = await ledger.authorize(store.till, request(1_001));

    expect(withinOverdraft).toMatchObject({ status: 'approved', availableMinor: 1_000 });
    expect(beyondOverdraft).toMatchObject({ status: 'declined', availableMinor: 1_000 });
  });

  it.each([
    ['an unknown customer', { customerId: newId() }, 'unknown_customer'],
    ['a customer who is not a wallet user', 'bob', 'not_wallet_user'],
    ['an unknown payment method', { methodId: newId() }, 'unknown_payment_method'],
    ['a method that is not the wallet', 'card', 'not_a_wallet_method'],
    ['another currency', { currency: 'CHF' }, 'wrong_currency'],
  ] as const)('declines a request naming %s', async (_, change, reason) => {
    const overrides: Partial<AuthorizeRequest> =
      change === 'bob'
        ? { customerId: store.bob.id }
        : change === 'card'
          ? { methodId: store.card.id }
          : change;

    const answer = await ledger.authorize(store.till, request(100, overrides));

    expect(answer).toMatchObject({ status: 'declined', reason });
  });

  it('counts open holds against what other authorisations may take', async () => {
    const first = await ledger.authorize(store.till, request(6_000));
    const second = await ledger.authorize(store.till, request(6_000));
    const rest = await ledger.authorize(store.till, request(4_000));

    expect(first).toMatchObject({ status: 'approved', availableMinor: 4_000 });
    expect(second).toMatchObject({ status: 'declined', availableMinor: 4_000 });
    expect(rest).toMatchObject({ status: 'approved', availableMinor: 0 });
  });

  it('lets a pushed order consume its hold, so the amount is not counted twice', async () => {
    const asked = request(6_000);
    await ledger.authorize(store.till, asked);
    const order = makeOrder({
      id: asked.orderId,
      customerId: store.alice.id,
      lines: [line(store.soap, 4_800)],
      payments: [pay(store.wallet, 6_000)],
      walletAuthorizationId: asked.authorizationId,
    });

    const pushed = await ledger.push(store.till, [order]);
    const afterwards = await ledger.authorize(store.till, request(4_000));

    expect(pushed.results[0]).toMatchObject({ status: 'created', walletBalanceMinor: 4_000 });
    expect(await holdStatusOf(asked.authorizationId)).toEqual(['consumed']);
    // Had the hold outlived its order, 60,00 would be counted twice and nothing be left.
    expect(afterwards).toMatchObject({
      status: 'approved',
      balanceMinor: 4_000,
      availableMinor: 0,
    });
    expect(await ledger.release(store.till, asked.authorizationId)).toEqual({
      authorizationId: asked.authorizationId,
      status: 'consumed',
    });
    expect(await ledger.check()).toEqual([]);
  });

  it('gives a released hold back to the wallet', async () => {
    const asked = request(10_000);
    await ledger.authorize(store.till, asked);
    const blocked = await ledger.authorize(store.till, request(1));

    const released = await ledger.release(store.till, asked.authorizationId);
    const releasedAgain = await ledger.release(store.till, asked.authorizationId);
    const afterwards = await ledger.authorize(store.till, request(10_000));

    expect(blocked).toMatchObject({ status: 'declined', availableMinor: 0 });
    expect(released).toEqual({ authorizationId: asked.authorizationId, status: 'released' });
    expect(releasedAgain).toEqual({ authorizationId: asked.authorizationId, status: 'released' });
    expect(afterwards).toMatchObject({ status: 'approved' });
    expect(await ledger.release(store.till, newId())).toMatchObject({ status: 'unknown' });
  });

  it('lets only the till that holds an authorisation release it', async () => {
    const asked = request(10_000);
    await ledger.authorize(store.till, asked);
    const other = await ledger.createTill('Caisse 2');

    const answer = await ledger.release(other.till, asked.authorizationId);

    expect(answer.status).toBe('unknown');
    expect(await holdStatusOf(asked.authorizationId)).toEqual(['active']);
  });

  it('stops counting a hold once it has expired', async () => {
    const asked = request(6_000);
    await ledger.authorize(store.till, asked);

    nowMs += 14 * minuteMs;
    const beforeExpiry = await ledger.authorize(store.till, request(6_000));
    nowMs += 1 * minuteMs;
    const atExpiry = await ledger.authorize(store.till, request(6_000));

    expect(beforeExpiry).toMatchObject({ status: 'declined', availableMinor: 4_000 });
    expect(atExpiry).toMatchObject({ status: 'approved', availableMinor: 4_000 });
    expect(await ledger.release(store.till, asked.authorizationId)).toMatchObject({
      status: 'expired',
    });
    const refreshed = await ledger.refresh({ customerId: store.alice.id, pendingOrderIds: [] });
    expect(refreshed?.heldMinor).toBe(6_000);
  });

  it('answers a retried authorisation as before and holds the amount once', async () => {
    const asked = request(3_000);

    const first = await ledger.authorize(store.till, asked);
    nowMs += 1 * minuteMs;
    const retried = await ledger.authorize(store.till, { ...asked });

    expect(retried).toEqual(first);
    expect(first).toMatchObject({ status: 'approved', availableMinor: 7_000 });
    const refreshed = await ledger.refresh({ customerId: store.alice.id, pendingOrderIds: [] });
    expect(refreshed?.heldMinor).toBe(3_000);
  });

  it('declines an authorisation id reused for another amount, keeping the hold', async () => {
    const asked = request(3_000);
    await ledger.authorize(store.till, asked);

    const reused = await ledger.authorize(store.till, { ...asked, amountMinor: 9_000 });

    expect(reused).toMatchObject({ status: 'declined', reason: 'authorization_reused' });
    const refreshed = await ledger.refresh({ customerId: store.alice.id, pendingOrderIds: [] });
    expect(refreshed?.heldMinor).toBe(3_000);
  });

  it('replaces the hold of an order when the cashier changes the amount', async () => {
    const first = request(8_000);
    await ledger.authorize(store.till, first);

    const changed = await ledger.authorize(store.till, request(9_000, { orderId: first.orderId }));

    expect(changed).toMatchObject({ status: 'approved', availableMinor: 1_000 });
    expect(await holdStatusOf(first.authorizationId)).toEqual(['released']);
  });

  /** Opens connections beforehand, so that on PostgreSQL the requests start together. */
  async function openConnections(count: number) {
    await Promise.all(
      Array.from({ length: count }, () =>
        ledger.database.read((sql) => sql.all('SELECT 1 AS one')),
      ),
    );
  }

  it('approves exactly ten of twenty simultaneous 10,00 payments on a 100,00 wallet', async () => {
    const requests = Array.from({ length: 20 }, () => request(1_000));
    await openConnections(requests.length);

    const answers = await Promise.all(requests.map((asked) => ledger.authorize(store.till, asked)));

    const approved = answers.filter((answer) => answer.status === 'approved');
    const declined = answers.filter((answer) => answer.status === 'declined');
    expect(approved).toHaveLength(10);
    expect(declined).toHaveLength(10);
    for (const answer of declined) {
      expect(answer).toMatchObject({ reason: 'below_minimum_wallet_amount', availableMinor: 0 });
    }
    // Each approval saw the holds of those before it: what was left went down one by one.
    const left = approved.map((answer) =>
      answer.status === 'approved' ? answer.availableMinor : 0,
    );
    expect(left.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => n * 1000));
    const refreshed = await ledger.refresh({ customerId: store.alice.id, pendingOrderIds: [] });
    expect(refreshed?.heldMinor).toBe(10_000);
  });

  it('approves only three of twenty simultaneous 30,00 payments on a 100,00 wallet', async () => {
    // More requests fit in the first wave of PostgreSQL connections than the wallet can pay,
    // so any request that decided without waiting for the others would overspend here.
    const requests = Array.from({ length: 20 }, () => request(3_000));
    await openConnections(requests.length);

    const answers = await Promise.all(requests.map((asked) => ledger.authorize(store.till, asked)));

    expect(answers.filter((answer) => answer.status === 'approved')).toHaveLength(3);
    for (const answer of answers.filter((each) => each.status === 'declined')) {
      expect(answer).toMatchObject({ availableMinor: 1_000 });
    }
    const refreshed = await ledger.refresh({ customerId: store.alice.id, pendingOrderIds: [] });
    expect(refreshed?.heldMinor).toBe(9_000);
  });
});
