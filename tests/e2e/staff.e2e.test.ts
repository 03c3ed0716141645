// Cashiers and managers at the built till in Chromium, against a real ledger server seeded with
// a manager (Mona) and a cashier (Camille). Signing in by keyboard and by touch, a wrong PIN
// refused and, after five, a wait; the cashier signed in named on the receipt and on the order
// the server books; a sale carried on by the next person after the till is locked; the idle lock
// on Playwright's clock; a refused sale that only a manager may set aside; and signing in while
// the server is unreachable. A fresh till without its staff says how to create the first manager.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../renderer/i18n/i18n.ts';
import { testStaff } from '../support/store.ts';
import {
  addProduct,
  lockTill,
  openSessionIfAsked,
  pay,
  pendingCount,
  screenTimeoutMs,
  signIn,
  startNewSale,
  textOf,
  validate,
  waitForOnline,
} from './support/till-actions.ts';
import {
  openTill,
  startTillHarness,
  type HarnessTill,
  type TillHarness,
} from './support/till-harness.ts';

const t = createTranslator('fr');
const bookedTimeoutMs = 30_000;
const suiteTimeoutMs = 120_000;
const { manager, cashier } = testStaff;

function staffChoice(page: Page, name: string) {
  return page.locator(`[data-testid="staff-choice"][data-staff-name="${name}"]`);
}

async function typePin(page: Page, pin: string): Promise<void> {
  await page.getByTestId('pin-pad').waitFor({ timeout: screenTimeoutMs });
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
}

async function isLocked(page: Page): Promise<boolean> {
  return (await page.getByTestId('lock-screen').count()) === 1;
}

async function cartProductIds(page: Page): Promise<(string | null)[]> {
  const lines = page.getByTestId('cart-line');
  const ids: (string | null)[] = [];
  for (let index = 0; index < (await lines.count()); index += 1) {
    ids.push(await lines.nth(index).getAttribute('data-product-id'));
  }
  return ids;
}

/** The order as the server booked it, from the body it keeps. */
async function bookedOrder(harness: TillHarness, orderId: string) {
  const rows = await harness.server.ledger.database.read((sql) =>
    sql.all<{ body: string }>('SELECT body FROM orders WHERE id = ?', [orderId]),
  );
  expect(rows).toHaveLength(1);
  return JSON.parse(rows[0]!.body) as { cashierId: string | null; cashierName: string | null };
}

/** Sells one bread for cash and returns the order's id once the server has booked it. */
async function sellBread(harness: TillHarness, till: HarnessTill): Promise<string> {
  const { page } = till;
  await addProduct(page, harness.server.store.bread);
  await pay(page, 'cash');
  expect(await validate(page)).toEqual({ kind: 'validated' });
  const orderId = await page.getByTestId('receipt-preview').getAttribute('data-order-id');
  await expect.poll(() => pendingCount(page), { timeout: bookedTimeoutMs }).toBe(0);
  return orderId ?? '';
}

