// The printer module over a real TCP socket to the test printer: a receipt arrives whole and
// decodes right, a paper-out printer is reported before anything is sent, an unreachable one is
// reported within its timeout, and the drawer opens on its own command.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usbDeviceTransport } from '../../electron/printer/transports/usb-device.ts';
import { createReceiptPrinter } from '../../electron/printer/printer.ts';
import { tcpTransport } from '../../electron/printer/transports/tcp.ts';
import type { ReceiptDocument } from '../../shared/receipt.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { startTestPrinter, type TestPrinter } from '../support/test-printer.ts';

const receipt: ReceiptDocument = {
  orderId: '01900000-0000-7000-8000-000000000000',
  isCashTaken: true,
  lines: [
    { kind: 'text', text: 'Épicerie coopérative', align: 'center', isBold: true, isLarge: false },
    { kind: 'pair', left: 'Total', right: '12,50\u00a0€', isBold: true },
  ],
};

describe('printing over TCP', () => {
  let printer: TestPrinter;
  beforeEach(async () => {
    printer = await startTestPrinter();
  });
  afterEach(() => printer.close());

  const receiptPrinter = () =>
    createReceiptPrinter(tcpTransport({ host: '127.0.0.1', port: printer.port }), {
      columns: 48,
      drawerPin: 2,
    });

  it('sends a receipt the printer decodes with its cut and drawer kick', async () => {
    expect(await receiptPrinter().print(receipt)).toEqual({ ok: true });
    await expect.poll(() => printer.jobs.length).toBe(1);
    const decoded = decodeEscPos(printer.jobs[0]!);
    expect(decoded.lines.some((line) => line.includes('Épicerie coopérative'))).toBe(true);
    expect(decoded.lines.some((line) => /^Total +12,50 €$/.test(line))).toBe(true);
    expect(decoded.events.filter((event) => event.kind === 'cut')).toHaveLength(1);
    expect(decoded.events).toContainEqual({ kind: 'drawer', pin: 2 });
  });

  it('reports paper out and sends nothing', async () => {
    printer.setMode('paper_out');
    expect(await receiptPrinter().print(receipt)).toEqual({ ok: false, reason: 'paper_out' });
    expect(await receiptPrinter().status()).toMatchObject({ isReachable: true, isPaperOut: true });
    expect(printer.jobs).toEqual([]);
  });

  it('reports an unreachable printer', async () => {
    const port = printer.port;
    await printer.close();
    const unreachable = createReceiptPrinter(
      tcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 500 }),
      { columns: 32, drawerPin: null },
    );
    expect(await unreachable.print(receipt)).toMatchObject({
      ok: false,
      reason: 'printer_unreachable',
    });
    expect(await unreachable.status()).toMatchObject({ isReachable: false });
    printer = await startTestPrinter();
  });

  it('opens the drawer on its own command', async () => {
    expect(await receiptPrinter().openDrawer()).toEqual({ ok: true });
    await expect.poll(() => printer.jobs.length).toBe(1);
    expect(decodeEscPos(printer.jobs[0]!).events).toEqual([{ kind: 'drawer', pin: 2 }]);
  });
});

describe('printing to a device file', () => {
  it('writes the receipt to the device and reports a missing one as unreachable', async () => {
    const devicePath = join(mkdtempSync(join(tmpdir(), 'caisse-lp-')), 'lp0');
    const printer = createReceiptPrinter(usbDeviceTransport(devicePath), {
      columns: 32,
      drawerPin: null,
    });
    expect(await printer.print(receipt)).toEqual({ ok: true });
    const decoded = decodeEscPos(readFileSync(devicePath));
    expect(decoded.lines.some((line) => /^Total +12,50 €$/.test(line))).toBe(true);
    expect(decoded.events.some((event) => event.kind === 'drawer')).toBe(false);

    const missing = createReceiptPrinter(usbDeviceTransport('/nonexistent/usb/lp9'), {
      columns: 32,
      drawerPin: null,
    });
    expect(await missing.print(receipt)).toMatchObject({
      ok: false,
      reason: 'printer_unreachable',
    });
  });
});
