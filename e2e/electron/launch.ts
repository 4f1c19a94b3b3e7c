/**
 * Starting the real app under Playwright's _electron, each test with a fresh profile
 * (MAILWRIGHT_HOME), which is also a fresh single-instance lock and Chromium folder.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

export const ELECTRON_ABSENT =
  'the Electron binary is not installed on this machine (node_modules/electron has no downloaded binary), so these tests did not run; run them where `npx install-electron` has fetched it.';

export const electronBinary = findElectronBinary();

export interface Launched {
  app: ElectronApplication;
  window: Page;
  home: string;
  close(): Promise<void>;
}

export async function launch(extraArgs: string[] = []): Promise<Launched> {
  if (electronBinary === undefined) throw new Error(ELECTRON_ABSENT);
  mkdirSync(resolve('.tmp/e2e'), { recursive: true });
  const home = mkdtempSync(resolve('.tmp/e2e/electron-home-'));
  const app = await _electron.launch({
    executablePath: electronBinary,
    args: [resolve('.'), ...extraArgs],
    env: { ...process.env, MAILWRIGHT_HOME: home, ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 30_000,
  });
  const window = await app.firstWindow();
  return {
    app,
    window,
    home,
    async close() {
      // A test may have closed the app itself (to read what it wrote on quitting).
      await app.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
