// What a cashier does at the till, as steps the browser suites share: find an article, choose
// the customer, pay, validate, start the next sale. Every step goes through the screen by its
// data-testid values only, so the suites test what a cashier can see and press, and a renamed
// class or a new layout does not break them.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { money } from '../../../shared/money.ts';
import { formatMoney } from '../../../shared/money-format.ts';
import type { PaymentMethodKind } from '../../../shared/domain.ts';

/** A screen change after a click; generous, since two browsers may share two cores. */
export const screenTimeoutMs = 10_000;

/** Intl puts narrow no-break spaces in amounts; the screen's text is compared with plain ones. */
export function plainSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/** An amount as the till shows it in the seeded store (EUR, fr-BE), by the production formatter. */
export function shownAmount(minor: number): string {
  return plainSpaces(formatMoney(money(minor, 'EUR'), 'fr-BE'));
}

export async function textOf(page: Page, testId: string): Promise<string> {
  return plainSpaces(await page.getByTestId(testId).first().innerText());
}

/**
 * Signs in from the lock screen by touch: the name, the PIN's digits, OK. Waits for the lock
 * screen to go and the header to name the person.
 */
export async function signIn(
  page: Page,
  name: string,
  pin: string,
  options: { sessionFloat?: string | null } = {},
): Promise<void> {
  await page.getByTestId('lock-screen').waitFor({ timeout: screenTimeoutMs });
  await page
    .locator(`[data-testid="staff-choice"][data-staff-name="${name}"]`)
    .click({ timeout: screenTimeoutMs });
  for (const digit of pin) await page.getByTestId(`pin-key-${digit}`).click();
  await page.getByTestId('pin-ok').click();
  await page.getByTestId('lock-screen').waitFor({ state: 'detached', timeout: screenTimeoutMs });
  // Waited for in the page rather than with expect.poll, so hooks may sign in too.
  await page.waitForFunction(
    (expected) =>
      document.querySelector('[data-testid="staff-name"]')?.textContent?.trim() === expected,
    name,
    { timeout: screenTimeoutMs, polling: 100 },
  );
  // A till with no open session asks for the float once someone signs in: opened with 0 unless
  // the test wants the opening screen itself.
  const float = options.sessionFloat === undefined ? '0' : options.sessionFloat;
  if (float !== null && (await page.getByTestId('session-float-input').isVisible())) {
    await openSessionIfAsked(page, float);
  }
}

/**
 * Opens the till's session with the float typed, when the till asks for one after sign-in; a
 * till whose session is already open (after a restart) shows the sale screen instead.
 */
export async function openSessionIfAsked(page: Page, float: string): Promise<void> {
  const floatInput = page.getByTestId('session-float-input');
  const sale = page.getByTestId('product-search');
  await floatInput.or(sale).first().waitFor({ timeout: screenTimeoutMs });
  if (!(await floatInput.isVisible())) return;
  await floatInput.fill(float);
  await page.getByTestId('session-open-button').click();
  await sale.waitFor({ timeout: screenTimeoutMs });
}

/** Locks the till with the header's button, as a cashier leaving it does. */
export async function lockTill(page: Page): Promise<void> {
  await page.getByTestId('lock-button').click();
  await page.getByTestId('lock-screen').waitFor({ timeout: screenTimeoutMs });
}

export async function addProduct(page: Page, product: { id: string; name: string }) {
  await page.getByTestId('product-search').fill(product.name);
  await page.locator(`[data-testid="product-result"][data-product-id="${product.id}"]`).click();
}

export async function chooseCustomer(page: Page, customer: { id: string; name: string }) {
  await page.getByTestId('customer-button').first().click();
  await page.getByTestId('customer-search').fill(customer.name);
  await page.locator(`[data-testid="customer-result"][data-customer-id="${customer.id}"]`).click();
  await expect
    .poll(() => textOf(page, 'selected-customer'), { timeout: screenTimeoutMs })
    .toBe(customer.name);
}

/** Opens the payment screen and pays what is due (or `amountMinor`) with one method. */
export async function pay(page: Page, kind: PaymentMethodKind, amountMinor?: number) {
  if (!(await page.getByTestId('validate-button').isVisible())) {
    await page.getByTestId('pay-button').click();
  }
  if (amountMinor !== undefined) {
    await page.getByTestId('amount-input').fill(shownAmount(amountMinor).replace(/ ?€/, ''));
  }
  await page.locator(`[data-testid="payment-method"][data-method-kind="${kind}"]`).click();
}

export type ValidationResult = { kind: 'validated' } | { kind: 'refused'; message: string };

/** Presses validate and waits for the receipt or the refusal, whichever the till shows. */
export async function validate(page: Page): Promise<ValidationResult> {
  await page.getByTestId('validate-button').click();
  const receipt = page.getByTestId('receipt-preview');
  const refusal = page.getByTestId('refusal-message');
  await receipt.or(refusal).first().waitFor({ timeout: screenTimeoutMs });
  if (await receipt.isVisible()) return { kind: 'validated' };
  return { kind: 'refused', message: plainSpaces(await refusal.innerText()) };
}

export async function startNewSale(page: Page) {
  await page.getByTestId('new-sale-button').click();
  await page.getByTestId('product-search').waitFor({ timeout: screenTimeoutMs });
}

export interface SaleStep {
  products: readonly { id: string; name: string }[];
  customer?: { id: string; name: string };
  method: PaymentMethodKind;
}

/** One whole sale, from the empty sale screen back to it; fails the test on a refusal. */
export async function sell(page: Page, step: SaleStep): Promise<void> {
  for (const product of step.products) await addProduct(page, product);
  if (step.customer) await chooseCustomer(page, step.customer);
  await pay(page, step.method);
  const result = await validate(page);
  expect(result).toEqual({ kind: 'validated' });
  await startNewSale(page);
}

export async function pendingCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('sync-pending-count').getAttribute('data-count'));
}

export async function isShownOnline(page: Page): Promise<boolean> {
  return (await page.getByTestId('sync-indicator').getAttribute('data-online')) === 'true';
}

/**
 * Waits until the indicator shows the state asked for. Going offline takes a missed heartbeat
 * (every 5 s, 3 s timeout), so the default wait covers a few of them.
 */
export async function waitForOnline(page: Page, isOnline: boolean, timeoutMs = 20_000) {
  // Waited for in the page rather than with expect.poll, so hooks may call it too.
  await page.waitForFunction(
    (expected) =>
      document.querySelector('[data-testid="sync-indicator"]')?.getAttribute('data-online') ===
      expected,
    String(isOnline),
    { timeout: timeoutMs, polling: 100 },
  );
}
