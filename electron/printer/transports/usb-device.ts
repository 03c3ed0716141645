// A printer behind a Linux character device: a USB printer through /dev/usb/lp0 (the kernel's
// usblp driver does the USB work) or a serial one through /dev/ttyS0, /dev/ttyUSB0 and the like,
// so no native module is needed. Writing is all it offers here; status answers would need reading
// the device back, which many printers do not support over these drivers.
import { open } from 'node:fs/promises';
import type { PrintOutcome } from '../../../shared/host-api.ts';
import type { PrinterTransport } from './transport.ts';

export function usbDeviceTransport(devicePath: string): PrinterTransport {
  return {
    name: devicePath,
    write: async (bytes): Promise<PrintOutcome> => {
      try {
        const handle = await open(devicePath, 'w');
        try {
          await handle.write(bytes);
        } finally {
          await handle.close();
        }
        return { ok: true };
      } catch (error) {
        const code = (error as { code?: string }).code;
        const reason = code === 'ENOENT' || code === 'ENODEV' ? 'printer_unreachable' : 'failed';
        return { ok: false, reason, detail: String(error) };
      }
    },
    status: () => Promise.resolve(null),
  };
}
