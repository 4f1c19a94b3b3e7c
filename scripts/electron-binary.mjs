// Finds the Electron executable the way electron's own installer records it (path.txt
// plus dist/), without ever calling require('electron'), which would start a download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The folder of the installed `electron` package, or undefined. */
export function electronPackageDir(fromUrl = import.meta.url) {
  try {
    return dirname(createRequire(fromUrl).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The Electron executable's path, or undefined when its binary is not installed. */
export function findElectronBinary(dir = electronPackageDir(), env = process.env) {
  if (dir === undefined) return undefined;
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') return undefined;
  const exe = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(dir, 'dist', relative);
  return existsSync(exe) ? exe : undefined;
}
