// The IPC handlers behind the host interface. Each checks that the message comes from the till's
// own window and validates its payload with a schema before anything runs; a refused message
// gets an error, never a half-done action.
import { z } from 'zod';
import type { HostApi } from '../../shared/host-api.ts';
import type { Logger } from '../../shared/logger.ts';

const receiptLineSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string().max(500),
    align: z.enum(['left', 'center', 'right']),
    isBold: z.boolean(),
    isLarge: z.boolean(),
  }),
  z.object({
    kind: z.literal('pair'),
    left: z.string().max(500),
    right: z.string().max(200),
    isBold: z.boolean(),
  }),
  z.object({ kind: z.literal('rule') }),
  z.object({ kind: z.literal('qr'), data: z.string().max(200) }),
]);

export const receiptDocumentSchema = z.object({
  orderId: z.string().max(64),
  lines: z.array(receiptLineSchema).max(2_000),
  isCashTaken: z.boolean(),
});

export const ipcChannels = {
  'app:info': z.tuple([]),
  'app:sale-state': z.tuple([z.boolean()]),
  'printer:print': z.tuple([receiptDocumentSchema]),
  'printer:status': z.tuple([]),
  'printer:test': z.tuple([]),
  'drawer:open': z.tuple([]),
  // The handlers validate the settings and the pairing request themselves, since a wrong field
  // is an answer the settings pane shows and not a refused message; here only the shape.
  'settings:read': z.tuple([]),
  'settings:save': z.tuple([z.record(z.string(), z.unknown())]),
  'server:test': z.tuple([z.string().max(2_000)]),
  'server:pair': z.tuple([
    z.object({
      serverUrl: z.string().max(2_000),
      code: z.string().max(100),
      tillName: z.string().max(200),
    }),
  ]),
} as const;
export type IpcChannel = keyof typeof ipcChannels;

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (
      event: { senderFrame: { url: string } | null },
      ...args: unknown[]
    ) => Promise<unknown>,
  ): void;
}

export type HostHandlers = HostApi;

export class IpcRefusal extends Error {
  override name = 'IpcRefusal';
}

export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: HostHandlers,
  options: { isTrustedUrl: (url: string) => boolean; logger: Logger },
): void {
  const run: Record<IpcChannel, (args: unknown[]) => Promise<unknown>> = {
    'app:info': () => handlers.appInfo(),
    'app:sale-state': (args) =>
      handlers.reportSaleState(ipcChannels['app:sale-state'].parse(args)[0]),
    'printer:print': (args) => handlers.printReceipt(ipcChannels['printer:print'].parse(args)[0]),
    'printer:status': () => handlers.printerStatus(),
    'printer:test': () => handlers.testPrint(),
    'drawer:open': () => handlers.openDrawer(),
    'settings:read': () => handlers.readDeviceSettings(),
    'settings:save': (args) =>
      handlers.saveDeviceSettings(
        ipcChannels['settings:save'].parse(args)[0] as Parameters<HostApi['saveDeviceSettings']>[0],
      ),
    'server:test': (args) => handlers.testServer(ipcChannels['server:test'].parse(args)[0]),
    'server:pair': (args) => handlers.pairTill(ipcChannels['server:pair'].parse(args)[0]),
  };
  for (const channel of Object.keys(ipcChannels) as IpcChannel[]) {
    ipcMain.handle(channel, async (event, ...args) => {
      const url = event.senderFrame?.url ?? '';
      if (!options.isTrustedUrl(url)) {
        options.logger.warn('IPC from an untrusted frame refused', { channel });
        throw new IpcRefusal(`${channel}: sender not allowed`);
      }
      const parsed = ipcChannels[channel].safeParse(args);
      if (!parsed.success) {
        options.logger.warn('IPC payload refused', { channel });
        throw new IpcRefusal(`${channel}: invalid payload`);
      }
      return run[channel](args);
    });
  }
}
