// Decides whether the build in dist/ and dist-renderer/ is older than its sources.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_DIRS = ['src-main', 'src-renderer', 'assets'];
const SOURCE_FILES = ['vite.config.ts', 'scripts/build.mjs', 'package.json', 'package-lock.json'];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestIn(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    // Tests are not part of the build; editing one must not force a rebuild.
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, mtime(path) ?? 0);
  }
  return newest;
}

/** True when any of `outputs` is missing or older than the newest source under `root`. */
export function buildIsStale(root, outputs) {
  const built = outputs.map((o) => mtime(join(root, o)));
  if (built.some((t) => t === undefined)) return true;
  const sources = Math.max(
    ...SOURCE_DIRS.map((d) => newestIn(join(root, d))),
    ...SOURCE_FILES.map((f) => mtime(join(root, f)) ?? 0),
  );
  return Math.min(...built) < sources;
}
