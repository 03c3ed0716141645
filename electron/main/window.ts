// The till's window and the rules its web contents live by: context isolation and the sandbox
// on, no Node in the page, a Content-Security-Policy, no navigation away from the app, no new
// windows, and every permission the page might ask for refused.
import type { BrowserWindowConstructorOptions } from 'electron';

export function tillWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Caisse',
    backgroundColor: '#f6f5f1',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  };
}

/** The page may load its own files and talk to its ledger server, nothing else. */
export function contentSecurityPolicy(serverOrigin: string | null): string {
  const connect = ["'self'", ...(serverOrigin ? [serverOrigin] : [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The parts of Electron's web contents and session the hardening touches. */
export interface HardenableContents {
  on(
    event: 'will-navigate',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): void;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  session: {
    setPermissionRequestHandler(
      handler: (
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
      ) => void,
    ): void;
    setPermissionCheckHandler(handler: () => boolean): void;
  };
}

export function hardenContents(contents: HardenableContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  contents.session.setPermissionCheckHandler(() => false);
}
