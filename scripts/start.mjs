// `npm start`: the till on this machine. It makes sure the Electron binary is there (npm does
// not run Electron's downloading install script, see allowScripts in package.json), builds the
// app, starts the ledger server beside it with the demo store on SQLite (under ./data), makes a
// till for this app and opens the till connected to it. Where Electron cannot be downloaded it
// says so and stops, instead of a stack trace.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const serverPort = process.env.CAISSE_PORT ?? '8787';
const serverUrl = `http://127.0.0.1:${serverPort}`;

function electronBinary() {
  try {
    return require('electron');
  } catch {
    return null;
  }
}

function ensureElectron() {
  if (electronBinary()) return electronBinary();
  process.stdout.write('Downloading the Electron binary (once)…\n');
  try {
    execFileSync(process.execPath, ['node_modules/electron/install.js'], { stdio: 'inherit' });
  } catch {
    process.stderr.write(
      '\nElectron could not be downloaded on this machine, so the till window cannot open here.\n' +
        'Everything else works without it: `npm run server -- --demo` runs the ledger server\n' +
        'with the demo store, and `npm test` runs every suite (the till in headless Chromium).\n',
    );
    process.exit(1);
  }
  return electronBinary();
}

async function waitForServer(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${serverUrl}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the ledger server did not answer at ${serverUrl}`);
}

function createTill() {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', 'till', 'create', '--name', 'Caisse 1'],
    { encoding: 'utf8' },
  );
  const id = /^id:\s+(\S+)/m.exec(output)?.[1];
  const token = /^token:\s+(\S+)/m.exec(output)?.[1];
  if (!id || !token) throw new Error('the ledger CLI did not print a till id and token');
  return { id, token };
}

const binary = ensureElectron();
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });

const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--demo'], {
  stdio: 'inherit',
  env: { ...process.env, CAISSE_PORT: serverPort },
});
await waitForServer(30_000);
const till = createTill();

const electron = spawn(binary, ['.'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    CAISSE_TILL_SERVER_URL: serverUrl,
    CAISSE_TILL_ID: till.id,
    CAISSE_TILL_TOKEN: till.token,
    CAISSE_TILL_NAME: 'Caisse 1',
  },
});
electron.on('exit', (code) => {
  server.kill('SIGTERM');
  process.exit(code ?? 0);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    electron.kill(signal);
    server.kill(signal);
  });
}
