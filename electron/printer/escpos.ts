// ESC/POS bytes for a laid-out receipt, through @point-of-sale/receipt-printer-encoder: a kept,
// dependency-free encoder whose code-page tables are right (it emits ESC t 19 and 0xD5 for the
// euro on code page 858) and whose drawer pulse carries its timing bytes. The code page is
// chosen explicitly, never "auto", which picks pages such as Greek for a euro sign.
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { ReceiptDocument } from '../../shared/receipt.ts';
import { layOutReceipt, type PaperColumns } from './receipt-layout.ts';

export interface EscPosOptions {
  columns: PaperColumns;
  /** The drawer's connector pin: 2 or 5 on the RJ-12 socket; null when no drawer is attached. */
  drawerPin: 2 | 5 | null;
  isCut: boolean;
}

export function encodeReceipt(document: ReceiptDocument, options: EscPosOptions): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: options.columns,
    codepageMapping: 'epson',
    feedBeforeCut: 4,
  });
  encoder.initialize().codepage('cp858');
  for (const line of layOutReceipt(document, options.columns)) {
    if (line.kind === 'qr') {
      encoder.align('center').qrcode(line.data, 2, 6, 'm').align('left');
      continue;
    }
    if (line.isBold) encoder.bold(true);
    if (line.isLarge) encoder.size(2, 2);
    encoder.line(line.text);
    if (line.isLarge) encoder.size(1, 1);
    if (line.isBold) encoder.bold(false);
  }
  if (options.isCut) encoder.cut('partial');
  if (document.isCashTaken && options.drawerPin !== null) {
    encoder.pulse(options.drawerPin === 2 ? 0 : 1);
  }
  return encoder.encode();
}

export function encodeDrawerKick(drawerPin: 2 | 5): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos' }).pulse(drawerPin === 2 ? 0 : 1).encode();
}
