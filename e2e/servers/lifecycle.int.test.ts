/**
 * start.sh and stop.sh themselves, on a second, private set of servers: a fresh runtime
 * folder (as on a fresh clone) inside its own network namespace (`unshare -n`), so its
 * addresses and ports are its own and the shared servers the other tests use are never
 * touched. Proves: start brings every daemon up and writes servers.json (within the
 * script's own 25 s ready deadline, else it exits 1), start again is a no-op, stop ends
 * exactly the processes start recorded and their children (not the shared servers, not
 * an unrelated process), removes the lo addresses it added, and stop again is a no-op.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const DAEMONS = ['dovecot', 'postfix', 'named', 'unbound'] as const;

function can(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (the harness binds ports < 1024 and adds lo addresses)';
  const probe = spawnSync('unshare', ['-n', 'true'], { timeout: 10_000 });
  if (probe.status !== 0) return `unshare -n is not allowed here (${probe.stderr?.toString().trim()})`;
  return undefined;
}
const cannot = can();
if (cannot !== undefined) console.warn(`lifecycle.int.test: skipped: ${cannot}`);

function sh(args: string[], env: Record<string, string>) {
  const r = spawnSync(args[0] as string, args.slice(1), {
    encoding: 'utf8',
    timeout: 50_000,
    env: { ...process.env, ...env },
  });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Alive by the rule in SERVERS-NOTES: a non-empty /proc/PID/cmdline (zombies have none). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`).length > 0;
  } catch {
    return false;
  }
}

function descendants(root: number): number[] {
  const kids = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue;
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    kids.set(ppid, [...(kids.get(ppid) ?? []), Number(name)]);
  }
  const out: number[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length && i < 10_000; i++) {
    for (const k of kids.get(queue[i] as number) ?? []) {
      out.push(k);
      queue.push(k);
    }
  }
  return out;
}

function netns(pid: number): string {
  return spawnSync('readlink', [`/proc/${pid}/ns/net`], { encoding: 'utf8' }).stdout.trim();
}

describe.skipIf(cannot !== undefined)('start.sh / stop.sh on a private instance', () => {
  const runtime = mkdtempSync(join(tmpdir(), 'mw-servers-'));
  // The daemons' own users (bind, dovecot, postfix, mail) must reach their folders in it.
  chmodSync(runtime, 0o755);
  const env = { MAILWRIGHT_SERVERS_RUNTIME: runtime };
  const pidOf = (d: string) => Number(readFileSync(join(runtime, 'state', `${d}.pid`), 'utf8').trim());
  let bystander: ChildProcess | undefined;
  const started: number[] = [];
  const sharedHealth = () =>
    sh(['bash', join(here, 'start.sh'), '--check'], { MAILWRIGHT_SERVERS_RUNTIME: '' }).out.trim();
  let sharedBefore = '';
  beforeAll(() => {
    sharedBefore = sharedHealth();
  });

  afterAll(() => {
    // Whatever happened above, leave nothing of the private instance running.
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
    bystander?.kill('SIGKILL');
    rmSync(runtime, { recursive: true, force: true, maxRetries: 3 });
  });

  it('start brings every daemon up in its own namespace and writes servers.json; a second start is a no-op', () => {
    const r = sh(
      ['unshare', '-n', 'bash', '-c', `ip link set lo up && exec bash ${join(here, 'start.sh')}`],
      env,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^servers: ready in \d+ ms/m);
    console.info(`private instance: ${/ready in \d+ ms/.exec(r.out)?.[0]}`);
    const json = JSON.parse(readFileSync(join(runtime, 'servers.json'), 'utf8')) as { runtimeDir: string };
    expect(json.runtimeDir).toBe(runtime);
    for (const d of DAEMONS) {
      const pid = pidOf(d);
      expect(alive(pid)).toBe(true);
      started.push(pid, ...descendants(pid));
      // In the private namespace, not ours (where the shared servers run).
      expect(netns(pid)).not.toBe(netns(process.pid));
    }
    expect(started.length).toBeGreaterThan(DAEMONS.length); // Dovecot and Postfix have workers
    const again = sh(['nsenter', '-t', String(pidOf('named')), '-n', 'bash', join(here, 'start.sh')], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('already running and healthy');
  });

  it('stop ends exactly those processes and removes the lo addresses it added; a second stop is a no-op', async () => {
    expect(started.length).toBeGreaterThan(0);
    const named = pidOf('named');
    const added = readFileSync(join(runtime, 'state', 'added-addrs'), 'utf8')
      .trim()
      .split('\n');
    expect(added).toContain('127.0.53.1');
    bystander = spawn('sleep', ['120'], { stdio: 'ignore' });
    const bystanderPid = bystander.pid as number;
    // stop.sh runs in the namespace whose lo holds the addresses (entered through named's).
    const r = sh(['nsenter', `--net=/proc/${named}/ns/net`, 'bash', join(here, 'stop.sh')], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^servers: stopped dovecot\(\d+\) postfix\(\d+\) named\(\d+\) unbound\(\d+\);/m);
    // "removed" lists only addresses whose `ip addr del` succeeded.
    expect(/removed lo addresses: (.*)$/m.exec(r.out)?.[1]?.split(' ').sort()).toEqual([...added].sort());
    for (const pid of started) expect(alive(pid), `pid ${pid} still runs`).toBe(false);
    expect(alive(bystanderPid)).toBe(true);
    expect(existsSync(join(runtime, 'servers.json'))).toBe(false);
    const again = sh(['bash', join(here, 'stop.sh')], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing was running');
    // The shared servers the other tests use are as they were.
    expect(sharedHealth()).toBe(sharedBefore);
  });
});
