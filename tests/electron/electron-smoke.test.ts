// The whole app under a real Electron, through Playwright's Electron driver, wherever an
// Electron binary is present. Where none could be downloaded (npm does not fetch it, and some
// machines cannot reach its downloads) the test says plainly that the smoke run did not happen
// and checks that this is indeed why.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { _electron } from 'playwright-core';
import { expect, it } from 'vitest';

const require = createRequire(import.meta.url);

function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = require('electron') as string;
    return existsSync(path) ? { path } : { missing: `the binary at ${path} does not exist` };
  } catch (error) {
    return { missing: `the Electron binary is not downloaded (${String(error)})` };
  }
}

it('opens the till window under Electron, or reports why it could not run here', async () => {
  const binary = electronBinary();
  if ('missing' in binary) {
    process.stdout.write(`Electron smoke test did not run: ${binary.missing}\n`);
    expect(existsSync('node_modules/electron/path.txt')).toBe(false);
    return;
  }
  const app = await _electron.launch({
    executablePath: binary.path,
    args: ['.', '--no-sandbox'],
    env: {
      ...process.env,
      CAISSE_TILL_SERVER_URL: 'http://127.0.0.1:9',
      CAISSE_TILL_ID: 'smoke',
      CAISSE_TILL_TOKEN: 'x'.repeat(43),
    },
  });
  try {
    const window = await app.firstWindow();
    expect(await window.title()).toBe('Caisse');
    const isIsolated = await window.evaluate(
      () => typeof (globalThis as { require?: unknown }).require,
    );
    expect(isIsolated).toBe('undefined');
  } finally {
    await app.close();
  }
});
