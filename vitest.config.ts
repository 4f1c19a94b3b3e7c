import { defineConfig } from 'vitest/config';

// Three suites: pure unit tests beside the code, renderer component tests in jsdom,
// and integration tests (*.int.test.ts) against the real servers from e2e/servers/.
export default defineConfig({
  test: {
    // Under this guard our DNS transport refuses every non-loopback destination,
    // so no test can ever reach the machine's resolver or the real root servers.
    env: { MAILWRIGHT_DNS_LOOPBACK_ONLY: '1' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src-main/**/*.test.ts', 'e2e/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src-renderer/**/*.test.ts', 'src-renderer/**/*.test.tsx'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['src-main/**/*.int.test.ts', 'e2e/**/*.int.test.ts'],
          // The real servers hold shared state (mailboxes); files take turns.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
