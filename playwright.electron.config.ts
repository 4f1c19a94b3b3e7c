import { defineConfig } from '@playwright/test';

// The Electron suite (e2e/electron/*.electron.ts), apart from the browser suite so
// `npx playwright test` is unaffected. Run it with `npm run test:electron` (on Linux
// without a display: `xvfb-run -a npm run test:electron`). Where Electron's binary is
// not installed (our build machines), every test is reported SKIPPED with that reason
// and the global setup prints one line saying the suite did not run.
export default defineConfig({
  testDir: 'e2e/electron',
  testMatch: '*.electron.ts',
  outputDir: 'test-results/playwright-electron',
  globalSetup: './e2e/electron/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  projects: [{ name: 'electron' }],
});
