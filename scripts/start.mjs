// `npm start`. The till's window (the renderer and its Electron shell) is not part of this build
// yet, so for now this starts what the shell will start for a newcomer: the ledger server,
// embedded on SQLite, with the demo store, and says where it listens. It also reports whether an
// Electron binary is present, since npm does not run Electron's downloading install script here.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronStatus() {
  try {
    // The electron package exports the binary's path, and throws when it was never downloaded.
    return `Electron binary: ${require('electron')}`;
  } catch {
    return (
      'Electron binary: not downloaded (run `node node_modules/electron/install.js` on a machine ' +
      'that can reach the Electron downloads)'
    );
  }
}

process.stdout.write(`${electronStatus()}\n`);
process.stdout.write('Starting the ledger server with the demo store (Ctrl+C to stop)\n');
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--demo'], {
  stdio: 'inherit',
  env: process.env,
});
child.on('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
