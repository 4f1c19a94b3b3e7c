/**
 * Before the Electron suite: where Electron's binary is installed, build (always, like
 * `npm start`) so the app under test is today's code; where it is not, say in one line
 * that the suite will not run. Never triggers electron's lazy download.
 */
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { ELECTRON_ABSENT } from './launch';

export default function globalSetup(): void {
  if (findElectronBinary() === undefined) {
    process.stdout.write(`electron suite SKIPPED: ${ELECTRON_ABSENT}\n`);
    return;
  }
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', timeout: 300_000 });
  if (build.status !== 0)
    throw new Error('the build failed; the Electron suite needs dist/ and dist-renderer/');
}
