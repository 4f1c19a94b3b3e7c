/**
 * Starts the browser shell once for the whole run, exactly as a person would
 * (`node scripts/web.mjs`: build if stale, then serve), with a throwaway profile, and
 * reads the one line it prints. Returns the teardown that stops it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const LINE = /^Mailwright web shell: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})$/;
const START_BUDGET_MS = 180_000; // a cold build included

export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(resolve('.tmp/e2e'), { recursive: true });
  const home = mkdtempSync(resolve('.tmp/e2e/home-'));
  const child = spawn(process.execPath, ['scripts/web.mjs'], {
    env: { ...process.env, MAILWRIGHT_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });

  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the browser shell printed no address within ${START_BUDGET_MS / 1000} s`));
    }, START_BUDGET_MS);
    const lines = createInterface({ input: child.stdout });
    // Its stdout must be exactly that one line: anything before it is a failure.
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = LINE.exec(line);
      if (m?.[1] !== undefined) resolveUrl(m[1]);
      else {
        child.kill('SIGTERM');
        reject(new Error(`the browser shell's first line is not its address: ${JSON.stringify(line)}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the browser shell exited (${code}) before printing its address`));
    });
  });

  process.env.MAILWRIGHT_WEB_URL = url;
  process.env.MAILWRIGHT_E2E_HOME = home;
  return async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
