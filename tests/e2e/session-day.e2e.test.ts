// A day at one till, from the cash float to the Z report, in a real browser against the real
// server: sales in cash, by card and from a wallet, a top-up, change put onto the wallet, a
// whole refund to the card that paid and a partial one onto the wallet, then the close with a
// counted drawer. The Z report on screen, the one printed and the one the server received all
// carry the figures worked out by hand below, and the ledger's own figures for the session are
// the same to the cent. Then a close while the server is out of reach: it needs a manager, the
// report says so, and it reaches the server once the network is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { encodeReceipt } from '../../electron/printer/escpos.ts';
import { toPrintable } from '../../electron/printer/receipt-layout.ts';
import { zReportSchema, type SessionFigures, type ZReport } from '../../shared/protocol.ts';
import { createTranslator } from '../../renderer/i18n/i18n.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { testStaff } from '../support/store.ts';
import {
  addProduct,
  chooseCustomer,
  pay,
  pendingCount,
  plainSpaces,
  screenTimeoutMs,
  shownAmount,
  startNewSale,
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
const suiteTimeoutMs = 240_000;
const bookedTimeoutMs = 30_000;

async function waitUntilBooked(page: Page): Promise<void> {
  await expect.poll(() => pendingCount(page), { timeout: bookedTimeoutMs }).toBe(0);
}

async function receiptOrderId(page: Page): Promise<string> {
  const orderId = await page.getByTestId('receipt-preview').getAttribute('data-order-id');
  if (!orderId) throw new Error('the receipt preview names no order');
  return orderId;
}

/** The manager types their PIN in the approval dialog that the till put up. */
async function approveAsManager(page: Page, action: string): Promise<void> {
  const dialog = page.getByTestId('manager-approval');
  await dialog.waitFor({ timeout: screenTimeoutMs });
  expect(await dialog.getAttribute('data-action')).toBe(action);
  await dialog
    .locator(`[data-testid="staff-choice"][data-staff-name="${testStaff.manager.name}"]`)
    .click();
  for (const digit of testStaff.manager.pin) {
    await dialog.getByTestId(`pin-key-${digit}`).click();
  }
  await dialog.getByTestId('pin-ok').click();
  await dialog.waitFor({ state: 'detached', timeout: screenTimeoutMs });
}

/** From the sale screen to the refund screen of an order, approved by the manager. */
async function startRefund(page: Page, orderId: string): Promise<void> {
  await page.getByTestId('history-button').click();
  const row = page.locator(`[data-testid="history-order"][data-order-id="${orderId}"]`);
  await row.getByTestId('history-open').click();
  await page.getByTestId('refund-button').click();
  await approveAsManager(page, 'refund');
  await page
    .locator(`[data-testid="refund-screen"][data-order-id="${orderId}"]`)
    .waitFor({ timeout: screenTimeoutMs });
}

/** From a receipt opened from the history, back through the history to the sale screen. */
async function backToSale(page: Page): Promise<void> {
  await page.getByTestId('new-sale-button').click();
  const sale = page.getByTestId('product-search');
  const history = page.getByTestId('history-order');
  await sale.or(history).first().waitFor({ timeout: screenTimeoutMs });
  if (!(await sale.isVisible())) await page.keyboard.press('Escape');
  await sale.waitFor({ timeout: screenTimeoutMs });
}

async function shownFigure(page: Page, name: string): Promise<number> {
  const figure = page.locator(
    `[data-testid="session-report"] [data-testid="z-figure"][data-figure="${name}"]`,
  );
  return Number(await figure.getAttribute('data-minor'));
}

async function storedReport(harness: TillHarness, sessionId: string): Promise<ZReport | null> {
  const rows = await harness.server.ledger.database.read((sql) =>
    sql.all<{ body: string }>('SELECT body FROM till_session_reports WHERE session_id = ?', [
      sessionId,
    ]),
  );
  const body = rows[0]?.body;
  return body === undefined ? null : zReportSchema.parse(JSON.parse(body));
}

/** Closes the session with the counted cash, and answers the id of the session closed. */
async function closeSession(
  page: Page,
  countedText: string,
  options: { isApprovalExpected: boolean },
): Promise<string> {
  await page.getByTestId('session-close-button').click();
  await page.getByTestId('session-counted-input').fill(countedText);
  await page.getByTestId('session-close-confirm').click();
  if (options.isApprovalExpected) await approveAsManager(page, 'close_with_unsynced');
  const report = page.getByTestId('session-report');
  await report.waitFor({ timeout: screenTimeoutMs });
  const sessionId = await report.getAttribute('data-session-id');
  if (!sessionId) throw new Error('the report names no session');
  return sessionId;
}

describe('a day at the till, from the float to the Z report', { timeout: suiteTimeoutMs }, () => {
  let harness: TillHarness;
  let till: HarnessTill;

  beforeAll(async () => {
    harness = await startTillHarness();
    till = harness.tills[0]!;
    await openTill(harness, till, { sessionFloat: '150,00' });
  }, suiteTimeoutMs);
  afterAll(() => harness?.close());

  it('closes with figures that match the screen, the paper, the server and the ledger', async () => {
    const { page } = till;
    const { alice, bread, soap, card, wallet } = harness.server.store;
    const aliceOpeningMinor = 10_000;

    // 1. Two loaves in cash, 10,00 handed over: 8,10, 1,90 change.
    await addProduct(page, bread);
    await addProduct(page, bread);
    await pay(page, 'cash', 1_000);
    expect(await validate(page)).toEqual({ kind: 'validated' });
    await startNewSale(page);

    // 2. Soap by card: refunded whole below.
    await addProduct(page, soap);
    await pay(page, 'card');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    const cardOrderId = await receiptOrderId(page);
    await startNewSale(page);

    // 3. Bread and soap from Alice's wallet: 16,55; the bread comes back onto it below.
    await addProduct(page, bread);
    await addProduct(page, soap);
    await chooseCustomer(page, alice);
    await pay(page, 'wallet');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    const walletOrderId = await receiptOrderId(page);
    await startNewSale(page);

    // 4. A top-up of 50,00 in cash.
    await chooseCustomer(page, alice);
    await page.getByTestId('topup-amount').fill('50');
    await page.getByTestId('topup-add').click();
    await pay(page, 'cash');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    const topUpOrderId = await receiptOrderId(page);
    await startNewSale(page);

    // 5. Bread and soap, 16,55, paid with 20,00 in cash, the 3,45 change put on the wallet.
    await addProduct(page, bread);
    await addProduct(page, soap);
    await chooseCustomer(page, alice);
    await pay(page, 'cash', 2_000);
    await page.getByTestId('change-to-wallet').check();
    expect(await validate(page)).toEqual({ kind: 'validated' });
    await startNewSale(page);
    await waitUntilBooked(page);

    // A top-up is never refunded at the till: the screen says so and offers no quantity.
    await startRefund(page, topUpOrderId);
    expect(await page.getByTestId('refund-topup-note').isVisible()).toBe(true);
    expect(await page.getByTestId('refund-quantity').count()).toBe(0);
    await page.keyboard.press('Escape');
    await backToSale(page);

    // 6. The card sale refunded whole, to the card; printed as a refund.
    await startRefund(page, cardOrderId);
    await page.getByTestId('refund-whole').click();
    expect(await page.getByTestId('refund-total').getAttribute('data-minor')).toBe(
      String(soap.priceMinor),
    );
    await page.getByTestId('refund-validate').click();
    await page.getByTestId('receipt-preview').waitFor({ timeout: screenTimeoutMs });
    const refundLines = await page.getByTestId('receipt-line').allInnerTexts();
    expect(refundLines.map(plainSpaces)).toContain(t('receipt.text.refund'));
    const refundOrderId = await receiptOrderId(page);
    expect(refundOrderId).not.toBe(cardOrderId);
    await page.getByTestId('print-button').click();
    await expect
      .poll(() => till.receipts.at(-1)?.orderId, { timeout: screenTimeoutMs })
      .toBe(refundOrderId);
    const printedRefund = till.receipts.at(-1)!;
    const refundPaper = decodeEscPos(
      encodeReceipt(printedRefund, { columns: 48, drawerPin: 2, isCut: true }),
    );
    expect(refundPaper.lines.some((line) => line.includes(t('receipt.text.refund')))).toBe(true);
    expect(refundPaper.lines.some((line) => line.startsWith(card.name))).toBe(true);
    expect(refundPaper.lines.join('\n')).toContain(toPrintable(shownAmount(-soap.priceMinor)));
    await backToSale(page);

    // The whole of it came back: nothing is left to refund on that order.
    await startRefund(page, cardOrderId);
    expect(await page.getByTestId('refund-nothing-left').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await backToSale(page);

    // 7. One loaf of the wallet sale refunded onto Alice's wallet.
    await startRefund(page, walletOrderId);
    const breadLine = page.locator('[data-testid="refund-line"][data-line-index="0"]');
    await breadLine.getByTestId('refund-quantity').fill('2');
    await page.getByTestId('refund-validate').click();
    expect(plainSpaces(await page.getByTestId('refund-problem').innerText())).toContain(bread.name);
    await breadLine.getByTestId('refund-quantity').fill('1');
    await page.getByTestId('refund-destination-wallet').check();
    await page.getByTestId('refund-validate').click();
    await page.getByTestId('receipt-preview').waitFor({ timeout: screenTimeoutMs });
    await backToSale(page);
    await waitUntilBooked(page);

    // The close: 228,00 counted against 228,10 expected.
    const expected: SessionFigures = {
      currency: 'EUR',
      orderCount: 5,
      refundCount: 2,
      netSalesMinor: 810 + 1_250 + 1_655 + 5_000 + 1_655 - 1_250 - 405,
      byMethod: [
        {
          methodId: harness.server.store.cash.id,
          name: 'Espèces',
          kind: 'cash',
          amountMinor: 1_000 - 190 + 5_000 + 2_000,
        },
        { methodId: card.id, name: card.name, kind: 'card', amountMinor: 0 },
        { methodId: wallet.id, name: wallet.name, kind: 'wallet', amountMinor: 1_655 - 405 },
      ],
      walletSpendsMinor: 1_655,
      walletTopUpsMinor: 5_000,
      changeToWalletMinor: 345,
      refundsMinor: 1_250 + 405,
      refundsToWalletMinor: 405,
      netCashMinor: 7_810,
    };
    const printedBefore = till.receipts.length;
    const sessionId = await closeSession(page, '228,00', { isApprovalExpected: false });

    const shownCount = (name: string) =>
      page
        .locator(`[data-testid="session-report"] [data-testid="z-figure"][data-figure="${name}"]`)
        .getAttribute('data-count');
    expect(await shownCount('orderCount')).toBe('5');
    expect(await shownCount('refundCount')).toBe('2');
    expect(await shownFigure(page, 'netSales')).toBe(expected.netSalesMinor);
    expect(await shownFigure(page, 'netCash')).toBe(7_810);
    expect(await shownFigure(page, 'walletSpends')).toBe(1_655);
    expect(await shownFigure(page, 'walletTopUps')).toBe(5_000);
    expect(await shownFigure(page, 'changeToWallet')).toBe(345);
    expect(await shownFigure(page, 'refunds')).toBe(1_655);
    expect(await shownFigure(page, 'refundsToWallet')).toBe(405);
    expect(await shownFigure(page, 'float')).toBe(15_000);
    expect(await shownFigure(page, 'cashExpected')).toBe(22_810);
    expect(await shownFigure(page, 'cashCounted')).toBe(22_800);
    expect(await shownFigure(page, 'cashDifference')).toBe(-10);
    const shownMethods = page.locator('[data-testid="session-report"] [data-testid="z-method"]');
    expect(await shownMethods.evaluateAll((rows) => rows.map((row) => row.dataset.minor))).toEqual(
      expected.byMethod.map((total) => String(total.amountMinor)),
    );

    // Printed as the session closed, through the host, with the cash figures on paper.
    await expect
      .poll(() => till.receipts.length, { timeout: screenTimeoutMs })
      .toBe(printedBefore + 1);
    const printed = till.receipts.at(-1)!;
    expect(printed.orderId).toBe(sessionId);
    const paper = decodeEscPos(encodeReceipt(printed, { columns: 48, drawerPin: 2, isCut: true }));
    const lineOf = (label: string) =>
      paper.lines.find((line) => line.startsWith(toPrintable(label))) ?? '';
    expect(lineOf(t('zReport.text.cashExpected')).endsWith(toPrintable(shownAmount(22_810)))).toBe(
      true,
    );
    expect(lineOf(t('zReport.text.cashCounted')).endsWith(toPrintable(shownAmount(22_800)))).toBe(
      true,
    );
    expect(lineOf(t('zReport.text.cashDifference')).endsWith('-0,10 €')).toBe(true);
    expect(lineOf('  Espèces').endsWith(toPrintable(shownAmount(7_810)))).toBe(true);
    expect(paper.events.filter((event) => event.kind === 'drawer')).toEqual([]);

    // Sent to the server, which holds the same figures in its books.
    await expect
      .poll(() => page.getByTestId('session-report-status').getAttribute('data-status'), {
        timeout: bookedTimeoutMs,
      })
      .toBe('sent');
    const received = await storedReport(harness, sessionId);
    expect(received?.figures).toEqual(expected);
    expect(received).toMatchObject({
      floatMinor: 15_000,
      cashExpectedMinor: 22_810,
      cashCountedMinor: 22_800,
      cashDifferenceMinor: -10,
      approvedBy: null,
      unsyncedOrderCount: 0,
      openedBy: { name: testStaff.cashier.name },
    });
    expect(await harness.server.ledger.sessionFigures(sessionId)).toEqual(expected);

    const aliceAfter = await harness.server.ledger.readCustomer(alice.id);
    expect(aliceAfter?.walletBalanceMinor).toBe(aliceOpeningMinor - 1_655 + 5_000 + 345 + 405);

    // The next session opens from the report; the closed one reprints from the list.
    await page.getByTestId('session-report-done').click();
    await page.getByTestId('session-float-input').fill('0');
    await page.getByTestId('session-open-button').click();
    await page.getByTestId('product-search').waitFor({ timeout: screenTimeoutMs });
    await page.getByTestId('history-button').click();
    await page.getByTestId('history-sessions-button').click();
    const row = page.locator(`[data-testid="session-row"][data-session-id="${sessionId}"]`);
    await row.getByTestId('session-reprint').click();
    await expect
      .poll(() => till.receipts.length, { timeout: screenTimeoutMs })
      .toBe(printedBefore + 2);
    expect(till.receipts.at(-1)).toEqual(printed);
    await page.keyboard.press('Escape');
    await page.getByTestId('product-search').waitFor({ timeout: screenTimeoutMs });
  });

  it('closes offline only with a manager, says so, and sends the report once back online', async () => {
    const { page } = till;
    const { bread } = harness.server.store;
    await harness.setServerReachable(false);
    let sessionId: string;
    try {
      await waitForOnline(page, false);
      await addProduct(page, bread);
      await pay(page, 'cash');
      expect(await validate(page)).toEqual({ kind: 'validated' });
      await startNewSale(page);
      expect(await pendingCount(page)).toBe(1);

      // The cashier is told a manager must approve; cancelling the approval keeps it open.
      await page.getByTestId('session-close-button').click();
      await page.getByTestId('session-counted-input').fill('4,05');
      const warning = page.getByTestId('session-unsynced-warning');
      await warning.waitFor({ timeout: screenTimeoutMs });
      expect(await warning.getAttribute('data-count')).toBe('1');
      await page.getByTestId('session-close-confirm').click();
      await page.getByTestId('manager-approval').waitFor({ timeout: screenTimeoutMs });
      await page.getByTestId('approval-cancel').click();
      expect(plainSpaces(await page.getByTestId('session-close-problem').innerText())).toBe(
        t('session.close.notApproved'),
      );
      await page.keyboard.press('Escape');

      sessionId = await closeSession(page, '4,05', { isApprovalExpected: true });
      const unsynced = page.locator('[data-testid="session-report"] [data-testid="z-unsynced"]');
      expect(await unsynced.getAttribute('data-count')).toBe('1');
      expect(plainSpaces(await unsynced.innerText())).toContain(testStaff.manager.name);
      expect(await page.getByTestId('session-report-status').getAttribute('data-status')).toBe(
        'pending',
      );
      const paper = decodeEscPos(
        encodeReceipt(till.receipts.at(-1)!, { columns: 32, drawerPin: 2, isCut: true }),
      );
      const text = paper.lines.join(' ').replace(/ +/g, ' ');
      expect(text).toContain(toPrintable(t('zReport.text.unsynced.one', { count: 1 })));
      expect(text).toContain(testStaff.manager.name);
      expect(await storedReport(harness, sessionId)).toBeNull();
    } finally {
      await harness.setServerReachable(true);
    }

    await waitForOnline(page, true);
    await expect
      .poll(() => page.getByTestId('session-report-status').getAttribute('data-status'), {
        timeout: bookedTimeoutMs,
      })
      .toBe('sent');
    const received = await storedReport(harness, sessionId);
    expect(received).toMatchObject({
      unsyncedOrderCount: 1,
      approvedBy: { name: testStaff.manager.name },
      cashExpectedMinor: bread.priceMinor,
      cashDifferenceMinor: 0,
    });
    // The order was booked before the report went out, so the books agree with it.
    expect(await harness.server.ledger.sessionFigures(sessionId)).toEqual(received?.figures);
  });
  it('refunds a cash sale in cash and opens the drawer for it', async () => {
    const { page } = till;
    const { bread, cash } = harness.server.store;
    await page.getByTestId('session-report-done').click();
    await page.getByTestId('session-float-input').fill('20');
    await page.getByTestId('session-open-button').click();
    await page.getByTestId('product-search').waitFor({ timeout: screenTimeoutMs });

    const drawerBefore = till.host.drawerOpenCount;
    await addProduct(page, bread);
    await pay(page, 'cash');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    const saleId = await receiptOrderId(page);
    await startNewSale(page);
    expect(till.host.drawerOpenCount).toBe(drawerBefore + 1);

    await startRefund(page, saleId);
    await page.getByTestId('refund-whole').click();
    await page.getByTestId('refund-validate').click();
    await page.getByTestId('receipt-preview').waitFor({ timeout: screenTimeoutMs });
    await expect.poll(() => till.host.drawerOpenCount).toBe(drawerBefore + 2);
    const pairs = await page
      .locator('[data-testid="receipt-line"][data-kind="pair"]')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).innerText));
    expect(pairs.map(plainSpaces)).toContain(
      plainSpaces(`${cash.name}\t${shownAmount(-bread.priceMinor)}`),
    );
    await backToSale(page);
    await waitUntilBooked(page);
  });
});
