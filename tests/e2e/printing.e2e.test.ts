// Printing from the built till through the real main-process printer module to a test printer
// on a real TCP socket: the receipt the printer decodes carries the wallet balance the ledger
// holds, formatted by the production formatter; a printer out of paper shows the cashier a
// clear message while the sale stays validated and booked, and the reprint from the history
// works once paper is back. The drawer opens once, when a cash sale is validated, and never
// again when its receipt is printed or reprinted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReceiptPrinter } from '../../electron/printer/printer.ts';
import { toPrintable } from '../../electron/printer/receipt-layout.ts';
import { tcpTransport } from '../../electron/printer/transports/tcp.ts';
import { money } from '../../shared/money.ts';
import { formatMoney } from '../../shared/money-format.ts';
import { createTranslator } from '../../renderer/i18n/i18n.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { startTestPrinter, type TestPrinter } from '../support/test-printer.ts';
import {
  addProduct,
  chooseCustomer,
  pay,
  pendingCount,
  screenTimeoutMs,
  startNewSale,
  textOf,
  validate,
} from './support/till-actions.ts';
import { openTill, startTillHarness, type TillHarness } from './support/till-harness.ts';

const t = createTranslator('fr');
const bookedTimeoutMs = 30_000;

describe('printing receipts from the till', () => {
  let printer: TestPrinter;
  let harness: TillHarness;

  beforeAll(async () => {
    printer = await startTestPrinter();
    const receiptPrinter = createReceiptPrinter(
      tcpTransport({ host: '127.0.0.1', port: printer.port, connectTimeoutMs: 1_000 }),
      { columns: 48, drawerPin: 2 },
    );
    harness = await startTillHarness({
      printReceipt: (receipt) => receiptPrinter.print(receipt),
      openDrawer: () => receiptPrinter.openDrawer(),
    });
    await openTill(harness, harness.tills[0]!);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await printer?.close();
  });

  it("prints a wallet user's receipt with the balance the ledger holds", async () => {
    const { page } = harness.tills[0]!;
    const { store } = harness.server;
    await addProduct(page, store.bread);
    await addProduct(page, store.soap);
    await chooseCustomer(page, store.alice);
    await pay(page, 'wallet');
    expect(await validate(page)).toEqual({ kind: 'validated' });
    await expect.poll(() => pendingCount(page), { timeout: bookedTimeoutMs }).toBe(0);

    await page.getByTestId('print-button').click();
    await expect
      .poll(() => textOf(page, 'print-message'), { timeout: screenTimeoutMs })
      .toBe(t('print.ok'));
    await expect.poll(() => printer.jobs.length).toBe(1);

    const balanceMinor = (await harness.server.ledger.readCustomer(store.alice.id))!
      .walletBalanceMinor;
    expect(balanceMinor).toBe(10_000 - 405 - 1_250);
    const decoded = decodeEscPos(printer.jobs[0]!);
    const balanceLines = decoded.lines.filter((line) => line.startsWith('Solde portefeuille'));
    expect(balanceLines).toHaveLength(1);
    expect(
      balanceLines[0]!.endsWith(toPrintable(formatMoney(money(balanceMinor, 'EUR'), 'fr-BE'))),
    ).toBe(true);
    expect(decoded.lines.join('\n')).not.toContain('?');
    expect(decoded.undecodable).toBe(0);
    for (const line of decoded.lines) expect(line.length).toBeLessThanOrEqual(48);
    expect(decoded.events.some((event) => event.kind === 'drawer')).toBe(false);
    await startNewSale(page);

    // The host heard that a sale was being rung up, and that the till is idle again, which is
    // when it may install an update.
    const { saleStates } = harness.tills[0]!.host;
    expect(saleStates).toContain(true);
    await expect.poll(() => saleStates.at(-1)).toBe(false);
  });

  it('keeps the sale when the paper is out and reprints it from the history', async () => {
    const { page } = harness.tills[0]!;
    const { store } = harness.server;
    printer.setMode('paper_out');
    const jobsBefore = printer.jobs.length;

    await addProduct(page, store.bread);
    await pay(page, 'cash', 500);
    expect(await validate(page)).toEqual({ kind: 'validated' });
    // The drawer kick goes out even with the paper out: the cashier has change to give.
    await expect.poll(() => printer.jobs.length).toBe(jobsBefore + 1);
    expect(decodeEscPos(printer.jobs.at(-1)!).events).toEqual([{ kind: 'drawer', pin: 2 }]);
    await page.getByTestId('print-button').click();
    await expect
      .poll(() => textOf(page, 'print-message'), { timeout: screenTimeoutMs })
      .toContain(t('print.paper_out'));
    expect(printer.jobs.length).toBe(jobsBefore + 1);
    await expect.poll(() => pendingCount(page), { timeout: bookedTimeoutMs }).toBe(0);
    const booked = await harness.server.ledger.database.read((sql) =>
      sql.all<{ id: string }>('SELECT id FROM orders ORDER BY received_at DESC LIMIT 1'),
    );
    const orderId = booked[0]!.id;

    await startNewSale(page);
    printer.setMode('ready');
    await page.getByTestId('history-button').click();
    const row = page.locator(`[data-testid="history-order"][data-order-id="${orderId}"]`);
    await row.waitFor({ timeout: screenTimeoutMs });
    await row.getByTestId('reprint-button').click();
    await expect.poll(() => printer.jobs.length, { timeout: screenTimeoutMs }).toBe(jobsBefore + 2);
    const decoded = decodeEscPos(printer.jobs.at(-1)!);
    expect(decoded.events.filter((event) => event.kind === 'drawer')).toEqual([]);
    expect(decoded.events.filter((event) => event.kind === 'cut')).toHaveLength(1);
    expect(decoded.lines.some((line) => line.includes('Pain au levain'))).toBe(true);
  });
});
