// Validating sales at an online till against a real ledger server: what is written locally in
// one go, what the server authorises, which sales the wallet rules refuse before anything is
// written, and what the books say once the outbox has been pushed.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Product } from '../../shared/domain.ts';
import { defaultSettings } from '../../server/ledger/catalog.ts';
import { validateSale } from '../../renderer/sale/validate-sale.ts';
import { readWalletView } from '../../renderer/store/wallet-view.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { line, pay } from '../support/store.ts';
import { draft, openTill, serverBalance, startSynced, type TestTill } from './support.ts';

describe('validating a sale on sqlite', () => {
  let server: TestServer;
  let basket: Product;
  let chloe: Customer;
  let denis: Customer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    basket = await server.ledger.createProduct({
      name: 'Panier de légumes',
      barcode: null,
      priceMinor: 4_705,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
    });
    // A wallet user with nothing on the wallet, to show what netting allows.
    chloe = await server.ledger.createCustomer({ name: 'Chloé Petit', isWalletUser: true });
    denis = await server.ledger.createCustomer({ name: 'Denis Roux', isWalletUser: true });
  });
  afterAll(() => server.close());

  let till: TestTill;
  beforeEach(async () => {
    till = openTill(server);
    await startSynced(till);
  });
  afterEach(() => till.close());

  const store = () => server.store;
  async function cached(customerId: string): Promise<Customer> {
    const customer = await till.db.customers.get(customerId);
    if (!customer) throw new Error(`customer ${customerId} is not in the cache`);
    return customer;
  }
  async function shownBalance(customerId: string): Promise<number | undefined> {
    return (await readWalletView(till.db, customerId))?.shownBalanceMinor;
  }

  it('writes a cash sale with its outbox item and the next sequence, and books it', async () => {
    const sale = draft({
      lines: [line(store().bread), line(store().soap)],
      payments: [pay(store().cash, 2_000)],
    });

    const outcome = await validateSale(till.deps, sale);

    expect(outcome).toEqual({
      ok: true,
      orderId: sale.orderId,
      walletBalanceAfterMinor: null,
      isBalanceProvisional: false,
    });
    const stored = await till.db.orders.get(sale.orderId);
    expect(stored?.order).toMatchObject({
      sequence: 1,
      currency: 'EUR',
      changeGivenMinor: 345,
      changeToWalletMinor: 0,
      isOffline: false,
      walletAuthorizationId: null,
    });
    expect(await till.db.pendingMovements.count()).toBe(0);

    await till.engine.pushNow();
    expect((await till.db.orders.get(sale.orderId))?.status).toBe('synced');
    expect(await till.db.outbox.count()).toBe(0);
    expect(await server.ledger.check()).toEqual([]);
  });

  it("keeps a wallet user's balance for the receipt when they pay cash, and no one else's", async () => {
    const alice = await cached(store().alice.id);
    const balanceBefore = await shownBalance(alice.id);
    const byWalletUser = draft({
      customer: alice,
      lines: [line(store().bread)],
      payments: [pay(store().cash, 405)],
    });
    expect(await validateSale(till.deps, byWalletUser)).toMatchObject({
      ok: true,
      walletBalanceAfterMinor: balanceBefore,
      isBalanceProvisional: false,
    });
    expect(await shownBalance(alice.id)).toBe(balanceBefore);

    const bob = await cached(store().bob.id);
    const byOtherCustomer = draft({
      customer: bob,
      lines: [line(store().bread)],
      payments: [pay(store().cash, 405)],
    });
    expect(await validateSale(till.deps, byOtherCustomer)).toMatchObject({
      ok: true,
      walletBalanceAfterMinor: null,
    });
  });

  it('answers a repeated validation with the first one, writing nothing more', async () => {
    const sale = draft({ lines: [line(store().bread)], payments: [pay(store().cash, 405)] });
    const [first, second] = await Promise.all([
      validateSale(till.deps, sale),
      validateSale(till.deps, sale),
    ]);
    const third = await validateSale(till.deps, sale);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await till.db.orders.count()).toBe(1);
    expect(await till.db.syncState.get('sequence')).toEqual({ key: 'sequence', value: 1 });
  });

  it('has a wallet payment authorised by the server, then booked on the wallet', async () => {
    const alice = await cached(store().alice.id);
    const before = await serverBalance(server, alice.id);
    const sale = draft({
      customer: alice,
      lines: [line(store().bread)],
      payments: [pay(store().wallet, 405)],
    });

    const outcome = await validateSale(till.deps, sale);

    expect(outcome).toMatchObject({ ok: true, walletBalanceAfterMinor: before - 405 });
    expect(outcome.ok && outcome.isBalanceProvisional).toBe(false);
    const stored = await till.db.orders.get(sale.orderId);
    expect(stored?.order.isOffline).toBe(false);
    expect(stored?.order.walletAuthorizationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await till.db.pendingMovements.get(sale.orderId)).toMatchObject({
      deltaMinor: -405,
      offlineChargeMinor: 0,
      walletId: alice.walletId,
    });
    expect(await shownBalance(alice.id)).toBe(before - 405);

    // Pulls fail here, so the cached balance can only come from the push's own answer.
    till.network.failingPaths.add('/v1/pull');
    await till.engine.pushNow();
    expect(await serverBalance(server, alice.id)).toBe(before - 405);
    expect(await till.db.pendingMovements.count()).toBe(0);
    expect((await cached(alice.id)).walletBalanceMinor).toBe(before - 405);
    expect(await shownBalance(alice.id)).toBe(before - 405);
    expect(await server.ledger.check()).toEqual([]);
  });

  it('puts the change on the wallet: 47,05 paid with 50,00 cash credits 2,95', async () => {
    const alice = await cached(store().alice.id);
    const before = await serverBalance(server, alice.id);
    const sale = draft({
      customer: alice,
      lines: [line(basket)],
      payments: [pay(store().cash, 5_000)],
      isChangeToWallet: true,
    });

    const outcome = await validateSale(till.deps, sale);

    expect(outcome).toMatchObject({ ok: true, walletBalanceAfterMinor: before + 295 });
    const stored = await till.db.orders.get(sale.orderId);
    expect(stored?.order.payments).toEqual([pay(store().cash, 5_000)]);
    expect(stored?.order.changeToWalletMinor).toBe(295);
    expect(stored?.order.changeGivenMinor).toBe(0);
    expect(stored?.order.walletAuthorizationId).toBeNull();

    await till.engine.pushNow();
    expect(await serverBalance(server, alice.id)).toBe(before + 295);
    expect(await shownBalance(alice.id)).toBe(before + 295);
    expect(await server.ledger.check()).toEqual([]);
  });

  it('nets a top-up against a wallet purchase in the same order', async () => {
    const customer = await cached(chloe.id);
    const before = await serverBalance(server, chloe.id);
    expect(before).toBe(0);
    // 16,55 of groceries from the wallet, 50,00 topped up in cash: the wallet is never charged.
    const sale = draft({
      customer,
      lines: [line(store().bread), line(store().soap), line(store().topUp, 50_000)],
      payments: [pay(store().cash, 5_000), pay(store().wallet, 1_655)],
    });

    const outcome = await validateSale(till.deps, sale);

    expect(outcome).toMatchObject({ ok: true, walletBalanceAfterMinor: 3_345 });
    expect((await till.db.orders.get(sale.orderId))?.order.walletAuthorizationId).toBeNull();
    await till.engine.pushNow();
    expect(await serverBalance(server, chloe.id)).toBe(3_345);
  });

  it.each([
    {
      title: 'a wallet payment beyond the balance',
      customerKey: 'alice' as const,
      sale: () => ({ lines: [line(store().soap, 9_000)], payments: [pay(store().wallet, 11_250)] }),
      // Everything on the wallet is available: the minimum is 0.
      refusal: { ok: false, reason: 'below_minimum_wallet_amount', availableMinor: 'balance' },
    },
    {
      title: 'a top-up smaller than the wallet purchase beside it, on an empty wallet',
      customerKey: 'denis' as const,
      sale: () => ({
        lines: [line(store().bread), line(store().soap), line(store().topUp, 10_000)],
        payments: [pay(store().cash, 1_000), pay(store().wallet, 1_655)],
      }),
      refusal: { ok: false, reason: 'below_minimum_wallet_amount', availableMinor: 1_000 },
    },
    {
      title: 'a wallet payment by a customer who is not a wallet user',
      customerKey: 'bob' as const,
      sale: () => ({ lines: [line(store().bread)], payments: [pay(store().wallet, 405)] }),
      refusal: { ok: false, reason: 'not_wallet_user' },
    },
    {
      title: 'a top-up for a customer who is not a wallet user',
      customerKey: 'bob' as const,
      sale: () => ({ lines: [line(store().topUp, 20_000)], payments: [pay(store().cash, 2_000)] }),
      refusal: { ok: false, reason: 'not_wallet_user' },
    },
    {
      title: 'a wallet payment with no customer',
      customerKey: null,
      sale: () => ({ lines: [line(store().bread)], payments: [pay(store().wallet, 405)] }),
      refusal: { ok: false, reason: 'customer_required' },
    },
    {
      title: 'change onto the wallet with no customer',
      customerKey: null,
      sale: () => ({
        lines: [line(store().bread)],
        payments: [pay(store().cash, 500)],
        isChangeToWallet: true,
      }),
      refusal: { ok: false, reason: 'customer_required' },
    },
    {
      title: 'a sale with no lines',
      customerKey: null,
      sale: () => ({ lines: [], payments: [] }),
      refusal: { ok: false, reason: 'nothing_to_sell' },
    },
    {
      title: 'a sale not fully paid',
      customerKey: null,
      sale: () => ({ lines: [line(store().soap)], payments: [pay(store().cash, 1_000)] }),
      refusal: { ok: false, reason: 'not_settled' },
    },
    {
      title: 'a card overpayment, which gives no change',
      customerKey: null,
      sale: () => ({ lines: [line(store().bread)], payments: [pay(store().card, 500)] }),
      refusal: { ok: false, reason: 'not_settled' },
    },
  ])('refuses $title, writing nothing', async ({ customerKey, sale, refusal }) => {
    const ids = { alice: store().alice.id, bob: store().bob.id, denis: denis.id };
    const customer = customerKey ? await cached(ids[customerKey]) : null;

    const outcome = await validateSale(till.deps, draft({ customer, ...sale() }));

    const balance = customer ? await shownBalance(customer.id) : undefined;
    const expected =
      'availableMinor' in refusal && refusal.availableMinor === 'balance'
        ? { ...refusal, availableMinor: balance }
        : refusal;
    expect(outcome).toEqual(expected);
    expect(await till.db.orders.count()).toBe(0);
    expect(await till.db.outbox.count()).toBe(0);
    expect(await till.db.pendingMovements.count()).toBe(0);
  });

  it('applies the offline limits of the latest pull, not those of an earlier sale', async () => {
    const alice = await cached(store().alice.id);
    const offline = {
      ...till.deps,
      engine: { isOnline: () => false, notifyOutbox: () => undefined },
    };
    const walletSale = () =>
      draft({
        customer: alice,
        lines: [line(store().soap)],
        payments: [pay(store().wallet, 1_250)],
      });
    expect(await validateSale(offline, walletSale())).toMatchObject({ ok: true });

    const limits = { ...defaultSettings.offlineWalletLimits, perPaymentMaxMinor: 1_000 };
    const settings = { ...defaultSettings, walletTopUpProductId: store().topUp.id };
    await server.ledger.saveSettings({ ...settings, offlineWalletLimits: limits });
    try {
      await till.engine.pullNow();
      expect(await validateSale(offline, walletSale())).toEqual({
        ok: false,
        reason: 'offline_payment_limit',
      });
    } finally {
      await server.ledger.saveSettings(settings);
    }
  });

  it('refuses what the server declines when the cached balance was too optimistic', async () => {
    // Another till took most of the wallet; this till's cache has not heard of it yet, so only
    // the server's authorisation stands between the two tills and the same euros.
    const alice = await cached(store().alice.id);
    const before = await serverBalance(server, alice.id);
    await server.ledger.bookWalletTransfer({
      kind: 'adjustment',
      customerId: alice.id,
      amountMinor: -(before - 100),
      description: 'Spent elsewhere',
    });
    till.engine.stop();
    const sale = draft({
      customer: alice,
      lines: [line(store().bread)],
      payments: [pay(store().wallet, 405)],
    });
    const alwaysOnline = { isOnline: () => true, notifyOutbox: () => undefined };

    const outcome = await validateSale({ ...till.deps, engine: alwaysOnline }, sale);

    expect(outcome).toEqual({ ok: false, reason: 'authorization_declined', availableMinor: 100 });
    expect(await till.db.orders.count()).toBe(0);
    await server.ledger.bookWalletTransfer({
      kind: 'adjustment',
      customerId: alice.id,
      amountMinor: before - 100,
      description: 'Put back',
    });
  });
});
