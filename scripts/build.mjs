// Builds the main process (CLI, browser shell, Electron shell) to plain ESM JavaScript with
// esbuild, and the renderer with Vite. Node 20 and Electron 45 (Node 22) run the same output.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Dependencies (native modules among them) load from node_modules at run time.
  packages: 'external',
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    format: 'esm',
    entryPoints: { cli: 'src-main/cli/index.ts', web: 'src-main/web/index.ts' },
    outdir: 'dist',
  }),
  build({
    ...common,
    format: 'esm',
    entryPoints: { main: 'src-main/app/main.ts' },
    outdir: 'dist/app',
    external: ['electron'],
  }),
  // A sandboxed preload must be a single CommonJS file.
  build({
    ...common,
    format: 'cjs',
    entryPoints: { preload: 'src-main/app/preload.ts' },
    outfile: 'dist/app/preload.cjs',
    packages: undefined,
    external: ['electron'],
  }),
]);
if (!process.argv.includes('--main-only')) {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
console.log('build: dist/ and dist-renderer/ are ready');
