// `npm start`: build (always: a start must never run yesterday's code), then launch Electron. Where the Electron binary is not installed
// (it is downloaded lazily from a host some machines cannot reach), say so in one line
// and start the browser shell instead. The check reads the files electron's own
// installer writes and never triggers its download.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';
import { ensureBuilt, runWebShell } from './web.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

ensureBuilt({ force: true });
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