describe('signing in and out at the till', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;
  let till: HarnessTill;
  let page: Page;

  beforeAll(async () => {
    harness = await startTillHarness();
    till = harness.tills[0]!;
    page = till.page;
    await page.clock.install();
    await openTill(harness, till, { signInAs: null });
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it('lists the active staff and signs in by keyboard: first letters, Enter, PIN, Enter', async () => {
    await page.getByTestId('lock-screen').waitFor();
    // The lock screen may show before its live query has read the staff the first sync stored.
    await expect
      .poll(() =>
        page
          .getByTestId('staff-choice')
          .evaluateAll((buttons) =>
            buttons.map((button) => button.getAttribute('data-staff-name')),
          ),
      )
      .toEqual([cashier.name, manager.name]);

    await page.keyboard.type('cam');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('pin-pad').getAttribute('data-staff-id')).toBe(
      harness.server.store.staff.cashier.id,
    );
    await typePin(page, cashier.pin);

    await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: screenTimeoutMs });
    expect(await textOf(page, 'staff-name')).toBe(cashier.name);
    // The first one in opens the till's session; it stays open for whoever signs in next.
    await openSessionIfAsked(page, '0');
  });

  it('refuses a wrong PIN, then makes the till wait 30 s after the fifth', async () => {
    await lockTill(page);
    await staffChoice(page, cashier.name).click();
    await typePin(page, '0000');
    await expect
      .poll(() => textOf(page, 'pin-message'), { timeout: screenTimeoutMs })
      .toBe(t('staff.pin.wrong'));
    expect(await isLocked(page)).toBe(true);

    for (let attempt = 2; attempt <= 5; attempt += 1) {
      await page.getByTestId('pin-message').waitFor({ timeout: screenTimeoutMs });
      await typePin(page, '9999');
      if (attempt < 5) {
        await page.getByTestId('pin-ok').waitFor({ state: 'visible' });
        await expect.poll(() => page.getByTestId('pin-ok').isEnabled()).toBe(true);
      }
    }
    await expect
      .poll(() => textOf(page, 'pin-wait'), { timeout: screenTimeoutMs })
      .toBe(t('staff.pin.wait', { seconds: 30 }));
    // While the till waits, even the right PIN is not checked.
    expect(await page.getByTestId('pin-ok').isDisabled()).toBe(true);
    await typePin(page, cashier.pin);
    expect(await isLocked(page)).toBe(true);

    await page.clock.fastForward(31_000);
    await page.getByTestId('pin-wait').waitFor({ state: 'detached', timeout: screenTimeoutMs });
    await typePin(page, cashier.pin);
    await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: screenTimeoutMs });
    expect(await textOf(page, 'staff-name')).toBe(cashier.name);
  });

  it('names the signed-in cashier on the receipt and on the order the server books', async () => {
    const orderId = await sellBread(harness, till);
    expect(await textOf(page, 'receipt-preview')).toContain(cashier.name);
    await page.getByTestId('print-button').click();
    await expect.poll(() => till.receipts.length, { timeout: screenTimeoutMs }).toBeGreaterThan(0);
    const printed = till.receipts.at(-1)!;
    expect(printed.orderId).toBe(orderId);
    expect(printed.lines).toContainEqual({
      kind: 'pair',
      left: t('receipt.text.cashier'),
      right: cashier.name,
      isBold: false,
    });

    expect(await bookedOrder(harness, orderId)).toMatchObject({
      cashierId: harness.server.store.staff.cashier.id,
      cashierName: cashier.name,
    });
    await startNewSale(page);
  });

  it('keeps the sale through a switch of cashier, and books it under the new one', async () => {
    const { bread, soap } = harness.server.store;
    await addProduct(page, bread);
    await addProduct(page, soap);

    await page.keyboard.press('F12');
    await page.getByTestId('lock-screen').waitFor({ timeout: screenTimeoutMs });
    await signIn(page, manager.name, manager.pin);

    expect(await cartProductIds(page)).toEqual([bread.id, soap.id]);
    await pay(page, 'card');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    expect(await textOf(page, 'receipt-preview')).toContain(manager.name);
    const orderId = await page.getByTestId('receipt-preview').getAttribute('data-order-id');
    await expect.poll(() => pendingCount(page), { timeout: bookedTimeoutMs }).toBe(0);
    expect(await bookedOrder(harness, orderId ?? '')).toMatchObject({
      cashierId: harness.server.store.staff.manager.id,
      cashierName: manager.name,
    });
    await startNewSale(page);
  });

  it('picks a name reached with Tab, and sends a tapped PIN with Enter', async () => {
    await lockTill(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('pin-pad').getAttribute('data-staff-id')).toBe(
      harness.server.store.staff.manager.id,
    );
    for (const digit of manager.pin) await page.getByTestId(`pin-key-${digit}`).click();
    expect(await page.getByTestId('pin-dots').getAttribute('data-length')).toBe('4');
    await page.keyboard.press('Enter');
    await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: screenTimeoutMs });
    expect(await textOf(page, 'staff-name')).toBe(manager.name);
  });

  it('signs in while the server is unreachable, after a restart too', async () => {
    await lockTill(page);
    await harness.setServerReachable(false);
    await waitForOnline(page, false);
    await signIn(page, cashier.name, cashier.pin);

    await page.reload();
    await page.getByTestId('lock-screen').waitFor({ timeout: screenTimeoutMs });
    await signIn(page, cashier.name, cashier.pin);
    await addProduct(page, harness.server.store.bread);
    await pay(page, 'cash');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    expect(await textOf(page, 'receipt-preview')).toContain(cashier.name);
    await startNewSale(page);
    await harness.setServerReachable(true);
    await waitForOnline(page, true);
    await expect.poll(() => pendingCount(page), { timeout: bookedTimeoutMs }).toBe(0);
  });
});

