// Settings that belong to one till and not to the store: how it reaches its printer, its paper
// width, its language, how soon it locks, and which of the store's payment methods it offers.
// Main keeps them in a file (electron/main/device-settings.ts); the renderer edits them in the
// settings pane through the host API. The schemas live here so both validate the same way.
import { z } from 'zod';
import { serverIdSchema } from './domain.ts';

export const printerSettingsSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('none') }),
  z.object({
    transport: z.literal('tcp'),
    host: z.string().trim().min(1).max(255),
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
export type PrinterSettings = z.infer<typeof printerSettingsSchema>;

export const tillLanguages = ['fr', 'en'] as const;
export type TillLanguage = (typeof tillLanguages)[number];

export const deviceSettingsInputSchema = z.object({
  printer: printerSettingsSchema,
  paperColumns: z.union([z.literal(32), z.literal(48)]),
  codePage: z.literal('cp858'),
  drawerPin: z.union([z.literal(2), z.literal(5)]).nullable(),
  language: z.enum(tillLanguages),
  /** The till locks after this long without a key press or a touch. */
  lockAfterIdleMinutes: z.number().int().min(1).max(240).default(5),
  /** The store's payment methods this till does not offer (a till without a card terminal). */
  disabledMethodIds: z.array(serverIdSchema).max(100).default([]),
});
export type DeviceSettingsInput = z.infer<typeof deviceSettingsInputSchema>;

/** What the renderer sees: the inputs, and the paired server without the till's token. */
export interface DeviceSettingsView extends DeviceSettingsInput {
  connection: { serverUrl: string; tillId: string; tillName: string } | null;
}

export type DeviceSaveOutcome =
  | { ok: true; settings: DeviceSettingsView }
  | { ok: false; issues: { path: string; message: string }[] };
