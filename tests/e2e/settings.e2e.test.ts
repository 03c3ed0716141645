// The store manager's settings pane in real Chromium against a real server. A minimum wallet
// amount changed on one till governs the other within seconds; a cashier cannot open the pane
// without a manager; wrong input is refused field by field and changes nothing on the server
// or the till; a store-wide edit is refused offline. A new till pairs with a one-time code,
// and a used or an expired code is refused with its own message.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../renderer/i18n/i18n.ts';
import { printFailureMessage } from '../../renderer/i18n/reasons.ts';
import { createPairingCode } from '../../server/backoffice/pairing.ts';
import { pullResponseSchema } from '../../shared/protocol.ts';
import { call } from '../support/server.ts';
import { testStaff } from '../support/store.ts';
import { startTestPrinter } from '../support/test-printer.ts';
import {
  addProduct,
  chooseCustomer,
  pay,
  pendingCount,
  plainSpaces,
  screenTimeoutMs,
  sell,
  signIn,
  startNewSale,
  textOf,
  validate,
  waitForOnline,
} from './support/till-actions.ts';
import {
  firstSyncTimeoutMs,
  openTill,
  startTillHarness,
  waitForFirstSync,
  type TillHarness,
} from './support/till-harness.ts';

const t = createTranslator('fr');
const suiteTimeoutMs = 240_000;
/** "Within seconds": the poke and the pull take well under one; this allows for two browsers. */
const liveSyncTimeoutMs = 5_000;
const drainTimeoutMs = 30_000;
const actor = { userId: null, name: 'test' };

/** Opens the settings pane as the seeded manager approves it. */
async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-button').click();
  await approveAs(page, testStaff.manager);
  await page.getByTestId('settings-pane').waitFor({ timeout: screenTimeoutMs });
}

async function approveAs(page: Page, person: { name: string; pin: string }): Promise<void> {
  const dialog = page.getByTestId('manager-approval');
  await dialog.waitFor({ timeout: screenTimeoutMs });
  await dialog.locator(`[data-testid="staff-choice"][data-staff-name="${person.name}"]`).click();
  for (const digit of person.pin) await dialog.getByTestId(`pin-key-${digit}`).click();
  await dialog.getByTestId('pin-ok').click();
}

async function closeSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-close').click();
  await page.getByTestId('settings-pane').waitFor({ state: 'detached' });
}

async function editMethod(page: Page, methodId: string): Promise<void> {
  await page.getByTestId('settings-tab-methods').click();
  await page
    .locator(`[data-testid="method-row"][data-method-id="${methodId}"]`)
    .getByTestId('method-edit')
    .click();
  await page.getByTestId('method-form').waitFor({ timeout: screenTimeoutMs });
}

/** A payment method as the till's local store holds it. */
async function localMethod(page: Page, methodId: string): Promise<Record<string, unknown> | null> {
  return page.evaluate(
    (id) =>
      new Promise<Record<string, unknown> | null>((resolve) => {
        const request = indexedDB.open('caisse-till');
        request.onsuccess = () => {
          const read = request.result.transaction('paymentMethods').objectStore('paymentMethods');
          const get = read.get(id);
          get.onsuccess = () => {
            request.result.close();
            resolve((get.result as Record<string, unknown> | undefined) ?? null);
          };
        };
      }),
    methodId,
  );
}

async function localSettings(page: Page): Promise<Record<string, unknown> | null> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown> | null>((resolve) => {
        const request = indexedDB.open('caisse-till');
        request.onsuccess = () => {
          const get = request.result.transaction('settings').objectStore('settings').get('store');
          get.onsuccess = () => {
            request.result.close();
            const row = get.result as { value: Record<string, unknown> } | undefined;
            resolve(row?.value ?? null);
          };
        };
      }),
  );
}

/** A payment method as the server gives it to a till, through the sync API. */
async function serverMethod(harness: TillHarness, methodId: string) {
  const pull = await call(harness.server, 'GET', '/v1/pull?cursor=0&limit=1000', {
    token: harness.server.store.token,
  });
  const methods = pullResponseSchema.parse(pull.json).paymentMethods;
  return methods.findLast((method) => method.id === methodId);
}

