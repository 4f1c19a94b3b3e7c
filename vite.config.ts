import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one static bundle both shells serve (app:// in Electron, HTTP in the
// browser shell). Relative URLs so it works under either origin; no inline script, so
// the strict CSP (script-src 'self') holds.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  publicDir: false,
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Keep every asset a file: nothing depends on data: URLs being allowed.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
