// The receipt printer as the main process uses it: encode, check the status where the transport
// can, send. Every failure is a value with a reason the till shows the cashier; none of them
// touches the sale, which was validated and stored before printing started.
import type { PrintOutcome, PrinterStatus } from '../../shared/host-api.ts';
import type { ReceiptDocument } from '../../shared/receipt.ts';
import { encodeDrawerKick, encodeReceipt } from './escpos.ts';
import type { PaperColumns } from './receipt-layout.ts';
import type { PrinterTransport } from './transports/transport.ts';

export interface PrinterOptions {
  columns: PaperColumns;
  drawerPin: 2 | 5 | null;
}

export interface ReceiptPrinter {
  print(receipt: ReceiptDocument): Promise<PrintOutcome>;
  openDrawer(): Promise<PrintOutcome>;
  status(): Promise<PrinterStatus>;
}

function refusalOf(status: PrinterStatus | null): PrintOutcome | null {
  if (!status) return null;
  if (!status.isReachable) return { ok: false, reason: 'printer_unreachable' };
  if (status.isPaperOut) return { ok: false, reason: 'paper_out' };
  if (status.isCoverOpen) return { ok: false, reason: 'cover_open' };
  return null;
}

export function createReceiptPrinter(
  transport: PrinterTransport | null,
  options: PrinterOptions,
): ReceiptPrinter {
  const notConfigured: PrintOutcome = { ok: false, reason: 'not_configured' };
  return {
    print: async (receipt) => {
      if (!transport) return notConfigured;
      const refusal = refusalOf(await transport.status());
      if (refusal) return refusal;
      return transport.write(encodeReceipt(receipt, { ...options, isCut: true }));
    },
    openDrawer: async () => {
      if (!transport) return notConfigured;
      if (options.drawerPin === null) return notConfigured;
      return transport.write(encodeDrawerKick(options.drawerPin));
    },
    status: async () => {
      if (!transport) return { isReachable: false, isPaperOut: null, isCoverOpen: null };
      return (
        (await transport.status()) ?? { isReachable: true, isPaperOut: null, isCoverOpen: null }
      );
    },
  };
}

/** A page that shows at a glance whether the printer, its code page and its width are right. */
export function testReceipt(columns: PaperColumns): ReceiptDocument {
  const ruler = '1234567890'.repeat(5).slice(0, columns);
  return {
    orderId: 'test',
    isCashTaken: false,
    lines: [
      { kind: 'text', text: 'Caisse', align: 'center', isBold: true, isLarge: true },
      {
        kind: 'text',
        text: 'Test d’impression / Test print',
        align: 'center',
        isBold: false,
        isLarge: false,
      },
      { kind: 'rule' },
      { kind: 'text', text: ruler, align: 'left', isBold: false, isLarge: false },
      { kind: 'pair', left: 'é è à ç ù ô î ë', right: '12,50 €', isBold: false },
      { kind: 'pair', left: 'Gras / Bold', right: '1 234,56 €', isBold: true },
      { kind: 'rule' },
    ],
  };
}