describe('store-wide settings from the till', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;

  beforeAll(async () => {
    harness = await startTillHarness({ tillCount: 2, walletBalanceMinor: 1_000 });
    for (const till of harness.tills) await openTill(harness, till);
    for (const till of harness.tills) await waitForOnline(till.page, true);
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it('lets a cashier open the settings only with a manager', async () => {
    const page = harness.tills[0]!.page;
    await page.getByTestId('settings-button').click();
    await approveAs(page, testStaff.cashier);
    const dialog = page.getByTestId('manager-approval');
    await expect.poll(() => dialog.innerText()).toContain(testStaff.cashier.name);
    expect(await page.getByTestId('settings-pane').count()).toBe(0);
    await dialog.getByTestId('approval-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('settings-pane').count()).toBe(0);

    await openSettings(page);
    expect(await textOf(page, 'settings-approver')).toContain(testStaff.manager.name);
    await closeSettings(page);
  });

  it('refuses bad input field by field and changes nothing', async () => {
    const page = harness.tills[0]!.page;
    const { wallet, soap } = harness.server.store;
    const methodBefore = await serverMethod(harness, wallet.id);
    const settingsBefore = await harness.server.ledger.readSettings();
    await openSettings(page);

    await editMethod(page, wallet.id);
    await page.getByTestId('method-minimum').fill('douze euros');
    await page.getByTestId('method-requires-customer').uncheck();
    await page.getByTestId('method-save').click();
    expect(await textOf(page, 'problem-minimumWalletMinor')).toBe(
      t('settings.problem.amount_not_a_number'),
    );
    expect(await textOf(page, 'problem-requiresCustomer')).toBe(
      t('settings.problem.wallet_requires_customer'),
    );
    expect(await textOf(page, 'method-notice')).toBe(t('settings.notSaved'));
    await page.getByTestId('method-minimum').fill('1,234');
    await page.getByTestId('method-save').click();
    expect(await textOf(page, 'problem-minimumWalletMinor')).toBe(
      t('settings.problem.amount_too_many_decimals'),
    );
    await page.getByTestId('method-cancel').click();

    await page.getByTestId('settings-tab-store').click();
    await page.getByTestId('top-up-product').selectOption(soap.id);
    await page.getByTestId('limit-per-payment').fill('-5');
    await page.getByTestId('limit-max-age').fill('une heure');
    await page.getByTestId('store-save').click();
    expect(await textOf(page, 'problem-walletTopUpProductId')).toBe(
      t('settings.problem.top_up_not_wallet_credit'),
    );
    expect(await textOf(page, 'problem-perPaymentMaxMinor')).toBe(
      t('settings.problem.amount_negative'),
    );
    expect(await textOf(page, 'problem-cachedBalanceMaxAgeMinutes')).toBe(
      t('settings.problem.not_a_whole_number'),
    );
    expect(await textOf(page, 'store-notice')).toBe(t('settings.notSaved'));

    // A taxed top-up product, made on the server for the test, is refused for its tax.
    const taxedTopUp = await harness.server.ledger.createProduct({
      name: 'Recharge taxée',
      barcode: null,
      priceMinor: 100,
      taxRateBasisPoints: 2100,
      isWalletCredit: true,
      isService: true,
    });
    await harness.tills[0]!.page.waitForFunction(
      (id) => document.querySelector(`[data-testid="top-up-product"] option[value="${id}"]`),
      taxedTopUp.id,
      { timeout: liveSyncTimeoutMs },
    );
    await page.getByTestId('top-up-product').selectOption(taxedTopUp.id);
    await page.getByTestId('limit-per-payment').fill('20,00');
    await page.getByTestId('limit-max-age').fill('60');
    await page.getByTestId('store-save').click();
    expect(await textOf(page, 'problem-walletTopUpProductId')).toBe(
      t('settings.problem.top_up_taxed'),
    );

    // A rule only the server checks: its refusal is shown on the field it names.
    await page.getByTestId('top-up-product').selectOption(harness.server.store.topUp.id);
    await page.getByTestId('limit-per-payment').fill('150,00');
    await page.getByTestId('limit-per-customer').fill('100,00');
    await page.getByTestId('store-save').click();
    await expect.poll(() => textOf(page, 'store-notice')).toBe(t('settings.refusal.invalid'));
    // The server names the rule by its code, and the till says it in French.
    expect(await textOf(page, 'problem-perPaymentMaxMinor')).toBe(
      t('settings.rule.offline_per_payment_above_per_customer'),
    );

    // A second active wallet method: only the server sees every method at once.
    await page.getByTestId('settings-tab-methods').click();
    await page.getByTestId('method-new').click();
    await page.getByTestId('method-form').waitFor({ timeout: screenTimeoutMs });
    await page.getByTestId('method-name').fill('Deuxième portefeuille');
    await page.getByTestId('method-kind').selectOption('wallet');
    await page.getByTestId('method-requires-customer').check();
    await page.getByTestId('method-save').click();
    await expect.poll(() => textOf(page, 'method-notice')).toBe(t('settings.refusal.invalid'));
    expect(await textOf(page, 'problem-isActive')).toBe(
      t('settings.rule.second_wallet_method', { method: wallet.name }),
    );
    expect(await textOf(page, 'problem-isActive')).not.toContain('Refusé par le serveur');
    await page.getByTestId('method-cancel').click();

    expect(await serverMethod(harness, wallet.id)).toEqual(methodBefore);
    expect(await harness.server.ledger.readSettings()).toEqual(settingsBefore);
    expect(await localMethod(page, wallet.id)).toMatchObject({ minimumWalletMinor: 0 });
    expect(await localSettings(page)).toMatchObject({ version: settingsBefore?.version });
    await closeSettings(page);
  });

  it('refuses a store-wide edit offline and changes nothing', async () => {
    const page = harness.tills[0]!.page;
    const { wallet } = harness.server.store;
    const methodBefore = await serverMethod(harness, wallet.id);
    await openSettings(page);
    await harness.setServerReachable(false);
    await waitForOnline(page, false);
    try {
      await editMethod(page, wallet.id);
      await page.getByTestId('method-minimum').fill('3,00');
      await page.getByTestId('method-save').click();
      expect(await textOf(page, 'method-notice')).toBe(t('settings.refusal.offline'));
      await page.getByTestId('method-cancel').click();
    } finally {
      await harness.setServerReachable(true);
    }
    await waitForOnline(page, true);
    expect(await serverMethod(harness, wallet.id)).toEqual(methodBefore);
    expect(await localMethod(page, wallet.id)).toMatchObject({ minimumWalletMinor: 0 });
    await closeSettings(page);
  });

  it('saves the receipt texts through the server, and the other till prints them', async () => {
    const [first, second] = harness.tills;
    const { bread } = harness.server.store;
    const versionBefore = (await harness.server.ledger.readSettings())?.version ?? 0;
    await openSettings(first!.page);
    await first!.page.getByTestId('settings-tab-store').click();
    await first!.page.getByTestId('receipt-header').fill('Rue du Marché 1\nTVA BE 0123.456.789');
    await first!.page.getByTestId('receipt-footer').fill('Merci, à bientôt');
    await first!.page.getByTestId('store-save').click();
    await expect.poll(() => textOf(first!.page, 'store-notice')).toBe(t('settings.store.saved'));
    expect(await harness.server.ledger.readSettings()).toMatchObject({
      version: versionBefore + 1,
      receiptHeader: 'Rue du Marché 1\nTVA BE 0123.456.789',
      receiptFooter: 'Merci, à bientôt',
    });
    await closeSettings(first!.page);

    await expect
      .poll(async () => (await localSettings(second!.page))?.receiptFooter, {
        timeout: liveSyncTimeoutMs,
      })
      .toBe('Merci, à bientôt');
    const printedBefore = second!.receipts.length;
    await addProduct(second!.page, bread);
    await pay(second!.page, 'cash');
    expect(await validate(second!.page)).toEqual({ kind: 'validated' });
    await second!.page.getByTestId('print-button').click();
    await expect.poll(() => second!.receipts.length).toBe(printedBefore + 1);
    const texts = second!.receipts
      .at(-1)!
      .lines.flatMap((line) => (line.kind === 'text' ? [line.text] : []));
    expect(texts).toEqual(
      expect.arrayContaining(['Rue du Marché 1', 'TVA BE 0123.456.789', 'Merci, à bientôt']),
    );
    expect(texts.indexOf('Rue du Marché 1')).toBeLessThan(texts.indexOf('Merci, à bientôt'));
    await startNewSale(second!.page);
  });

  it("creates a top-up product with no tax and makes it the store's, in two requests", async () => {
    const page = harness.tills[0]!.page;
    const previousTopUp = harness.server.store.topUp;
    await openSettings(page);
    await page.getByTestId('settings-tab-store').click();
    await page.getByTestId('top-up-new-name').fill('Recharge carte de membre');
    await page.getByTestId('top-up-create').click();
    await expect.poll(() => textOf(page, 'top-up-notice')).toBe(t('settings.topUp.created'));
    // The new product is chosen as soon as the pull brings it into the list.
    await expect
      .poll(() => page.locator('[data-testid="top-up-product"] option:checked').innerText())
      .toBe('Recharge carte de membre');
    const chosenId = await page.getByTestId('top-up-product').inputValue();
    expect(chosenId).not.toBe(previousTopUp.id);
    // Made, but not yet the store's: that is the settings form's own request.
    expect((await harness.server.ledger.readSettings())?.walletTopUpProductId).toBe(
      previousTopUp.id,
    );
    await page.getByTestId('store-save').click();
    await expect.poll(() => textOf(page, 'store-notice')).toBe(t('settings.store.saved'));
    expect((await harness.server.ledger.readSettings())?.walletTopUpProductId).toBe(chosenId);

    const pull = await call(harness.server, 'GET', '/v1/pull?cursor=0&limit=1000', {
      token: harness.server.store.token,
    });
    const made = pullResponseSchema
      .parse(pull.json)
      .products.findLast((product) => product.id === chosenId);
    expect(made).toMatchObject({
      name: 'Recharge carte de membre',
      isService: true,
      isWalletCredit: true,
      taxRateBasisPoints: 0,
      priceMinor: 100,
    });
    await closeSettings(page);
  });

  it('refuses a save over settings another till changed meanwhile', async () => {
    const [first, second] = harness.tills;
    for (const till of [first!, second!]) {
      await openSettings(till.page);
      await till.page.getByTestId('settings-tab-store').click();
    }
    await first!.page.getByTestId('receipt-footer').fill('Fermé le lundi');
    await first!.page.getByTestId('store-save').click();
    await expect.poll(() => textOf(first!.page, 'store-notice')).toBe(t('settings.store.saved'));
    const saved = await harness.server.ledger.readSettings();

    await second!.page.getByTestId('receipt-footer').fill('Ouvert le lundi');
    await second!.page.getByTestId('store-save').click();
    await expect
      .poll(() => textOf(second!.page, 'store-notice'))
      .toBe(t('settings.refusal.settings_changed'));
    expect(await harness.server.ledger.readSettings()).toEqual(saved);
    for (const till of [first!, second!]) await closeSettings(till.page);
  });

  it('creates a payment method that every till offers, in its place', async () => {
    const [first, second] = harness.tills;
    const { bread } = harness.server.store;
    await openSettings(first!.page);
    await first!.page.getByTestId('method-new').click();
    await first!.page.getByTestId('method-name').fill('Chèque-repas');
    await first!.page.getByTestId('method-kind').selectOption('other');
    await first!.page.getByTestId('method-order').fill('0');
    await first!.page.getByTestId('method-save').click();
    const row = first!.page.locator('[data-testid="method-row"]', { hasText: 'Chèque-repas' });
    await row.waitFor({ timeout: liveSyncTimeoutMs });
    expect(
      await first!.page.locator('[data-testid="method-row"] td:first-child').allInnerTexts(),
    ).toEqual(['Chèque-repas', 'Espèces', 'Carte', 'Portefeuille client']);
    await closeSettings(first!.page);

    await addProduct(second!.page, bread);
    await second!.page.getByTestId('pay-button').click();
    const buttons = second!.page.locator('[data-testid="payment-method"]');
    await expect
      .poll(() => buttons.first().getAttribute('data-method-kind'), { timeout: liveSyncTimeoutMs })
      .toBe('other');
    expect(plainSpaces(await buttons.first().innerText())).toContain('Chèque-repas');
    await pay(second!.page, 'other');
    expect(await validate(second!.page)).toEqual({ kind: 'validated' });
    await startNewSale(second!.page);
  });

  it('keeps device settings on the till: methods offered, language, printer', async () => {
    const [first, second] = harness.tills;
    const { card, bread } = harness.server.store;
    const printer = await startTestPrinter();
    try {
      await openSettings(first!.page);
      const cardRow = first!.page.locator(
        `[data-testid="method-row"][data-method-id="${card.id}"]`,
      );
      await cardRow.getByTestId('method-enabled-here').click();
      await expect
        .poll(() => textOf(first!.page, 'methods-notice'))
        .toBe(t('settings.device.saved'));
      expect((await first!.hostHandlers.readDeviceSettings()).disabledMethodIds).toEqual([card.id]);

      await first!.page.getByTestId('settings-tab-device').click();
      await first!.page.getByTestId('printer-test').click();
      await expect
        .poll(() => textOf(first!.page, 'printer-test-result'))
        .toBe(plainSpaces(printFailureMessage(t, 'not_configured')));
      await first!.page.getByTestId('printer-transport').selectOption('tcp');
      await first!.page.getByTestId('printer-host').fill('127.0.0.1');
      await first!.page.getByTestId('printer-port').fill('99999');
      await first!.page.getByTestId('device-save').click();
      expect(await textOf(first!.page, 'problem-port')).toBe(t('settings.problem.out_of_range'));
      await first!.page.getByTestId('printer-port').fill(String(printer.port));
      await first!.page.getByTestId('printer-width').selectOption('32');
      await first!.page.getByTestId('device-save').click();
      await expect
        .poll(() => textOf(first!.page, 'device-notice'))
        .toBe(t('settings.device.saved'));
      await first!.page.getByTestId('printer-test').click();
      await expect
        .poll(() => textOf(first!.page, 'printer-test-result'))
        .toBe(t('settings.printer.testDone'));
      await expect.poll(() => printer.jobs.length).toBe(1);
      expect(await first!.hostHandlers.readDeviceSettings()).toMatchObject({
        printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port },
        paperColumns: 32,
      });
      await closeSettings(first!.page);

      // The card is left out here and only here.
      for (const till of [first!, second!]) {
        await addProduct(till.page, bread);
        await till.page.getByTestId('pay-button').click();
        await till.page.locator('[data-testid="payment-method"]').first().waitFor();
      }
      const cardButton = '[data-testid="payment-method"][data-method-kind="card"]';
      expect(await first!.page.locator(cardButton).count()).toBe(0);
      expect(await second!.page.locator(cardButton).count()).toBe(1);
      for (const till of [first!, second!]) {
        await pay(till.page, 'cash');
        expect(await validate(till.page)).toEqual({ kind: 'validated' });
        await startNewSale(till.page);
      }

      // The language is this till's device setting: the header's switch saves it.
      await first!.page.getByTestId('language-button').click();
      await expect
        .poll(async () => (await first!.hostHandlers.readDeviceSettings()).language)
        .toBe('en');
      await first!.page.reload();
      await signIn(first!.page, testStaff.cashier.name, testStaff.cashier.pin);
      expect(await first!.page.getByTestId('settings-button').innerText()).toBe(
        createTranslator('en')('settings.header.button'),
      );
      await first!.page.getByTestId('language-button').click();
      await expect
        .poll(async () => (await first!.hostHandlers.readDeviceSettings()).language)
        .toBe('fr');
    } finally {
      await first!.hostHandlers.saveDeviceSettings({
        ...(await first!.hostHandlers.readDeviceSettings()),
        disabledMethodIds: [],
        printer: { transport: 'none' },
      });
      await printer.close();
    }
  });

  it('governs the other till within seconds once a manager raises the minimum', async () => {
    const [first, second] = harness.tills;
    const { alice, bread, wallet } = harness.server.store;
    const balanceOf = async () => (await harness.server.ledger.readCustomer(alice.id))!;

    // With no minimum, 4,05 of bread from Alice's wallet is accepted: 10,00 becomes 5,95.
    await addProduct(second!.page, bread);
    await chooseCustomer(second!.page, alice);
    await pay(second!.page, 'wallet');
    expect(await validate(second!.page)).toEqual({ kind: 'validated' });
    await startNewSale(second!.page);
    await expect.poll(() => pendingCount(second!.page), { timeout: drainTimeoutMs }).toBe(0);
    expect((await balanceOf()).walletBalanceMinor).toBe(1_000 - bread.priceMinor);

    await openSettings(first!.page);
    await editMethod(first!.page, wallet.id);
    await first!.page.getByTestId('method-minimum').fill('2,00');
    await first!.page.getByTestId('method-save').click();
    await first!.page.getByTestId('settings-methods').waitFor({ timeout: screenTimeoutMs });
    const savedAtMs = Date.now();
    expect(await serverMethod(harness, wallet.id)).toMatchObject({ minimumWalletMinor: 200 });

    // Nothing is pressed on the second till: only the server's poke and a pull bring it there.
    await expect
      .poll(async () => (await localMethod(second!.page, wallet.id))?.minimumWalletMinor, {
        timeout: liveSyncTimeoutMs,
      })
      .toBe(200);
    expect(Date.now() - savedAtMs).toBeLessThan(liveSyncTimeoutMs);
    await expect
      .poll(() =>
        first!.page
          .locator(`[data-testid="method-row"][data-method-id="${wallet.id}"]`)
          .getByTestId('method-row-minimum')
          .innerText()
          .then(plainSpaces),
      )
      .toContain('2,00');

    // The same sale again would leave 1,90, under the new minimum of 2,00: refused.
    await addProduct(second!.page, bread);
    await chooseCustomer(second!.page, alice);
    await pay(second!.page, 'wallet');
    const refused = await validate(second!.page);
    expect(refused.kind).toBe('refused');
    expect((await balanceOf()).walletBalanceMinor).toBe(1_000 - bread.priceMinor);
    await closeSettings(first!.page);
    expect(first!.pageErrors).toEqual([]);
    expect(second!.pageErrors).toEqual([]);
  });
});

describe('pairing a new till', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;

  beforeAll(async () => {
    harness = await startTillHarness();
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it('refuses a used and an expired code, then pairs with a fresh one', async () => {
    const till = await harness.addUnpairedTill();
    const page = till.page;
    const database = harness.server.ledger.database;
    await page.goto(harness.rendererUrl);
    await page.getByTestId('pairing-form').waitFor({ timeout: screenTimeoutMs });

    await page.getByTestId('pairing-server-url').fill(harness.tillServerUrl);
    await page.getByTestId('pairing-test').click();
    await expect.poll(() => textOf(page, 'pairing-test-result')).toContain('SQLite');
    await page.getByTestId('pairing-till-name').fill('Caisse du marché');

    const used = await createPairingCode(database, actor, new Date());
    const first = await fetch(`${harness.server.url}/v1/tills/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: used.code, tillName: 'Une autre caisse' }),
    });
    expect(first.status).toBe(200);
    await page.getByTestId('pairing-code').fill(used.code);
    await page.getByTestId('pairing-submit').click();
    await expect.poll(() => textOf(page, 'pairing-result')).toBe(t('pairing.pairing_code_used'));

    const expired = await createPairingCode(database, actor, new Date(Date.now() - 120_000), 1);
    await page.getByTestId('pairing-code').fill(expired.code);
    await page.getByTestId('pairing-submit').click();
    await expect.poll(() => textOf(page, 'pairing-result')).toBe(t('pairing.pairing_code_expired'));

    await page.getByTestId('pairing-code').fill('ZZZZ-ZZZZ');
    await page.getByTestId('pairing-submit').click();
    await expect.poll(() => textOf(page, 'pairing-result')).toBe(t('pairing.pairing_code_unknown'));
    expect((await till.hostHandlers.appInfo()).connection).toBeNull();

    const fresh = await createPairingCode(database, actor, new Date());
    await page.getByTestId('pairing-code').fill(fresh.code);
    await page.getByTestId('pairing-submit').click();
    // The till reloads on its new connection and starts: first sync, then the lock screen.
    await page.getByTestId('sync-indicator').waitFor({ timeout: firstSyncTimeoutMs });
    await waitForFirstSync(till);
    await signIn(page, testStaff.cashier.name, testStaff.cashier.pin);
    expect(await textOf(page, 'staff-name')).toBe(testStaff.cashier.name);

    const info = await till.hostHandlers.appInfo();
    expect(info.connection).toMatchObject({
      serverUrl: harness.tillServerUrl,
      tillName: 'Caisse du marché',
    });
    const tills = await harness.server.ledger.listTills();
    expect(tills.map((known) => known.name)).toContain('Caisse du marché');
    expect(till.pageErrors).toEqual([]);
  });

  it('pairs a paired till again only once its orders are sent, then starts afresh', async () => {
    const till = harness.tills[0]!;
    const { page } = till;
    const { bread } = harness.server.store;
    const database = harness.server.ledger.database;
    await openTill(harness, till);
    await waitForOnline(page, true);
    const before = (await till.hostHandlers.appInfo()).connection!;

    await harness.setServerReachable(false);
    await waitForOnline(page, false);
    await sell(page, { products: [bread], method: 'cash' });
    expect(await pendingCount(page)).toBe(1);

    const code = await createPairingCode(database, actor, new Date());
    await openSettings(page);
    await page.getByTestId('settings-tab-server').click();
    expect(await textOf(page, 'server-current-url')).toBe(harness.tillServerUrl);
    await page.getByTestId('pairing-code').fill(code.code);
    await page.getByTestId('pairing-till-name').fill('Caisse déménagée');
    await page.getByTestId('pairing-submit').click();
    await expect
      .poll(() => textOf(page, 'pairing-result'))
      .toBe(t('settings.server.unsent', { count: '1' }));
    expect((await till.hostHandlers.appInfo()).connection).toEqual(before);

    await harness.setServerReachable(true);
    await waitForOnline(page, true);
    await expect.poll(() => pendingCount(page), { timeout: drainTimeoutMs }).toBe(0);
    // The refused attempt never reached the server: the same code still pairs.
    await page.getByTestId('pairing-submit').click();
    await page
      .getByTestId('settings-pane')
      .waitFor({ state: 'detached', timeout: screenTimeoutMs });
    await page.getByTestId('sync-indicator').waitFor({ timeout: firstSyncTimeoutMs });
    await waitForFirstSync(till);
    await signIn(page, testStaff.cashier.name, testStaff.cashier.pin);

    const after = (await till.hostHandlers.appInfo()).connection!;
    expect(after.tillName).toBe('Caisse déménagée');
    expect(after.tillId).not.toBe(before.tillId);
    // The local store was deleted: the sale made under the old pairing is on the server only.
    await page.getByTestId('history-button').click();
    await page.getByText(t('history.empty')).waitFor({ timeout: screenTimeoutMs });
    expect(await page.getByTestId('history-order').count()).toBe(0);
    expect(await localSettings(page)).toMatchObject({ storeName: expect.any(String) as unknown });
    expect(till.pageErrors).toEqual([]);
  });
});
