// Updates through electron-updater from a generic HTTPS feed the shop configures (none by
// default: a till with no feed never looks for updates). A downloaded update is installed only
// while no sale is in progress: the renderer says when a sale starts and ends, and the install
// waits for the till to be idle rather than closing the window under a cashier.

export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdatePolicy {
  /** Tells the policy whether the cashier is in the middle of a sale. */
  setSaleInProgress(isInProgress: boolean): void;
  /** True once an update is downloaded and waiting for an idle moment. */
  isUpdatePending(): boolean;
}

export const updateCheckIntervalMs = 6 * 60 * 60 * 1000;

export function isValidUpdateFeed(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

export function startUpdates(
  updater: Updater,
  feedUrl: string | null,
  onError: (error: Error) => void,
): UpdatePolicy & { stop(): void } {
  let isSaleInProgress = false;
  let isDownloaded = false;
  const installIfIdle = () => {
    if (isDownloaded && !isSaleInProgress) updater.quitAndInstall(false, true);
  };

  if (!feedUrl || !isValidUpdateFeed(feedUrl)) {
    return {
      setSaleInProgress: (value) => {
        isSaleInProgress = value;
      },
      isUpdatePending: () => false,
      stop: () => undefined,
    };
  }

  updater.autoDownload = true;
  // Installing on quit could restart the till at closing time in the middle of a Z report.
  updater.autoInstallOnAppQuit = false;
  updater.setFeedURL({ provider: 'generic', url: feedUrl });
  updater.on('error', onError);
  updater.on('update-downloaded', () => {
    isDownloaded = true;
    installIfIdle();
  });
  const check = () => {
    updater.checkForUpdates().catch((error: unknown) => onError(error as Error));
  };
  check();
  const timer = setInterval(check, updateCheckIntervalMs);

  return {
    setSaleInProgress: (value) => {
      isSaleInProgress = value;
      installIfIdle();
    },
    isUpdatePending: () => isDownloaded,
    stop: () => clearInterval(timer),
  };
}
