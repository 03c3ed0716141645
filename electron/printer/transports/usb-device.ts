// A USB printer on Linux through its character device (/dev/usb/lp0): the kernel's usblp driver
// does the USB work, so no native module is needed. Writing is all it offers here; status answers
// would need reading the device back, which many printers do not support over usblp.
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
