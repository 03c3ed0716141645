// Random till workloads against a real ledger, on every engine: whatever mix of sales, top-ups,
// change onto the wallet, refunds and resent or altered orders arrives, in whatever batches, the
// books stay balanced, each order is answered as the workload predicts, and every wallet ends at
// its opening balance plus the movements of the orders that were booked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { asNumber } from '../../server/storage/database.ts';
import { engines, openTestLedger, type Engine } from '../support/databases.ts';
import { seedStore } from '../support/store.ts';
import {
  batchesOf,
  buildWorkload,
  closeTestLedger,
  observedResult,
  workloadArbitrary,
  type Buyer,
} from '../support/workload.ts';

// Each run opens a fresh database; PostgreSQL makes one per run, which costs far more.
const runsByEngine: Record<Engine, number> = { sqlite: 25, postgres: 10 };
// A failure found late leaves time to shrink it and still report it before the test times out.
const propertyTimeLimitMs = 40_000;

async function bookedOrderCount(ledger: Ledger): Promise<number> {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ count: unknown }>("SELECT COUNT(*) AS count FROM transactions WHERE kind = 'order'"),
  );
  return asNumber(rows[0]?.count);
}

async function seedBuyers(ledger: Ledger, openingBalancesMinor: readonly [number, number, number]) {
  const store = await seedStore(ledger, { walletBalanceMinor: openingBalancesMinor[0] });
  const carol = await ledger.createCustomer({ name: 'Carol Petit', isWalletUser: true });
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
  const openings: [string, number][] = [
    [carol.id, openingBalancesMinor[1]],
    [claire.id, openingBalancesMinor[2]],
  ];
  for (const [customerId, amountMinor] of openings) {
    if (amountMinor === 0) continue;
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId,
      amountMinor,
      description: 'Opening balance',
    });
  }
  const buyers: Buyer[] = [store.alice, carol, claire, paul, store.bob].map((customer) => ({
    customerId: customer.id,
    walletId: customer.walletId,
    isWalletUser: customer.isWalletUser,
  }));
  buyers.push({ customerId: null, walletId: null, isWalletUser: false });
  const openingBalances = new Map([
    [store.alice.walletId, openingBalancesMinor[0]],
    [carol.walletId, openingBalancesMinor[1]],
    [household.walletId, openingBalancesMinor[2]],
    [store.bob.walletId, 0],
  ]);
  // One customer per wallet is enough to read its balance back.
  const holders = new Map([
    [store.alice.walletId, store.alice.id],
    [carol.walletId, carol.id],
    [household.walletId, paul.id],
    [store.bob.walletId, store.bob.id],
  ]);
  return { store, buyers, openingBalances, holders };
}

describe.each(engines)('the ledger under random till workloads on %s', (engine) => {
  it(
    'keeps the books balanced and each wallet at its opening plus its booked movements',
    async () => {
      await fc.assert(
        fc.asyncProperty(workloadArbitrary, async (input) => {
          const opened = await openTestLedger(engine);
          try {
            const { ledger } = opened;
            const seeded = await seedBuyers(ledger, input.openingBalancesMinor);
            const workload = buildWorkload(
              seeded.store,
              seeded.buyers,
              seeded.openingBalances,
              input.steps,
            );

            for (const batch of batchesOf(workload.sends, input.batchSizes)) {
              const response = await ledger.push(
                seeded.store.till,
                batch.map((send) => send.order),
              );
              expect(response.results.map(observedResult)).toEqual(
                batch.map((send) => send.expected),
              );
            }

            expect(await ledger.check()).toEqual([]);
            expect(await bookedOrderCount(ledger)).toBe(workload.createdCount);
            for (const [walletId, balanceMinor] of workload.walletBalances) {
              const holder = seeded.holders.get(walletId) ?? '';
              const customer = await ledger.readCustomer(holder);
              expect({ walletId, balanceMinor: customer?.walletBalanceMinor }).toEqual({
                walletId,
                balanceMinor,
              });
            }
          } finally {
            await closeTestLedger(opened);
          }
        }),
        {
          numRuns: runsByEngine[engine],
          interruptAfterTimeLimit: propertyTimeLimitMs,
          markInterruptAsFailure: true,
        },
      );
    },
    propertyTimeLimitMs + 50_000,
  );
});