describe('the idle lock', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;

  beforeAll(async () => {
    harness = await startTillHarness({ lockAfterIdleMinutes: 2 });
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it('locks after the configured idle time, counted from the last pointer move', async () => {
    const till = harness.tills[0]!;
    const { page } = till;
    await page.clock.install();
    await openTill(harness, till);
    const { bread } = harness.server.store;
    await addProduct(page, bread);

    await page.clock.fastForward('01:30');
    expect(await isLocked(page)).toBe(false);
    await page.mouse.move(200, 300);
    await page.mouse.move(220, 320);
    await page.clock.fastForward('01:30');
    // Three minutes since signing in, but only one and a half since the pointer moved.
    expect(await isLocked(page)).toBe(false);

    await page.clock.fastForward('00:31');
    await page.getByTestId('lock-screen').waitFor({ timeout: screenTimeoutMs });

    await signIn(page, manager.name, manager.pin);
    expect(await cartProductIds(page)).toEqual([bread.id]);
  });

  it('follows a new idle time saved in the settings pane at once', async () => {
    const { page } = harness.tills[0]!;
    await lockTill(page);
    await signIn(page, cashier.name, cashier.pin);
    await page.getByTestId('settings-button').click();
    const dialog = page.getByTestId('manager-approval');
    await dialog.waitFor({ timeout: screenTimeoutMs });
    await dialog.locator(`[data-testid="staff-choice"][data-staff-name="${manager.name}"]`).click();
    for (const digit of manager.pin) await dialog.getByTestId(`pin-key-${digit}`).click();
    await dialog.getByTestId('pin-ok').click();
    await page.getByTestId('settings-tab-device').click();
    await page.getByTestId('device-lock-minutes').fill('1');
    await page.getByTestId('device-save').click();
    await expect.poll(() => textOf(page, 'device-notice')).toBe(t('settings.device.saved'));
    await page.getByTestId('settings-close').click();
    await page.getByTestId('settings-pane').waitFor({ state: 'detached' });

    // Two minutes were the rule at sign-in; one is the rule now, without signing in again.
    await page.clock.fastForward('00:55');
    expect(await isLocked(page)).toBe(false);
    await page.clock.fastForward('00:06');
    await page.getByTestId('lock-screen').waitFor({ timeout: screenTimeoutMs });
  });
});

describe('refused sales set aside', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;
  let till: HarnessTill;
  let page: Page;

  beforeAll(async () => {
    harness = await startTillHarness();
    till = harness.tills[0]!;
    page = till.page;
    await openTill(harness, till);
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  /**
   * A sale without a customer, rung up offline by a method the store starts to want a customer
   * for meanwhile: the server refuses it when the till is back.
   */
  async function refusedSale(kind: 'cash' | 'card'): Promise<string> {
    const { store, ledger } = harness.server;
    await harness.setServerReachable(false);
    await waitForOnline(page, false);
    const { id, ...method } = store[kind];
    const changed = await ledger.savePaymentMethod(
      { manager: store.staff.manager, till: store.till },
      id,
      { ...method, requiresCustomer: true },
    );
    expect(changed.ok).toBe(true);
    await addProduct(page, store.bread);
    await pay(page, kind);
    expect(await validate(page)).toEqual({ kind: 'validated' });
    const orderId = (await page.getByTestId('receipt-preview').getAttribute('data-order-id'))!;
    await startNewSale(page);
    await harness.setServerReachable(true);
    await waitForOnline(page, true);
    await failedItem(orderId).waitFor({ timeout: bookedTimeoutMs });
    return orderId;
  }

  function failedItem(orderId: string) {
    return page.locator(`[data-testid="sync-failed-item"][data-order-id="${orderId}"]`);
  }

  async function historyStatus(orderId: string): Promise<string | null> {
    await page.getByTestId('history-button').click();
    const row = page.locator(`[data-testid="history-order"][data-order-id="${orderId}"]`);
    const status = await row.getAttribute('data-status', { timeout: screenTimeoutMs });
    await page.keyboard.press('Escape');
    await page.getByTestId('product-search').waitFor({ timeout: screenTimeoutMs });
    return status;
  }

  it('refuses a cashier, even with her right PIN, and lets the manager set it aside', async () => {
    const orderId = await refusedSale('card');

    await failedItem(orderId).getByTestId('set-aside-button').click();
    const dialog = page.getByTestId('manager-approval');
    await dialog.waitFor({ timeout: screenTimeoutMs });
    expect(await dialog.getAttribute('data-action')).toBe('clear_failed');
    await staffChoice(page, cashier.name).click();
    await typePin(page, cashier.pin);
    await expect
      .poll(() => textOf(page, 'pin-message'), { timeout: screenTimeoutMs })
      .toBe(t('staff.approval.notManager', { name: cashier.name }));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: screenTimeoutMs });
    expect(await failedItem(orderId).count()).toBe(1);
    expect(await historyStatus(orderId)).toBe('failed');

    await failedItem(orderId).getByTestId('set-aside-button').click();
    await staffChoice(page, manager.name).click();
    await typePin(page, manager.pin);
    await dialog.waitFor({ state: 'detached', timeout: screenTimeoutMs });
    await failedItem(orderId).waitFor({ state: 'detached', timeout: screenTimeoutMs });
    expect(await historyStatus(orderId)).toBe('set_aside');
    // Still the cashier's till: the manager only approved.
    expect(await textOf(page, 'staff-name')).toBe(cashier.name);
  });

  it('asks a signed-in manager for her own PIN again, refusing a wrong one', async () => {
    const orderId = await refusedSale('cash');
    await lockTill(page);
    await signIn(page, manager.name, manager.pin);

    await failedItem(orderId).getByTestId('set-aside-button').click();
    expect(await page.getByTestId('pin-pad').getAttribute('data-staff-id')).toBe(
      harness.server.store.staff.manager.id,
    );
    await typePin(page, '1111');
    await expect
      .poll(() => textOf(page, 'pin-message'), { timeout: screenTimeoutMs })
      .toBe(t('staff.pin.wrong'));
    expect(await failedItem(orderId).count()).toBe(1);

    await typePin(page, manager.pin);
    await failedItem(orderId).waitFor({ state: 'detached', timeout: screenTimeoutMs });
    expect(await historyStatus(orderId)).toBe('set_aside');
    expect(till.pageErrors).toEqual([]);
  });
});

describe('a till whose staff has not arrived yet', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;

  beforeAll(async () => {
    harness = await startTillHarness();
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it('says a manager must be created and the till synced, then lists the staff', async () => {
    const till = harness.tills[0]!;
    await harness.setServerReachable(false);
    await openTill(harness, till, { isFirstSyncAwaited: false, signInAs: null });
    const { page } = till;
    await page.getByTestId('no-staff').waitFor({ timeout: screenTimeoutMs });
    expect(await textOf(page, 'no-staff')).toContain('npm run ledger -- staff add');

    await harness.setServerReachable(true);
    await staffChoice(page, cashier.name).waitFor({ timeout: bookedTimeoutMs });
    expect(await page.getByTestId('no-staff').count()).toBe(0);
    await signIn(page, cashier.name, cashier.pin);
  });
});
