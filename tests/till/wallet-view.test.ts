// One customer's wallet as a sale sees it: the cached balance plus this till's movements on the
// wallet the customer spends from now, even when the caller still believed in an older wallet
// (the customer joined a household since the screen read them).
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import type { PendingMovement, TillDatabase } from '../../renderer/store/database.ts';
import { readWalletView } from '../../renderer/store/wallet-view.ts';
import { cachedCustomer, openLocalDatabase } from './local-records.ts';

describe('the wallet view', () => {
  let db: TillDatabase;
  const ownWalletId = newId();
  const householdWalletId = newId();
  const alice = cachedCustomer({
    name: 'Alice Dupont',
    walletId: householdWalletId,
    walletBalanceMinor: 10_000,
  });
  function movement(walletId: string, deltaMinor: number): PendingMovement {
    return {
      orderId: newId(),
      walletId,
      customerId: alice.id,
      deltaMinor,
      offlineChargeMinor: -deltaMinor,
      createdAt: '2026-01-05T09:00:00.000Z',
    };
  }
  const onHousehold = [movement(householdWalletId, -1_250), movement(householdWalletId, -405)];
  beforeAll(async () => {
    db = openLocalDatabase();
    await db.customers.put(alice);
    await db.pendingMovements.bulkPut([...onHousehold, movement(ownWalletId, -700)]);
  });
  afterAll(() => db.close());

  it.each([
    { expected: 'no wallet', walletId: undefined },
    { expected: 'the wallet it spends from', walletId: householdWalletId },
    { expected: 'the wallet it spent from before joining', walletId: ownWalletId },
    { expected: 'an unknown wallet', walletId: newId() },
  ])('counts the current wallet when told to expect $expected', async ({ walletId }) => {
    const view = await readWalletView(db, alice.id, walletId);

    expect(view?.pendingMovements.map((found) => found.orderId).sort()).toEqual(
      onHousehold.map((expected) => expected.orderId).sort(),
    );
    expect(view?.shownBalanceMinor).toBe(10_000 - 1_655);
    expect(view?.pendingOfflineChargeMinor).toBe(1_655);
  });

  it('is null for a customer the till does not hold', async () => {
    expect(await readWalletView(db, newId(), householdWalletId)).toBeNull();
  });
});
