/**
 * with-keyring.sh starts a throwaway Secret Service for a command and stops it again: after a
 * normal end, and after a TERM to the run's process group (what `timeout` and Ctrl-C send).
 * The daemon detaches into its own session, so the group's signal never reaches it; the
 * script must stop it by itself. "Gone" is read from /proc/PID/cmdline being empty (a daemon
 * re-parented to PID 1 may stay a zombie for a while, SERVERS-NOTES.md).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./with-keyring.sh', import.meta.url));
const hasTools =
  spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;

/** Prints "daemon=PID scratch=DIR" for this run's own keyring daemon. */
const REPORT =
  'for p in $(pgrep -x gnome-keyring-d); do ' +
  '{ tr "\\0" "\\n" < /proc/$p/environ; } 2>/dev/null | grep -qxF "MAILWRIGHT_KEYRING_SCRATCH=$MAILWRIGHT_KEYRING_SCRATCH" ' +
  '&& echo "daemon=$p scratch=$MAILWRIGHT_KEYRING_SCRATCH"; done; true';

function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`).length > 0;
  } catch {
    return false;
  }
}

/** Waits (bounded: 50 tries, 100 ms apart) until the process is gone; returns whether it is. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

function parse(out: string): { daemon: number; scratch: string } {
  const m = /daemon=(\d+) scratch=(\S+)/.exec(out);
  if (m === null) throw new Error(`no daemon reported: ${out}`);
  return { daemon: Number(m[1]), scratch: m[2]! };
}

describe.skipIf(!hasTools)(
  'with-keyring.sh (skipped without dbus-run-session and gnome-keyring-daemon: apt install dbus gnome-keyring)',
  () => {
    it('runs the command with an unlocked keyring, then stops its daemon and removes its folders', async () => {
      const r = spawnSync('bash', [script, 'sh', '-c', REPORT], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(0);
      const { daemon, scratch } = parse(r.stdout);
      expect(await gone(daemon)).toBe(true);
      expect(existsSync(scratch)).toBe(false);
    });

    it('a TERM to the run (timeout, Ctrl-C) stops its daemon too', async () => {
      // Its own process group, signalled as a whole, as `timeout` does.
      const child = spawn('bash', [script, 'sh', '-c', `${REPORT}; exec sleep 30`], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let out = '';
      const reported = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no report within 20 s: ${out}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (/daemon=\d+ scratch=\S+/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      try {
        await reported;
      } finally {
        process.kill(-child.pid!, 'SIGTERM');
      }
      await ended;
      const { daemon, scratch } = parse(out);
      expect(await gone(daemon)).toBe(true);
      expect(existsSync(scratch)).toBe(false);
    });
  },
);
