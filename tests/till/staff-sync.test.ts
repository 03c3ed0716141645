// The staff and the refused orders a manager deals with, on a till against a real server: the
// pull brings the staff with PIN hashes the till checks on its own (so a cashier signs in with
// the network down), a member disabled on the server arrives inactive, and a refused order set
// aside leaves the failed list, stays in the history and stops counting in the shown balance,
// unless the server holds an order with its id, whose booking then settles it.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { verifyPin } from '../../shared/pin.ts';
import { validateSale } from '../../renderer/sale/validate-sale.ts';
import { toCachedProduct } from '../../renderer/store/records.ts';
import { readWalletView } from '../../renderer/store/wallet-view.ts';
import { engines } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { line, pay, testStaff } from '../support/store.ts';
import {
  draft,
  openTill,
  serverBalance,
  startSynced,
  waitForStatus,
  waitOnline,
  type TestTill,
} from './support.ts';

const openingBalanceMinor = 20_000;

describe.each(engines)('staff and refused orders at a till on %s', (engine) => {
  let server: TestServer;
  let till: TestTill;
  beforeEach(async () => {
    server = await startTestServer(engine, { walletBalanceMinor: openingBalanceMinor });
    till = openTill(server);
    await startSynced(till);
  });
  afterEach(async () => {
    await till.close();
    await server.close();
  });

  const store = () => server.store;
  async function cached(customerId: string): Promise<Customer> {
    const customer = await till.db.customers.get(customerId);
    if (!customer) throw new Error(`customer ${customerId} is not in the cache`);
    return customer;
  }
  async function shownBalance(customerId: string): Promise<number | undefined> {
    return (await readWalletView(till.db, customerId))?.shownBalanceMinor;
  }

  it('pulls the staff with PIN hashes that check the right PIN with the network down', async () => {
    const { manager, cashier } = store().staff;
    const pulled = await till.db.staff.bulkGet([manager.id, cashier.id]);
    expect(pulled.map((member) => [member?.name, member?.role, member?.isActive])).toEqual([
      [testStaff.manager.name, 'manager', true],
      [testStaff.cashier.name, 'cashier', true],
    ]);
    // The hash is a slow one, never the PIN itself.
    expect(pulled[1]?.pinHash).not.toContain(testStaff.cashier.pin);

    till.network.isDown = true;
    await waitOnline(till.engine, false);
    const cached = (await till.db.staff.get(cashier.id))!;
    expect(await verifyPin(testStaff.cashier.pin, cached.pinHash)).toBe(true);
    expect(await verifyPin(testStaff.manager.pin, cached.pinHash)).toBe(false);
    expect(await verifyPin('0000', cached.pinHash)).toBe(false);
  });

  it('learns of a member disabled or added on the server at the next pull', async () => {
    const { cashier } = store().staff;
    const disabled = await server.ledger.saveStaffMember(cashier.id, {
      name: cashier.name,
      role: 'cashier',
      pin: null,
      isActive: false,
    });
    expect(disabled.ok).toBe(true);
    const newcomerId = newId();
    const added = await server.ledger.saveStaffMember(newcomerId, {
      name: 'Noé',
      role: 'cashier',
      pin: '8642',
      isActive: true,
    });
    expect(added.ok).toBe(true);

    await till.engine.pullNow();

    expect((await till.db.staff.get(cashier.id))?.isActive).toBe(false);
    const newcomer = await till.db.staff.get(newcomerId);
    expect(newcomer?.name).toBe('Noé');
    expect(await verifyPin('8642', newcomer?.pinHash ?? '')).toBe(true);
    expect(await till.db.staff.count()).toBe(3);
  });

  it('sets a refused order aside: kept in the history, no longer failed nor counted', async () => {
    // The cache knows a product the server does not have, as after a catalogue mix-up.
    const jam = toCachedProduct({
      id: newId(),
      name: 'Confiture',
      barcode: null,
      priceMinor: 550,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
      isService: false,
      isActive: true,
    });
    await till.db.products.put(jam);
    const alice = await cached(store().alice.id);
    const refused = draft({
      customer: alice,
      lines: [line(jam)],
      payments: [pay(store().wallet, 550)],
    });
    expect(await validateSale(till.deps, refused)).toMatchObject({ ok: true });
    await till.engine.pushNow();
    await waitForStatus(till.engine, (status) => status.failed.length === 1);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 550);

    const manager = { id: store().staff.manager.id, name: store().staff.manager.name };
    expect(await till.engine.setAsideFailed(refused.orderId, manager)).toBe(true);

    const status = await waitForStatus(till.engine, (current) => current.failed.length === 0);
    expect(status.pendingCount).toBe(0);
    const kept = await till.db.orders.get(refused.orderId);
    expect(kept?.status).toBe('set_aside');
    expect(kept?.failure?.reason).toBe('unknown_product');
    expect(kept?.setAside?.by).toEqual(manager);
    expect(kept?.order.lines[0]?.name).toBe('Confiture');
    expect(await till.db.pendingMovements.get(refused.orderId)).toBeUndefined();
    // The server never booked it: the till now shows what the server holds, and keeps showing it.
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor);
    await till.engine.pullNow();
    expect(await shownBalance(alice.id)).toBe(await serverBalance(server, alice.id));
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor);

    // Set aside is for good: neither a second set-aside nor a retry brings it back.
    expect(await till.engine.setAsideFailed(refused.orderId, manager)).toBe(false);
    await till.engine.retryFailed(refused.orderId);
    expect(await till.db.outbox.count()).toBe(0);
    expect((await till.db.orders.get(refused.orderId))?.status).toBe('set_aside');
    expect(await server.ledger.check()).toEqual([]);
  });

  it('refuses to set aside an order that was booked or is still waiting', async () => {
    const manager = { id: store().staff.manager.id, name: store().staff.manager.name };
    const booked = draft({ lines: [line(store().bread)], payments: [pay(store().cash, 405)] });
    expect(await validateSale(till.deps, booked)).toMatchObject({ ok: true });
    await till.engine.pushNow();
    till.network.isDown = true;
    await waitOnline(till.engine, false);
    const waiting = draft({ lines: [line(store().soap)], payments: [pay(store().card, 1_250)] });
    expect(await validateSale(till.deps, waiting)).toMatchObject({ ok: true });

    expect(await till.engine.setAsideFailed(booked.orderId, manager)).toBe(false);
    expect(await till.engine.setAsideFailed(waiting.orderId, manager)).toBe(false);
    expect(await till.engine.setAsideFailed(newId(), manager)).toBe(false);

    const orders = await till.db.orders.bulkGet([booked.orderId, waiting.orderId]);
    expect(orders.map((tillOrder) => tillOrder?.status)).toEqual(['synced', 'pending']);
    expect(await till.db.outbox.get(waiting.orderId)).toBeDefined();
  });

  it('keeps a conflicting order counted once set aside, until the booking settles it', async () => {
    const alice = await cached(store().alice.id);
    till.network.isDown = true;
    await waitOnline(till.engine, false);
    const spend = draft({
      customer: alice,
      lines: [line(store().soap)],
      payments: [pay(store().wallet, 1_250)],
    });
    expect(await validateSale(till.deps, spend)).toMatchObject({ ok: true });
    // The server books an order with the same id but other content: the till's is a conflict.
    const sent = (await till.db.orders.get(spend.orderId))!.order;
    const other = {
      ...sent,
      lines: [line(store().soap, 2_000)],
      payments: [pay(store().wallet, 2_500)],
    };
    const pushed = await server.ledger.push(store().till, [other]);
    expect(pushed.results[0]?.status).toBe('created');
    // No balance reaches the till for now, so the till's own movement is still pending.
    till.network.failingPaths.add('/v1/refresh');
    till.network.isDown = false;
    await waitOnline(till.engine, true);
    await till.engine.pushNow();
    const failed = await waitForStatus(till.engine, (status) => status.failed.length === 1);
    expect(failed.failed[0]?.reason).toBe('conflict');

    const manager = { id: store().staff.manager.id, name: store().staff.manager.name };
    expect(await till.engine.setAsideFailed(spend.orderId, manager)).toBe(true);
    // An order under this id is on the books, so the movement waits for a balance that has it.
    expect(await till.db.pendingMovements.get(spend.orderId)).toBeDefined();
    expect((await till.db.orders.get(spend.orderId))?.status).toBe('set_aside');

    till.network.failingPaths.delete('/v1/refresh');
    await till.engine.pullNow();

    expect(await till.db.pendingMovements.get(spend.orderId)).toBeUndefined();
    expect(await serverBalance(server, alice.id)).toBe(openingBalanceMinor - 2_500);
    expect(await shownBalance(alice.id)).toBe(openingBalanceMinor - 2_500);
    expect(await server.ledger.check()).toEqual([]);
  });
});
