// Settings that belong to this till and not to the store: how it reaches its printer and its
// server. Main keeps them in a JSON file in the app's data folder, validated by a schema. A file
// that is corrupt or from an unknown version is set aside and the defaults are used, with a
// warning: a till that cannot read its printer address must still open and sell.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { deviceSettingsInputSchema } from '../../shared/device-settings.ts';
import type { Logger } from '../../shared/logger.ts';

// Fields added later have defaults, so a file written by an older version still reads.
export const deviceSettingsSchema = deviceSettingsInputSchema.extend({
  version: z.literal(1),
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
  lockAfterIdleMinutes: 5,
  disabledMethodIds: [],
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
