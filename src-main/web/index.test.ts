/**
 * The browser shell's entry as a real process (run from source through tsx): the one
 * line it prints, its flags and its exit codes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const LINE = /^Mailwright web shell: http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]{64})\n$/;
const home = mkdtempSync(join(tmpdir(), 'mailwright-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs the shell; `untilLine` stops it with SIGTERM once its first stdout line is out.
 * Bounded: killed after 20 s whatever happens.
 */
function run(args: string[], untilLine: boolean): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/index.ts', ...args], {
      env: { ...process.env, MAILWRIGHT_HOME: join(home, 'profile') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (untilLine && out.includes('\n')) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

// Each case starts Node with tsx: seconds on a busy 2-core machine, so the budget is generous.
describe('npm run web (dist/web.js)', { timeout: 30_000 }, () => {
  it('prints exactly one line with the address and a fresh 32-byte token, and stops cleanly', async () => {
    const first = await run([], true);
    expect(first.out).toMatch(LINE);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(existsSync(join(home, 'profile'))).toBe(true); // MAILWRIGHT_HOME selects the profile
    const second = await run([], true);
    expect(LINE.exec(second.out)?.[2]).not.toBe(LINE.exec(first.out)?.[2]);
  });

  it('listens on the --port asked for', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await run(['--port', String(port)], true);
    expect(LINE.exec(r.out)?.[1]).toBe(String(port));
  });

  it('refuses a bad --port with exit 2 and a taken one with exit 1, one line each', async () => {
    const bad = await run(['--port', 'eighty'], false);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toBe('mailwright web: --port must be a number from 0 to 65535, not "eighty"\n');
    const unknown = await run(['--verbose'], false);
    expect(unknown.code).toBe(2);
    expect(unknown.err.split('\n')).toHaveLength(2);

    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      const port = (taken.address() as { port: number }).port;
      const busy = await run(['--port', String(port)], false);
      expect(busy.code).toBe(1);
      expect(busy.err).toBe(
        `mailwright web: port ${port} on 127.0.0.1 is in use; pick another with --port N or leave it out for a free one\n`,
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
