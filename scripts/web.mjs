// `npm run web`: builds if dist/ or dist-renderer/ is missing or older than the sources,
// then runs the browser shell. Its stdout is exactly one line (the address); the build's
// own chatter goes to stderr.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildIsStale } from './freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export function ensureBuilt({ force = false } = {}) {
  if (!force && !buildIsStale(root, ['dist/web.js', 'dist/app/main.js', 'dist-renderer/index.html'])) return;
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    process.stderr.write('mailwright: the build failed (see above); fix it and run again\n');
    process.exit(1);
  }
}

export async function runWebShell() {
  await import(pathToFileURL(`${root}/dist/web.js`).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureBuilt();
  await runWebShell();
}
