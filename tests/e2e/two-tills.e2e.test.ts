// Two tills on one server, each in its own browser context with its own local store. A wallet
// spend at one till must reach the other within about a second (the server pokes, the till
// pulls), and selecting the customer must show it too (refresh on selection). Two tills that
// spend the last 10,00 of one wallet at the same moment must not both succeed: online, the
// server authorises each wallet payment with an atomic floor check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addProduct,
  chooseCustomer,
  pay,
  pendingCount,
  plainSpaces,
  sell,
  shownAmount,
  textOf,
  validate,
  waitForOnline,
} from './support/till-actions.ts';
import { openTill, startTillHarness, type TillHarness } from './support/till-harness.ts';

const suiteTimeoutMs = 180_000;
/** "About a second" is the aim; the poll allows for two browsers sharing two cores. */
const liveSyncTimeoutMs = 3_000;
const drainTimeoutMs = 30_000;

async function walletBalanceOnServer(harness: TillHarness, customerId: string) {
  return (await harness.server.ledger.readCustomer(customerId))?.walletBalanceMinor;
}

describe('two tills on one server', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;

  beforeAll(async () => {
    harness = await startTillHarness({ tillCount: 2 });
    for (const till of harness.tills) await openTill(harness, till);
    for (const till of harness.tills) await waitForOnline(till.page, true);
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it("shows a wallet spend at one till on the other's open customer within seconds", async () => {
    const [first, second] = harness.tills;
    const { alice, soap } = harness.server.store;
    const beforeMinor = (await walletBalanceOnServer(harness, alice.id))!;
    await chooseCustomer(second!.page, alice);
    expect(await textOf(second!.page, 'customer-balance')).toBe(shownAmount(beforeMinor));

    await sell(first!.page, { products: [soap], customer: alice, method: 'wallet' });
    await expect.poll(() => pendingCount(first!.page), { timeout: drainTimeoutMs }).toBe(0);
    const afterMinor = beforeMinor - soap.priceMinor;
    expect(await walletBalanceOnServer(harness, alice.id)).toBe(afterMinor);

    // Nothing is pressed on the second till: only a poke and a pull can change its screen.
    await expect
      .poll(() => textOf(second!.page, 'customer-balance'), { timeout: liveSyncTimeoutMs })
      .toBe(shownAmount(afterMinor));
  });

  it('shows the spend of another till when the customer is selected', async () => {
    const [first, second] = harness.tills;
    const { alice, bread } = harness.server.store;
    // The second till hears no more pokes: only the refresh on selection can bring the news.
    await second!.context.route(`${harness.tillServerUrl}/v1/events`, (route) => route.abort());
    await harness.setServerReachable(false);
    for (const till of harness.tills) await waitForOnline(till.page, false);
    await harness.setServerReachable(true);
    for (const till of harness.tills) await waitForOnline(till.page, true);
    await second!.page.getByTestId('customer-clear').click();
    const staleMinor = (await walletBalanceOnServer(harness, alice.id))!;

    await sell(first!.page, { products: [bread], customer: alice, method: 'wallet' });
    await expect.poll(() => pendingCount(first!.page), { timeout: drainTimeoutMs }).toBe(0);
    const serverMinor = (await walletBalanceOnServer(harness, alice.id))!;
    expect(serverMinor).toBe(staleMinor - bread.priceMinor);

    // The search list reads the cache: still the old balance, so no pull brought the news.
    await second!.page.getByTestId('customer-button').click();
    await second!.page.getByTestId('customer-search').fill(alice.name);
    const result = second!.page.locator(
      `[data-testid="customer-result"][data-customer-id="${alice.id}"]`,
    );
    expect(plainSpaces(await result.innerText())).toContain(shownAmount(staleMinor));
    await result.click();
    await expect
      .poll(() => textOf(second!.page, 'customer-balance'), { timeout: liveSyncTimeoutMs })
      .toBe(shownAmount(serverMinor));
    expect(second!.pageErrors).toEqual([]);
    expect(first!.pageErrors).toEqual([]);
  });
});

describe(
  'two tills spending the last 10,00 of one wallet at once',
  { timeout: suiteTimeoutMs },
  () => {
    let harness: TillHarness;

    beforeAll(async () => {
      harness = await startTillHarness({ tillCount: 2, walletBalanceMinor: 1_000 });
      for (const till of harness.tills) await openTill(harness, till);
      for (const till of harness.tills) await waitForOnline(till.page, true);
    }, suiteTimeoutMs);
    afterAll(() => harness?.close());

    it('lets exactly one succeed and leaves the wallet at 0,00', async () => {
      const { alice, soap } = harness.server.store;
      const pages = harness.tills.map((till) => till.page);
      // Each till rings up soap (12,50): 10,00 from the wallet, the rest in cash.
      for (const page of pages) {
        await addProduct(page, soap);
        await chooseCustomer(page, alice);
        await pay(page, 'wallet', 1_000);
        await pay(page, 'cash');
      }

      const results = await Promise.all(pages.map((page) => validate(page)));

      const validated = results.filter((result) => result.kind === 'validated');
      const refused = results.filter((result) => result.kind === 'refused');
      expect(validated).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ message: expect.stringMatching(/\S/) as unknown });

      const winner = harness.tills[results.indexOf(validated[0]!)]!;
      await expect.poll(() => pendingCount(winner.page), { timeout: drainTimeoutMs }).toBe(0);
      expect(await walletBalanceOnServer(harness, alice.id)).toBe(0);
      expect(await harness.server.ledger.check()).toEqual([]);
    });
  },
);
