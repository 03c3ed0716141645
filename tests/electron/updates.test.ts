// The update policy: no feed, no checks; an https feed is used as a generic provider; a
// downloaded update waits while a sale is in progress and installs as soon as the till is idle.
import { describe, expect, it, vi } from 'vitest';
import { startUpdates, type Updater } from '../../electron/main/updates.ts';

function fakeUpdater() {
  const listeners = new Map<string, () => void>();
  const quitAndInstall = vi.fn();
  const setFeedURL = vi.fn();
  const checkForUpdates = vi.fn(() => Promise.resolve(null));
  const updater: Updater = {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    setFeedURL,
    checkForUpdates,
    quitAndInstall,
    on: ((event: string, listener: () => void) => listeners.set(event, listener)) as Updater['on'],
  };
  return { updater, listeners, quitAndInstall, setFeedURL, checkForUpdates };
}

describe('updates', () => {
  it.each([null, 'http://updates.example/till', 'not a url'])(
    'never checks without an https feed (%s)',
    (feed) => {
      const fake = fakeUpdater();
      const policy = startUpdates(fake.updater, feed, () => undefined);
      expect(fake.checkForUpdates).not.toHaveBeenCalled();
      expect(fake.setFeedURL).not.toHaveBeenCalled();
      policy.stop();
    },
  );

  it('waits for the sale to end before installing a downloaded update', () => {
    const fake = fakeUpdater();
    const policy = startUpdates(fake.updater, 'https://updates.example/till', () => undefined);
    expect(fake.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://updates.example/till',
    });
    expect(fake.updater.autoInstallOnAppQuit).toBe(false);

    policy.setSaleInProgress(true);
    fake.listeners.get('update-downloaded')?.();
    expect(policy.isUpdatePending()).toBe(true);
    expect(fake.quitAndInstall).not.toHaveBeenCalled();

    policy.setSaleInProgress(false);
    expect(fake.quitAndInstall).toHaveBeenCalledOnce();
    policy.stop();
  });
});
