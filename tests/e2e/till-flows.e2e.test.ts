// The cashier's wallet flows, end to end: the built till in Chromium against a real ledger server
// on SQLite. Each test presses what a cashier presses, reads what the cashier reads (balances,
// refusals in plain words, the receipt preview) and then checks the server's books, so a screen
// that shows one thing while the ledger books another cannot pass.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../shared/domain.ts';
import type { PrintOutcome } from '../../shared/host-api.ts';
import { asNumber } from '../../server/storage/database.ts';
import { createTranslator } from '../../renderer/i18n/i18n.ts';
import { printFailureMessage } from '../../renderer/i18n/reasons.ts';
import {
  addProduct,
  chooseCustomer,
  pay,
  pendingCount,
  plainSpaces,
  screenTimeoutMs,
  shownAmount,
  textOf,
  validate,
  waitForOnline,
} from './support/till-actions.ts';
import { installHostApi, makeTillHost } from './support/host-bridge.ts';
import { startStaticServer } from './support/static-server.ts';
import {
  launchBrowser,
  openTill,
  startTillHarness,
  tillDatabaseName,
  type HarnessTill,
  type TillHarness,
} from './support/till-harness.ts';

const suiteTimeoutMs = 180_000;
/** An online till pushes a validated sale within a second or two; this bounds a stuck outbox. */
const bookedTimeoutMs = 30_000;
const t = createTranslator('fr');

async function serverBalance(harness: TillHarness, customerId: string): Promise<number> {
  const customer = await harness.server.ledger.readCustomer(customerId);
  if (!customer) throw new Error(`the server does not know customer ${customerId}`);
  return customer.walletBalanceMinor;
}

interface EntryRow {
  accountId: string;
  amountMinor: number;
  customerId: string | null;
  paymentMethodId: string | null;
  movementKind: string | null;
}

/** The ledger entries the server booked for one of the till's orders. */
async function entriesOfOrder(harness: TillHarness, orderId: string): Promise<EntryRow[]> {
  const rows = await harness.server.ledger.database.read((sql) =>
    sql.all<Record<string, unknown>>(
      'SELECT e.account_id, e.amount_minor, e.customer_id, e.payment_method_id, ' +
        'e.movement_kind FROM entries e JOIN transactions t ON t.id = e.transaction_id ' +
        'WHERE t.order_id = ? ORDER BY e.id',
      [orderId],
    ),
  );
  return rows.map((row) => ({
    accountId: row.account_id as string,
    amountMinor: asNumber(row.amount_minor),
    customerId: row.customer_id as string | null,
    paymentMethodId: row.payment_method_id as string | null,
    movementKind: row.movement_kind as string | null,
  }));
}

function sumOf(entries: readonly EntryRow[], accountId: string): number {
  return entries
    .filter((entry) => entry.accountId === accountId)
    .reduce((total, entry) => total + entry.amountMinor, 0);
}

/** Orders in the till's own store: a refused sale must leave this unchanged. */
function tillOrderCount(page: Page): Promise<number> {
  return page.evaluate(
    (databaseName) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(databaseName);
        request.onerror = () => reject(new Error('the till store did not open'));
        request.onsuccess = () => {
          const database = request.result;
          const count = database.transaction('orders').objectStore('orders').count();
          count.onsuccess = () => {
            database.close();
            resolve(count.result);
          };
        };
      }),
    tillDatabaseName,
  );
}

/** The receipt preview's two-column lines, as [left, right] texts. */
function receiptPairs(page: Page): Promise<[string, string][]> {
  return page
    .locator('[data-testid="receipt-line"][data-kind="pair"]')
    .evaluateAll((lines) =>
      lines.map((line) => [
        line.children[0]?.textContent ?? '',
        line.children[1]?.textContent ?? '',
      ]),
    )
    .then((pairs) => pairs.map(([left, right]) => [plainSpaces(left!), plainSpaces(right!)]));
}

async function receiptOrderId(page: Page): Promise<string> {
  const orderId = await page.getByTestId('receipt-preview').getAttribute('data-order-id');
  if (!orderId) throw new Error('the receipt preview names no order');
  return orderId;
}

async function waitUntilBooked(page: Page): Promise<void> {
  await expect.poll(() => pendingCount(page), { timeout: bookedTimeoutMs }).toBe(0);
}

