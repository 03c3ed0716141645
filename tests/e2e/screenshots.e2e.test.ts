// Pictures of the till's main screens, in French, for the README: the sale, the customer
// picker, the payment, the receipt, the history, the offline indicator, the lock screen, the
// settings pane and the Z report. They are taken from
// the built renderer against a real server filled with a small shop, so they show what a
// cashier sees today; each screen is checked to be the one meant before it is saved. They go to
// out/screenshots on every run, and replace the README's pictures in docs/screenshots only with
// CAISSE_UPDATE_SCREENSHOTS=1 (`npm run screenshots`): a test run should not leave the
// working tree changed by a few pixels of font rendering.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/ledger/catalog.ts';
import type { Product } from '../../shared/domain.ts';
import { testStaff } from '../support/store.ts';
import {
  addProduct,
  chooseCustomer,
  lockTill,
  pay,
  pendingCount,
  screenTimeoutMs,
  sell,
  signIn,
  validate,
  waitForOnline,
} from './support/till-actions.ts';
import { openTill, startTillHarness, type TillHarness } from './support/till-harness.ts';

const suiteTimeoutMs = 180_000;
const screenshotFolder = resolve(
  import.meta.dirname,
  process.env.CAISSE_UPDATE_SCREENSHOTS === '1'
    ? '../../docs/screenshots'
    : '../../out/screenshots',
);
/** A common till screen size: 1280 × 800 touch panels are what cooperative shops buy. */
const viewport = { width: 1280, height: 800 };
/**
 * The page's clock shows one fixed Saturday morning, so the receipt and the history print the
 * same times on every run and the pictures change only when the screens do. Timers still run.
 */
const shownTime = new Date('2026-03-14T10:42:00+01:00');

async function snap(page: Page, name: string): Promise<void> {
  // No caret, no hover and no transition half-way: the picture should not depend on the moment.
  await page.mouse.move(viewport.width - 1, viewport.height - 1);
  await page.waitForTimeout(200);
  await page.screenshot({
    path: resolve(screenshotFolder, `${name}.png`),
    caret: 'hide',
    animations: 'disabled',
  });
}

/** The first-sync banner can flash once more after the harness saw it go; wait it out. */
async function waitForQuietScreen(page: Page): Promise<void> {
  const banner = page.getByTestId('first-sync-progress');
  await banner.waitFor({ state: 'detached', timeout: screenTimeoutMs });
  await page.waitForTimeout(300);
  await banner.waitFor({ state: 'detached', timeout: screenTimeoutMs });
}

async function fillShop(harness: TillHarness) {
  const { ledger, store } = harness.server;
  await ledger.saveSettings({
    ...defaultSettings,
    storeName: 'La Ruche — épicerie coopérative',
    walletTopUpProductId: store.topUp.id,
  });
  const product = (name: string, barcode: string, priceMinor: number, taxRateBasisPoints = 600) =>
    ledger.createProduct({ name, barcode, priceMinor, taxRateBasisPoints, isWalletCredit: false });
  const products = {
    apples: await product('Pommes Jonagold (kg)', '2100000000014', 329),
    wholemeal: await product('Pain complet bio', '5400000000048', 385),
    gingerbread: await product('Pain d’épices au miel', '5400000000055', 549),
    milk: await product('Lait entier de la ferme 1 l', '5400000000062', 139),
    coffee: await product('Café équitable moulu 250 g', '5400000000079', 679),
    basket: await product('Panier de légumes de saison', '5400000000086', 4705),
  };
  const customers = [
    { name: 'Marie Dubois', email: 'marie.dubois@example.org', isWalletUser: true },
    { name: 'Jean Dumont', email: 'jean.dumont@example.org', isWalletUser: false },
    { name: 'Amélie Durand', email: 'amelie.durand@example.org', isWalletUser: true },
  ];
  for (const customer of customers) {
    const created = await ledger.createCustomer({ ...customer, cardBarcode: null });
    if (created.isWalletUser) {
      await ledger.bookWalletTransfer({
        kind: 'bank_top_up',
        customerId: created.id,
        amountMinor: 4_250,
        description: 'Virement',
      });
    }
  }
  return products;
}

