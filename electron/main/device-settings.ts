// Settings that belong to this till and not to the store: how it reaches its printer and its
// server. Main keeps them in a JSON file in the app's data folder, validated by a schema. A file
// that is corrupt or from an unknown version is set aside and the defaults are used, with a
// warning: a till that cannot read its printer address must still open and sell.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../../shared/logger.ts';

export const printerSettingsSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('none') }),
  z.object({
    transport: z.literal('tcp'),
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65_535).default(9100),
  }),
  z.object({ transport: z.literal('usb'), devicePath: z.string().regex(/^\/dev\/usb\/lp\d+$/) }),
  // A serial printer's line speed and framing are set by the system (a udev rule or stty), as
  // the printer's manual gives them; the till only writes to the port.
  z.object({
    transport: z.literal('serial'),
    devicePath: z.string().regex(/^\/dev\/tty(S|USB|ACM)\d+$/),
  }),
]);

export const deviceSettingsSchema = z.object({
  version: z.literal(1),
  printer: printerSettingsSchema,
  paperColumns: z.union([z.literal(32), z.literal(48)]),
  codePage: z.literal('cp858'),
  drawerPin: z.union([z.literal(2), z.literal(5)]).nullable(),
  language: z.enum(['fr', 'en']),
  /** A generic HTTPS update feed (electron-builder's latest.yml and the installers), or none. */
  updateFeedUrl: z
    .url({ protocol: /^https$/ })
    .nullable()
    .default(null),
  connection: z
    .object({
      serverUrl: z.url(),
      tillId: z.string().min(1),
      tillToken: z.string().min(20),
      tillName: z.string().min(1).max(100),
    })
    .nullable(),
});
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;

export const defaultDeviceSettings: DeviceSettings = {
  version: 1,
  printer: { transport: 'none' },
  paperColumns: 48,
  codePage: 'cp858',
  drawerPin: 2,
  language: 'fr',
  updateFeedUrl: null,
  connection: null,
};

export function loadDeviceSettings(path: string, logger: Logger): DeviceSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return defaultDeviceSettings;
  }
  try {
    return deviceSettingsSchema.parse(JSON.parse(text));
  } catch (error) {
    const asidePath = `${path}.corrupt-${Date.now()}`;
    logger.warn('device settings unreadable; using defaults', { path, asidePath, error });
    try {
      renameSync(path, asidePath);
    } catch {
      // Nothing to keep aside if it cannot be moved; the defaults still apply.
    }
    return defaultDeviceSettings;
  }
}

export function saveDeviceSettings(path: string, settings: DeviceSettings): void {
  const valid = deviceSettingsSchema.parse(settings);
  // Write then rename, so a power cut leaves the old file or the new one, never half of one.
  const temporaryPath = `${path}.tmp`;
  writeFileSync(temporaryPath, `${JSON.stringify(valid, null, 2)}\n`, 'utf8');
  renameSync(temporaryPath, path);
}
