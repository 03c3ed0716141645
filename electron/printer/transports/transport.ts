// A way to reach a receipt printer. Every transport writes bytes; those that can also answer
// the real-time status queries (DLE EOT), so a paper-out printer is reported before the job is
// sent instead of swallowing it.
import type { PrintOutcome, PrinterStatus } from '../../../shared/host-api.ts';

export interface PrinterTransport {
  readonly name: string;
  write(bytes: Uint8Array): Promise<PrintOutcome>;
  /** Null when the transport cannot read answers from the printer. */
  status(): Promise<PrinterStatus | null>;
}

export const dataLinkEscape = 0x10;
export const endOfTransmission = 0x04;

/** DLE EOT n: 1 printer, 2 offline cause, 4 roll paper sensor. */
export function statusQuery(kind: 1 | 2 | 4): Uint8Array {
  return Uint8Array.of(dataLinkEscape, endOfTransmission, kind);
}

/** Reads the three status answers into what the cashier is told. */
export function interpretStatus(
  printer: number,
  offlineCause: number,
  paper: number,
): PrinterStatus {
  const isPaperOut = (offlineCause & 0x20) !== 0 || (paper & 0x60) === 0x60;
  return {
    isReachable: true,
    isPaperOut,
    isCoverOpen: (offlineCause & 0x04) !== 0,
  };
}
