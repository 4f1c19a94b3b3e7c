// `npm start`: build, then launch Electron. Where the Electron binary is not installed
// (it is downloaded lazily from a host some machines cannot reach), say so in one line
// and start the browser shell instead. The check reads the files electron's own
// installer writes and never triggers its download.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, runWebShell } from './web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Electron executable's path, or undefined when it is not installed. */
export function findElectronBinary(env = process.env) {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const exe = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(dir, 'dist', relative);
  return existsSync(exe) ? exe : undefined;
}

ensureBuilt();
const electron = findElectronBinary();
if (electron === undefined) {
  process.stdout.write(
    'Electron is not installed on this machine (its binary was never downloaded; "npx install-electron" fetches it where the internet is reachable); starting the browser shell instead.\n',
  );
  await runWebShell();
} else {
  const child = spawn(electron, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}