async function setQuantity(page: Page, product: Product, quantity: string): Promise<void> {
  const line = page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`);
  await line.getByTestId('cart-line-quantity').fill(quantity);
  await line.getByTestId('cart-line-quantity').press('Enter');
}

describe('screenshots of the till', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;
  let page: Page;
  let products: Awaited<ReturnType<typeof fillShop>>;

  beforeAll(async () => {
    await mkdir(screenshotFolder, { recursive: true });
    harness = await startTillHarness();
    products = await fillShop(harness);
    const till = harness.tills[0]!;
    page = till.page;
    await page.setViewportSize(viewport);
    await page.clock.setFixedTime(shownTime);
    // The seeded cashier, Camille, signs in: her name is on the header and the receipt.
    await openTill(harness, till);
    await waitForOnline(page, true);
    await waitForQuietScreen(page);
  }, suiteTimeoutMs);

  afterAll(() => harness?.close());

  it('shows the sale screen with a ticket, a customer and search results', async () => {
    const { alice, soap } = harness.server.store;
    await addProduct(page, products.wholemeal);
    await addProduct(page, products.apples);
    await setQuantity(page, products.apples, '1,250');
    await addProduct(page, soap);
    await addProduct(page, products.milk);
    await setQuantity(page, products.milk, '2');
    await chooseCustomer(page, alice);
    await page.getByTestId('product-search').fill('pain');
    await expect.poll(() => page.getByTestId('product-result').count()).toBe(3);
    await snap(page, 'sale');
  });

  it('shows the customer picker with balances and wallet users', async () => {
    await page.getByTestId('customer-button').click();
    await page.getByTestId('customer-search').fill('du');
    await expect.poll(() => page.getByTestId('customer-result').count()).toBe(4);
    await snap(page, 'customer-picker');
    await page.keyboard.press('Escape');
    await page.getByTestId('product-search').fill('');
  });

  it('shows the payment screen with the change going onto the wallet', async () => {
    // Start over with the brief's own example: 47,05 paid with a 50,00 note.
    await page.getByTestId('clear-ticket').click();
    await page.getByTestId('clear-ticket').click();
    await addProduct(page, products.basket);
    await chooseCustomer(page, harness.server.store.alice);
    await pay(page, 'cash', 5000);
    await page.getByTestId('change-to-wallet').check();
    await page.getByTestId('amount-input').focus();
    await snap(page, 'payment');
  });

  it('shows the receipt preview after validation', async () => {
    expect(await validate(page)).toEqual({ kind: 'validated' });
    await page.getByTestId('print-button').click();
    await page.getByTestId('print-message').waitFor({ timeout: screenTimeoutMs });
    await snap(page, 'receipt');
    await page.getByTestId('new-sale-button').click();
  });

  it('shows the history with each sale and where it stands', async () => {
    const { alice, bob, bread } = harness.server.store;
    await sell(page, { products: [products.coffee, bread], customer: bob, method: 'card' });
    await sell(page, { products: [products.gingerbread], customer: alice, method: 'wallet' });
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);

    await harness.setServerReachable(false);
    await waitForOnline(page, false);
    await sell(page, { products: [products.milk], method: 'cash' });
    await page.getByTestId('history-button').click();
    await expect.poll(() => page.getByTestId('history-order').count()).toBe(4);
    await snap(page, 'history');
    await page.keyboard.press('Escape');
  });

  it('shows the offline indicator with the sales waiting to be sent', async () => {
    await addProduct(page, products.wholemeal);
    await pay(page, 'cash');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    await page.getByTestId('new-sale-button').click();
    await expect.poll(() => pendingCount(page)).toBe(2);
    await addProduct(page, products.coffee);
    await snap(page, 'offline');

    await harness.setServerReachable(true);
    await waitForOnline(page, true);
    await expect.poll(() => pendingCount(page), { timeout: 30_000 }).toBe(0);
    expect(harness.tills[0]!.pageErrors).toEqual([]);
  });

  it('shows the lock screen with the staff who may sign in', async () => {
    await page.getByTestId('clear-ticket').click();
    await page.getByTestId('clear-ticket').click();
    await lockTill(page);
    await expect.poll(() => page.getByTestId('staff-choice').count()).toBe(2);
    await snap(page, 'lock');
    await signIn(page, testStaff.cashier.name, testStaff.cashier.pin);
  });

  it('shows the settings pane a manager opened', async () => {
    await page.getByTestId('settings-button').click();
    const dialog = page.getByTestId('manager-approval');
    await dialog.waitFor({ timeout: screenTimeoutMs });
    const { manager } = testStaff;
    await dialog.locator(`[data-testid="staff-choice"][data-staff-name="${manager.name}"]`).click();
    for (const digit of manager.pin) await dialog.getByTestId(`pin-key-${digit}`).click();
    await dialog.getByTestId('pin-ok').click();
    await page.getByTestId('settings-pane').waitFor({ timeout: screenTimeoutMs });
    await expect.poll(() => page.getByTestId('settings-approver').innerText()).toContain('Mona');
    await snap(page, 'settings');
    await page.getByTestId('settings-close').click();
    await page.getByTestId('settings-pane').waitFor({ state: 'detached' });
  });

  it('shows the Z report of the closed session', async () => {
    await page.getByTestId('session-close-button').click();
    await page.getByTestId('session-counted-input').fill('20,00');
    await page.getByTestId('session-close-confirm').click();
    const report = page.getByTestId('session-report');
    await report.waitFor({ timeout: screenTimeoutMs });
    await snap(page, 'z-report');
    expect(harness.tills[0]!.pageErrors).toEqual([]);
  });
});
