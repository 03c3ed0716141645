// How holds end: an order that arrives paid another way gives its hold back at once, and a hold
// that was given back or ran out is not revived by retrying its authorisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { line, makeOrder, pay, seedStore, type SeededStore } from '../support/store.ts';

describe.each(engines)('wallet holds on %s', (engine) => {
  let testLedger: Awaited<ReturnType<typeof openTestLedger>>;
  let store: SeededStore;
  beforeAll(async () => {
    testLedger = await openTestLedger(engine);
    store = await seedStore(testLedger.ledger, { walletBalanceMinor: 1_000 });
  });
  afterAll(() => testLedger.close());

  const authorize = (orderId: string, amountMinor: number, authorizationId = newId()) =>
    testLedger.ledger.authorize(store.till, {
      authorizationId,
      orderId,
      customerId: store.alice.id,
      methodId: store.wallet.id,
      currency: 'EUR',
      amountMinor,
    });

  it('releases the hold of an order that arrives paid by card instead', async () => {
    const order = makeOrder({ lines: [line(store.soap)], payments: [pay(store.card, 1250)] });
    expect((await authorize(order.id, 900)).status).toBe('approved');
    expect((await authorize(newId(), 200)).status).toBe('declined');

    const pushed = await testLedger.ledger.push(store.till, [order]);
    expect(pushed.results[0]?.status).toBe('created');

    const afterwards = await authorize(newId(), 900);
    expect(afterwards.status).toBe('approved');
    const refreshed = await testLedger.ledger.refresh({
      customerId: store.alice.id,
      pendingOrderIds: [],
    });
    expect(refreshed?.heldMinor).toBe(900);
  });

  it('declines a retried authorisation whose hold was released', async () => {
    const authorizationId = newId();
    const orderId = newId();
    const held = await authorize(orderId, 50, authorizationId);
    expect(held.status).toBe('approved');
    expect((await testLedger.ledger.release(store.till, authorizationId)).status).toBe('released');

    const retried = await authorize(orderId, 50, authorizationId);
    expect(retried).toMatchObject({ status: 'declined', reason: 'authorization_closed' });
  });
});

describe.each(engines)('holds of refused orders on %s', (engine) => {
  it('gives the hold back when the authorised order is rejected', async () => {
    const testLedger = await openTestLedger(engine);
    try {
      const store = await seedStore(testLedger.ledger, { walletBalanceMinor: 1_000 });
      const order = makeOrder({
        customerId: store.alice.id,
        lines: [line(store.soap)],
        // Pays less than the total: the server refuses the order.
        payments: [pay(store.wallet, 900)],
      });
      const held = await testLedger.ledger.authorize(store.till, {
        authorizationId: newId(),
        orderId: order.id,
        customerId: store.alice.id,
        methodId: store.wallet.id,
        currency: 'EUR',
        amountMinor: 900,
      });
      expect(held.status).toBe('approved');

      const pushed = await testLedger.ledger.push(store.till, [order]);
      expect(pushed.results[0]).toMatchObject({ status: 'rejected' });
      const refreshed = await testLedger.ledger.refresh({
        customerId: store.alice.id,
        pendingOrderIds: [],
      });
      expect(refreshed?.heldMinor).toBe(0);
    } finally {
      await testLedger.close();
    }
  });
});
