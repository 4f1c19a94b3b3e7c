import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

// Chromium from Debian (never `npx playwright install`), its profile and caches kept
// inside the project's ignored .tmp/ so a run touches nothing of the machine's user.
const xdgConfig = resolve('.tmp/e2e/xdg-config');
const xdgCache = resolve('.tmp/e2e/xdg-cache');
mkdirSync(xdgConfig, { recursive: true });
mkdirSync(xdgCache, { recursive: true });

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // Screenshots go to test-results/screenshots/; Playwright's own output beside them.
  outputDir: 'test-results/playwright',
  // Builds if needed, starts the browser shell with a temporary MAILWRIGHT_HOME and
  // hands its printed URL to the tests (MAILWRIGHT_WEB_URL).
  globalSetup: './e2e/global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1180, height: 760 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      env: { ...process.env, XDG_CONFIG_HOME: xdgConfig, XDG_CACHE_HOME: xdgCache },
    },
  },
  projects: [{ name: 'chromium-web-shell' }],
});
