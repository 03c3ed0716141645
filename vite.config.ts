// Builds the till's renderer into out/renderer. Relative asset paths, so the same build loads
// from a file in Electron and from a local web server in the browser tests.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
});
