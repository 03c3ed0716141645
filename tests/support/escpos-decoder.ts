// Turns ESC/POS bytes back into what a printer would show: lines of text and events (cut,
// drawer kick, QR code), tracking the active code page. It is the tests' oracle, written apart
// from the encoder, and refuses any command it does not know so a stray byte cannot hide.
import { cp858UpperHalf } from '../../electron/printer/cp858.ts';

export type PrinterEvent =
  | { kind: 'cut' }
  | { kind: 'drawer'; pin: 2 | 5 }
  | { kind: 'qr'; data: string }
  | { kind: 'codePage'; page: number };

export interface DecodedReceipt {
  lines: string[];
  events: PrinterEvent[];
  /** Characters that arrived while no code page able to show them was active. */
  undecodable: number;
}

const codePage858 = 19;

export function decodeEscPos(bytes: Uint8Array): DecodedReceipt {
  const lines: string[] = [];
  const events: PrinterEvent[] = [];
  let current = '';
  let page = 0;
  let undecodable = 0;
  let index = 0;
  const take = () => {
    const value = bytes[index];
    if (value === undefined) throw new Error(`Command cut short at byte ${index}`);
    index += 1;
    return value;
  };

  while (index < bytes.length) {
    const byte = take();
    if (byte === 0x0a) {
      lines.push(current);
      current = '';
    } else if (byte === 0x0d) {
      continue;
    } else if (byte === 0x1b) {
      const command = take();
      if (command === 0x40) page = 0;
      else if (command === 0x74) {
        page = take();
        events.push({ kind: 'codePage', page });
      } else if (command === 0x70) {
        const pin = take() === 0 ? 2 : 5;
        take();
        take();
        events.push({ kind: 'drawer', pin });
      } else if ([0x45, 0x4d, 0x61, 0x64, 0x2d, 0x47, 0x21].includes(command)) take();
      else throw new Error(`Unknown ESC 0x${command.toString(16)} at byte ${index - 2}`);
    } else if (byte === 0x1c) {
      const command = take();
      if (command !== 0x2e) throw new Error(`Unknown FS 0x${command.toString(16)}`);
    } else if (byte === 0x1d) {
      const command = take();
      if (command === 0x21) take();
      else if (command === 0x56) {
        const mode = take();
        if (mode === 0x41 || mode === 0x42) take();
        events.push({ kind: 'cut' });
      } else if (command === 0x28) {
        const kind = take();
        const length = take() + take() * 256;
        const payload = bytes.slice(index, index + length);
        index += length;
        if (kind === 0x6b && payload[1] === 0x50) {
          events.push({ kind: 'qr', data: new TextDecoder('latin1').decode(payload.slice(3)) });
        }
      } else throw new Error(`Unknown GS 0x${command.toString(16)} at byte ${index - 2}`);
    } else if (byte >= 0x20 && byte < 0x7f) {
      current += String.fromCharCode(byte);
    } else if (byte >= 0x80 && page === codePage858) {
      current += cp858UpperHalf[byte - 0x80] ?? '\ufffd';
    } else {
      undecodable += 1;
      current += '\ufffd';
    }
  }
  if (current !== '') lines.push(current);
  return { lines, events, undecodable };
}
