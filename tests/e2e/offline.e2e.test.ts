// A day without network, in small: the server becomes unreachable, the cashier sells twenty
// orders (seven from Alice's wallet, within the store's offline limits), the till is reloaded
// halfway through as a crash or a restart would, and the network comes back. Every order must
// reach the books exactly once, the ledger must stay consistent, and the wallet balance must be
// the same on the server and on the till's screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodKind } from '../../shared/domain.ts';
import { asNumber } from '../../server/storage/database.ts';
import { testStaff } from '../support/store.ts';
import {
  chooseCustomer,
  pendingCount,
  sell,
  shownAmount,
  signIn,
  textOf,
  waitForOnline,
  type SaleStep,
} from './support/till-actions.ts';
import { openTill, startTillHarness, type TillHarness } from './support/till-harness.ts';

const suiteTimeoutMs = 240_000;
const orderCount = 20;
/** The engine retries every few seconds at first; the drain of twenty orders is one push. */
const drainTimeoutMs = 60_000;

describe('a till that loses the server', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;

  beforeAll(async () => {
    harness = await startTillHarness();
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  /**
   * Every third sale is Alice's, paid from her wallet, bread and soap in turn: 4 × 4,05 +
   * 3 × 12,50 = 53,70, under both the 50,00 per payment and the 100,00 per customer offline
   * limits. The others are cash or card, some for Bob, who does not use the wallet.
   */
  function plannedSales(): { steps: SaleStep[]; walletSpentMinor: number } {
    const { alice, bob, bread, soap } = harness.server.store;
    const steps: SaleStep[] = [];
    let walletSpentMinor = 0;
    let walletSaleCount = 0;
    for (let index = 0; index < orderCount; index += 1) {
      if (index % 3 === 0) {
        const product = walletSaleCount % 2 === 0 ? bread : soap;
        walletSaleCount += 1;
        walletSpentMinor += product.priceMinor;
        steps.push({ products: [product], customer: alice, method: 'wallet' });
        continue;
      }
      const method: PaymentMethodKind = index % 2 === 0 ? 'cash' : 'card';
      const customer = index % 5 === 0 ? bob : undefined;
      steps.push({ products: [bread, soap], customer, method });
    }
    return { steps, walletSpentMinor };
  }

  it('books all twenty orders once and agrees on the balance when the server returns', async () => {
    const till = harness.tills[0]!;
    const { page } = till;
    const { alice } = harness.server.store;
    const openingMinor = (await harness.server.ledger.readCustomer(alice.id))!.walletBalanceMinor;
    const { steps, walletSpentMinor } = plannedSales();

    await openTill(harness, till);
    await harness.setServerReachable(false);
    await waitForOnline(page, false);

    for (const [index, step] of steps.entries()) {
      if (index === orderCount / 2) {
        // A reload drops everything in memory; what is validated must be in the local store.
        await page.reload();
        await page.getByTestId('sync-indicator').waitFor();
        // The till opens locked; the cashier signs in again from the PINs it keeps.
        await signIn(page, testStaff.cashier.name, testStaff.cashier.pin);
        await expect.poll(() => pendingCount(page)).toBe(orderCount / 2);
        await waitForOnline(page, false);
      }
      await sell(page, step);
    }
    expect(await pendingCount(page)).toBe(orderCount);
    expect(await countOrdersOf(harness, till.tillId)).toBe(0);

    await harness.setServerReachable(true);
    await waitForOnline(page, true);
    await expect.poll(() => pendingCount(page), { timeout: drainTimeoutMs }).toBe(0);

    expect(await countOrdersOf(harness, till.tillId)).toBe(orderCount);
    expect(await distinctSequencesOf(harness, till.tillId)).toBe(orderCount);
    expect(await harness.server.ledger.check()).toEqual([]);
    const expectedMinor = openingMinor - walletSpentMinor;
    const server = await harness.server.ledger.readCustomer(alice.id);
    expect(server?.walletBalanceMinor).toBe(expectedMinor);

    await chooseCustomer(page, alice);
    await expect
      .poll(() => textOf(page, 'customer-balance'), { timeout: 10_000 })
      .toBe(shownAmount(expectedMinor));
    expect(till.pageErrors).toEqual([]);
  });
});

async function countOrdersOf(harness: TillHarness, tillId: string): Promise<number> {
  const rows = await harness.server.ledger.database.read((sql) =>
    sql.all<{ count: unknown }>('SELECT COUNT(*) AS count FROM orders WHERE till_id = ?', [tillId]),
  );
  return asNumber(rows[0]?.count ?? 0);
}

async function distinctSequencesOf(harness: TillHarness, tillId: string): Promise<number> {
  const rows = await harness.server.ledger.database.read((sql) =>
    sql.all<{ count: unknown }>(
      'SELECT COUNT(DISTINCT sequence) AS count FROM orders WHERE till_id = ?',
      [tillId],
    ),
  );
  return asNumber(rows[0]?.count ?? 0);
}