/** Back to an empty sale screen, from a receipt or from a refused payment. */
async function backToEmptySale(page: Page): Promise<void> {
  const newSale = page.getByTestId('new-sale-button');
  if (await newSale.isVisible()) await newSale.click();
  if (await page.getByTestId('validate-button').isVisible()) await page.keyboard.press('Escape');
  await page.getByTestId('product-search').waitFor({ timeout: screenTimeoutMs });
  const clear = page.getByTestId('clear-ticket');
  if (await clear.isVisible()) {
    await clear.click();
    await clear.click();
  }
  await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
}

async function setLineQuantity(page: Page, productId: string, quantity: string): Promise<void> {
  const line = page.locator(`[data-testid="cart-line"][data-product-id="${productId}"]`);
  const input = line.getByTestId('cart-line-quantity');
  await input.fill(quantity);
  await input.press('Enter');
}

describe('wallet sales at an online till', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;
  let till: HarnessTill;
  let basket: Product;
  /** What the receipt printer answers next; a test sets a failure to see the till cope. */
  let printOutcome: PrintOutcome = { ok: true };

  beforeAll(async () => {
    harness = await startTillHarness({ printReceipt: () => Promise.resolve(printOutcome) });
    // The brief's own example: a basket of 47,05 paid with a 50,00 note.
    basket = await harness.server.ledger.createProduct({
      name: 'Panier de la semaine',
      barcode: '5400000000031',
      priceMinor: 4705,
      taxRateBasisPoints: 600,
      isWalletCredit: false,
    });
    till = harness.tills[0]!;
    await openTill(harness, till);
    await waitForOnline(till.page, true);
  }, suiteTimeoutMs);

  afterEach(async () => {
    expect(till.pageErrors).toEqual([]);
    await backToEmptySale(till.page);
  });
  afterAll(() => harness?.close());

  it('pays from a wallet with enough balance and shows the balance on screen and receipt', async () => {
    const { alice, bread, soap } = harness.server.store;
    const page = till.page;
    const beforeMinor = await serverBalance(harness, alice.id);
    const totalMinor = bread.priceMinor + soap.priceMinor;

    await addProduct(page, bread);
    await addProduct(page, soap);
    expect(await textOf(page, 'cart-total')).toBe(shownAmount(totalMinor));
    await chooseCustomer(page, alice);
    expect(await textOf(page, 'customer-balance')).toBe(shownAmount(beforeMinor));
    expect(await page.getByTestId('customer-wallet-user').count()).toBe(1);

    await pay(page, 'wallet');
    expect(await textOf(page, 'balance-now')).toBe(shownAmount(beforeMinor));
    expect(await textOf(page, 'balance-after')).toBe(shownAmount(beforeMinor - totalMinor));
    expect(await textOf(page, 'due-amount')).toBe(shownAmount(0));
    expect(await validate(page)).toEqual({ kind: 'validated' });

    const pairs = await receiptPairs(page);
    expect(pairs).toContainEqual(['Portefeuille client', shownAmount(totalMinor)]);
    expect(pairs).toContainEqual([
      t('receipt.text.walletBalance'),
      shownAmount(beforeMinor - totalMinor),
    ]);
    expect(pairs.flat().join(' ')).not.toContain(t('receipt.text.provisional'));

    await page.getByTestId('print-button').click();
    await expect.poll(() => textOf(page, 'print-message')).toBe(t('print.ok'));
    const printed = till.receipts.at(-1)!;
    expect(printed.orderId).toBe(await receiptOrderId(page));
    expect(printed.lines).toHaveLength(await page.getByTestId('receipt-line').count());

    await waitUntilBooked(page);
    expect(await serverBalance(harness, alice.id)).toBe(beforeMinor - totalMinor);
  });

  it('rings up back-to-back scans at once, wherever the focus was', async () => {
    const { bread, soap } = harness.server.store;
    const page = till.page;
    // A scanner types each code then Enter, faster than a lookup answers, into whatever has
    // the focus: here a button, as after a click.
    await page.getByTestId('customer-button').focus();
    await page.keyboard.type(`${bread.barcode}\n${bread.barcode}\n${soap.barcode}\n`, {
      delay: 2,
    });

    const breadLine = page.locator(`[data-testid="cart-line"][data-product-id="${bread.id}"]`);
    await expect.poll(() => breadLine.getByTestId('cart-line-quantity').inputValue()).toBe('2');
    await expect
      .poll(() => textOf(page, 'cart-total'))
      .toBe(shownAmount(2 * bread.priceMinor + soap.priceMinor));

    await page.keyboard.type('9999999999994\n');
    await expect
      .poll(() => textOf(page, 'search-notice'))
      .toBe(plainSpaces(t('sale.barcode.unknown', { barcode: '9999999999994' })));
  });

  it('refuses a wallet payment without a customer and writes nothing', async () => {
    const { bread } = harness.server.store;
    const page = till.page;
    const ordersBefore = await tillOrderCount(page);

    await addProduct(page, bread);
    await pay(page, 'wallet');
    const result = await validate(page);

    expect(result).toEqual({ kind: 'refused', message: t('refusal.customer_required') });
    expect(await page.getByTestId('refusal-message').getAttribute('role')).toBe('alert');
    expect(await tillOrderCount(page)).toBe(ordersBefore);
    expect(await pendingCount(page)).toBe(0);
  });

  it('refuses a wallet payment by a customer who does not use the wallet', async () => {
    const { bob, bread } = harness.server.store;
    const page = till.page;
    const ordersBefore = await tillOrderCount(page);

    await addProduct(page, bread);
    await chooseCustomer(page, bob);
    expect(await page.getByTestId('customer-wallet-user').count()).toBe(0);
    await pay(page, 'wallet');

    expect(await validate(page)).toEqual({
      kind: 'refused',
      message: t('refusal.not_wallet_user'),
    });
    expect(await tillOrderCount(page)).toBe(ordersBefore);
  });

  it('refuses a wallet payment that would take the balance below the minimum', async () => {
    const { alice, soap } = harness.server.store;
    const page = till.page;
    const balanceMinor = await serverBalance(harness, alice.id);
    // Enough soap to cost more than the whole balance; the minimum is 0.
    const quantity = Math.floor(balanceMinor / soap.priceMinor) + 1;
    const ordersBefore = await tillOrderCount(page);

    await addProduct(page, soap);
    await setLineQuantity(page, soap.id, String(quantity));
    expect(await textOf(page, 'cart-total')).toBe(shownAmount(quantity * soap.priceMinor));
    await chooseCustomer(page, alice);
    await pay(page, 'wallet');
    const result = await validate(page);

    expect(result.kind).toBe('refused');
    const message = result.kind === 'refused' ? result.message : '';
    expect(message).toContain(`il reste ${shownAmount(balanceMinor)} utilisables`);
    expect(await tillOrderCount(page)).toBe(ordersBefore);
    expect(await serverBalance(harness, alice.id)).toBe(balanceMinor);
  });

  it('keeps the sale when the printer fails, and reprints it from the history', async () => {
    const { bread } = harness.server.store;
    const page = till.page;
    await addProduct(page, bread);
    await pay(page, 'cash');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    const orderId = await receiptOrderId(page);

    printOutcome = { ok: false, reason: 'paper_out' };
    await page.getByTestId('print-button').click();
    const message = page.getByTestId('print-message');
    await expect
      .poll(() => textOf(page, 'print-message'))
      .toBe(printFailureMessage(t, 'paper_out'));
    expect(await message.getAttribute('role')).toBe('alert');
    await waitUntilBooked(page);

    printOutcome = { ok: true };
    const printedBefore = till.receipts.length;
    await page.getByTestId('new-sale-button').click();
    await page.getByTestId('history-button').click();
    const row = page.locator(`[data-testid="history-order"][data-order-id="${orderId}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('synced');
    await row.getByTestId('reprint-button').click();
    const rowMessage = row.getByTestId('print-message');
    await expect.poll(async () => plainSpaces(await rowMessage.innerText())).toBe(t('print.ok'));
    expect(till.receipts.slice(printedBefore).map((receipt) => receipt.orderId)).toEqual([orderId]);
    await page.keyboard.press('Escape');
  });

  it('marks the balance provisional on a wallet receipt taken offline', async () => {
    const { alice, bread } = harness.server.store;
    const page = till.page;
    const beforeMinor = await serverBalance(harness, alice.id);
    await chooseCustomer(page, alice);
    await harness.setServerReachable(false);
    try {
      await waitForOnline(page, false);
      await addProduct(page, bread);
      await pay(page, 'wallet');
      expect(await validate(page)).toEqual({ kind: 'validated' });
      const label = `${t('receipt.text.walletBalance')} (${t('receipt.text.provisional')})`;
      expect(await receiptPairs(page)).toContainEqual([
        label,
        shownAmount(beforeMinor - bread.priceMinor),
      ]);
      expect(await pendingCount(page)).toBe(1);
    } finally {
      await harness.setServerReachable(true);
    }
    await waitForOnline(page, true);
    await waitUntilBooked(page);
    expect(await serverBalance(harness, alice.id)).toBe(beforeMinor - bread.priceMinor);
  });

  it('puts the 2,95 change from 50,00 cash for 47,05 on the wallet, and books it so', async () => {
    const { alice, cash } = harness.server.store;
    const page = till.page;
    const beforeMinor = await serverBalance(harness, alice.id);
    const drawerOpensBefore = till.host.drawerOpenCount;

    await addProduct(page, basket);
    await chooseCustomer(page, alice);
    await pay(page, 'cash', 5000);
    expect(await textOf(page, 'change-amount')).toBe(shownAmount(295));
    expect(await textOf(page, 'balance-after')).toBe(shownAmount(beforeMinor));

    await page.getByTestId('change-to-wallet').check();
    expect(await textOf(page, 'change-amount')).toBe(shownAmount(0));
    expect(await textOf(page, 'balance-after')).toBe(shownAmount(beforeMinor + 295));
    expect(await validate(page)).toEqual({ kind: 'validated' });

    const pairs = await receiptPairs(page);
    expect(pairs).toContainEqual(['Espèces', shownAmount(5000)]);
    expect(pairs).toContainEqual([t('receipt.text.changeToWallet'), shownAmount(295)]);
    expect(pairs).toContainEqual([t('receipt.text.walletBalance'), shownAmount(beforeMinor + 295)]);
    expect(pairs.map(([left]) => left)).not.toContain(t('receipt.text.change'));
    expect(till.host.drawerOpenCount).toBe(drawerOpensBefore + 1);

    const orderId = await receiptOrderId(page);
    await waitUntilBooked(page);
    const entries = await entriesOfOrder(harness, orderId);
    // The drawer keeps the whole 50,00: no cash goes back out, the change is on the wallet.
    expect(entries.filter((entry) => entry.accountId === 'cash')).toEqual([
      expect.objectContaining({ amountMinor: -5000, paymentMethodId: cash.id }),
    ]);
    expect(entries.filter((entry) => entry.accountId === alice.walletId)).toEqual([
      expect.objectContaining({
        amountMinor: 295,
        customerId: alice.id,
        movementKind: 'change_to_wallet',
      }),
    ]);
    // 47,05 at 6 % is 44,39 net and 2,66 tax; the transaction balances to zero.
    expect(sumOf(entries, 'sales:600')).toBe(4439);
    expect(sumOf(entries, 'tax:600')).toBe(266);
    expect(entries.reduce((total, entry) => total + entry.amountMinor, 0)).toBe(0);
    expect(await serverBalance(harness, alice.id)).toBe(beforeMinor + 295);
    expect(await harness.server.ledger.check()).toEqual([]);
  });
});

describe('a customer below the minimum wallet amount', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;
  let till: HarnessTill;
  const openingMinor = 1_000;
  const minimumMinor = 2_000;

  beforeAll(async () => {
    harness = await startTillHarness({ walletBalanceMinor: openingMinor });
    // Set before the till's first pull, so the till knows the minimum from the start.
    await harness.server.ledger.setMinimumWalletAmount(
      harness.server.store.wallet.id,
      minimumMinor,
    );
    till = harness.tills[0]!;
    await openTill(harness, till);
    await waitForOnline(till.page, true);
  }, suiteTimeoutMs);

  afterEach(async () => {
    expect(till.pageErrors).toEqual([]);
    await backToEmptySale(till.page);
  });
  afterAll(() => harness?.close());

  it('refuses to pay from the wallet but takes cash from the same customer', async () => {
    const { alice, bread } = harness.server.store;
    const page = till.page;

    await addProduct(page, bread);
    await chooseCustomer(page, alice);
    expect(await textOf(page, 'customer-balance')).toBe(shownAmount(openingMinor));
    await pay(page, 'wallet');
    const refused = await validate(page);
    expect(refused).toEqual({
      kind: 'refused',
      message: plainSpaces(t('refusal.below_minimum_wallet_amount', { available: shownAmount(0) })),
    });

    await page.getByTestId('payment-line-remove').click();
    await pay(page, 'cash');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    expect(await receiptPairs(page)).toContainEqual(['Espèces', shownAmount(bread.priceMinor)]);

    await waitUntilBooked(page);
    expect(await serverBalance(harness, alice.id)).toBe(openingMinor);
  });

  it('tops up and pays from the wallet in one order, the wallet charged net', async () => {
    const { alice, soap, topUp } = harness.server.store;
    const page = till.page;
    const topUpMinor = 5_000;
    const afterMinor = openingMinor + topUpMinor - soap.priceMinor;

    await chooseCustomer(page, alice);
    await page.getByTestId('topup-amount').fill('50');
    await page.getByTestId('topup-add').click();
    await addProduct(page, soap);
    const topUpLine = page.locator(`[data-testid="cart-line"][data-product-id="${topUp.id}"]`);
    expect(plainSpaces(await topUpLine.innerText())).toContain(shownAmount(topUpMinor));
    expect(await textOf(page, 'cart-total')).toBe(shownAmount(topUpMinor + soap.priceMinor));

    // 50,00 in cash for the top-up, the soap from the wallet: 12,50 more than its balance of
    // 10,00 above a minimum of 20,00, allowed because the top-up in the same order counts first.
    await pay(page, 'cash', topUpMinor);
    await pay(page, 'wallet');
    expect(await textOf(page, 'due-amount')).toBe(shownAmount(0));
    expect(await textOf(page, 'balance-now')).toBe(shownAmount(openingMinor));
    expect(await textOf(page, 'balance-after')).toBe(shownAmount(afterMinor));
    expect(await validate(page)).toEqual({ kind: 'validated' });

    // A top-up is 50 credits of 1,00: its name on one line, the credits under it.
    const texts = await page
      .locator('[data-testid="receipt-line"][data-kind="text"]')
      .allInnerTexts();
    expect(texts).toContain(`${topUp.name} (${t('receipt.text.topUp')})`);
    const pairs = await receiptPairs(page);
    expect(pairs).toContainEqual([`50 × ${shownAmount(100)}`, shownAmount(topUpMinor)]);
    expect(pairs).toContainEqual([t('receipt.text.walletBalance'), shownAmount(afterMinor)]);

    const orderId = await receiptOrderId(page);
    await waitUntilBooked(page);
    const walletEntries = (await entriesOfOrder(harness, orderId)).filter(
      (entry) => entry.accountId === alice.walletId,
    );
    expect(walletEntries.map((entry) => [entry.movementKind, entry.amountMinor])).toEqual(
      expect.arrayContaining([
        ['top_up', topUpMinor],
        ['spend', -soap.priceMinor],
      ]),
    );
    expect(await serverBalance(harness, alice.id)).toBe(afterMinor);
    expect(await harness.server.ledger.check()).toEqual([]);
  });
});

describe('a till that is not paired', { timeout: suiteTimeoutMs }, () => {
  it('says so plainly and offers no selling screen', async () => {
    const browser = await launchBrowser();
    const site = await startStaticServer();
    try {
      const context = await browser.newContext({ locale: 'fr-BE' });
      await installHostApi(context, makeTillHost(null).handlers);
      const page = await context.newPage();
      await page.goto(site.indexUrl);

      const screen = page.getByTestId('not-paired');
      await screen.waitFor({ timeout: screenTimeoutMs });
      expect(plainSpaces(await screen.innerText())).toContain(t('notPaired.title'));
      expect(await page.getByTestId('product-search').count()).toBe(0);
      expect(await page.getByTestId('sync-indicator').count()).toBe(0);
    } finally {
      await browser.close();
      await site.close();
    }
  });
});
