// Builds the Electron main process and preload with esbuild, offline. Main is one CommonJS file
// with the embedded ledger server inside; the SQLite and PostgreSQL drivers stay outside the
// bundle (the first is native and is rebuilt for Electron by electron-builder). The preload of a
// sandboxed window must be a single file too.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3', 'pg', 'pg-native'],
};

rmSync('out/main', { recursive: true, force: true });
rmSync('out/preload', { recursive: true, force: true });

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: 'out/main/main.cjs',
  // The migrations are read from beside the bundle, where they are copied below.
  define: { 'import.meta.dirname': '__dirname' },
});
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'out/preload/preload.cjs',
});
cpSync('server/storage/migrations', 'out/main/migrations', { recursive: true });
process.stdout.write('built out/main/main.cjs and out/preload/preload.cjs\n');
