// The receipt printer described by the device settings.
import { createReceiptPrinter, type ReceiptPrinter } from '../printer/printer.ts';
import { tcpTransport } from '../printer/transports/tcp.ts';
import type { PrinterTransport } from '../printer/transports/transport.ts';
import { usbDeviceTransport } from '../printer/transports/usb-device.ts';
import type { DeviceSettings } from './device-settings.ts';

export function transportFor(settings: DeviceSettings['printer']): PrinterTransport | null {
  switch (settings.transport) {
    case 'none':
      return null;
    case 'tcp':
      return tcpTransport({ host: settings.host, port: settings.port });
    case 'usb':
    case 'serial':
      return usbDeviceTransport(settings.devicePath);
  }
}

export function printerFor(settings: DeviceSettings): ReceiptPrinter {
  return createReceiptPrinter(transportFor(settings.printer), {
    columns: settings.paperColumns,
    drawerPin: settings.drawerPin,
  });
}
