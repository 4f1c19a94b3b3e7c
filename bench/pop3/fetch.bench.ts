/**
 * POP3 download-and-keep benchmark (issue 5): 1,000 messages of ~50 KB (~50 MB) from the
 * local Dovecot over POP3S, side by side in one run: ours (Maildir, every message fsynced in
 * group commits, plus the SQLite ledger; no index) vs fetchmail (--keep --all with the MDA
 * 'cat > /dev/null' as the issue says: no fsync, one process per message) vs node-pop3
 * (UIDL + RETR one by one, bodies discarded) vs a raw TLS socket loop that RETRs and discards
 * (the throughput ceiling). Also our client alone (pipelined RETRs, nothing stored) vs that
 * loop, and what the disk alone costs for the same files. Peak RSS of ours and of fetchmail,
 * each measured in a process of its own, is noted. Uses the pop3 test user, whose mailbox is
 * replaced (no test may run on that user meanwhile). BENCH_POP3_MESSAGES overrides the count.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import Pop3Command from 'node-pop3';
import { resetMailbox, serverEnv } from '../../e2e/servers/env';
import { openPop3 } from '../../src-main/pop3/session';
import { bulkDeliver, makeMessage } from '../../src-main/pop3/testing/int-helpers';
import { BENCH_USER, fetchKeepOnce } from './keep-once';
import { alternate, median, timeMs, type Benchmark, type BenchResult } from '../harness';

const MESSAGES = Number(process.env['BENCH_POP3_MESSAGES'] ?? 1000);
const RUNS = 3;
const USER = BENCH_USER;

/**
 * Every run's Maildir stays until the bench process ends. Removing 1,000 files and creating
 * 1,000 more right after costs ext4 dearly (its inode allocator skips over inodes deleted in
 * the last half minute: perf showed recently_deleted() and find_inode_bit() on top), which
 * would charge each run for the last one's cleanup; a person's fetch never follows that.
 */
const runsRoot = mkdtempSync(join(tmpdir(), 'mw-bench-pop3-'));
process.on('exit', () => rmSync(runsRoot, { recursive: true, force: true }));

async function ours(): Promise<number> {
  const dir = await mkdtemp(join(runsRoot, 'run-'));
  return timeMs(async () => {
    const downloaded = await fetchKeepOnce(dir);
    if (downloaded !== MESSAGES) throw new Error(`ours downloaded ${downloaded}, not ${MESSAGES}`);
  });
}

/**
 * Untimed, before every timed run of either side: the last run's 50 MB reach the disk first,
 * so no run is charged for another's write-back.
 */
async function settleDisk(): Promise<void> {
  await output('sync', []);
}

/** Runs a program and returns its stdout. */
function output(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`)),
    );
  });
}

/**
 * Peak RSS, each measured in a process of its own so nothing else counts: ours (one keep
 * fetch; node + tsx + our modules), the same process fetching nothing (what node and the
 * loader alone cost), and fetchmail (by /usr/bin/time, when it is installed).
 */
async function peakRss(): Promise<string> {
  const script = fileURLToPath(new URL('./keep-once.ts', import.meta.url));
  const dir = await mkdtemp(join(tmpdir(), 'mw-bench-pop3-rss-'));
  try {
    const child = async (extra: string[]) =>
      JSON.parse(await output(process.execPath, ['--import', 'tsx', script, dir, ...extra])) as {
        downloaded: number;
        maxRssKb: number;
      };
    const o = await child([]);
    if (o.downloaded !== MESSAGES) throw new Error(`ours downloaded ${o.downloaded}, not ${MESSAGES}`);
    const base = await child(['--baseline']);
    let fm = 'not measured (no /usr/bin/time)';
    if (existsSync('/usr/bin/time')) {
      const kb = await fetchmail(['/usr/bin/time', '-f', '%M']);
      fm = `${Math.round(kb / 1024)} MB`;
    }
    return `peak RSS: ours ${Math.round(o.maxRssKb / 1024)} MB (node + tsx fetching nothing: ${Math.round(base.maxRssKb / 1024)} MB), fetchmail ${fm}`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function nodePop3(): Promise<number> {
  const env = serverEnv();
  return timeMs(async () => {
    const pop3 = new Pop3Command({
      user: env.users[USER].user,
      password: env.users[USER].password,
      host: env.mail.host,
      port: env.mail.pop3s,
      tls: true,
      servername: env.mail.hostname,
      tlsOptions: { ca: env.caPem },
    });
    // node-pop3 also emits a server -ERR as an 'error' event; unheard, it would end the whole
    // bench process. The failed command's promise rejects, which the harness reports.
    (pop3 as unknown as NodeJS.EventEmitter).on('error', () => undefined);
    const uidl = (await pop3.UIDL()) as unknown as string[][];
    let bytes = 0;
    for (const [n] of uidl) bytes += (await pop3.RETR(Number(n))).length;
    await pop3.QUIT();
    if (uidl.length !== MESSAGES || bytes === 0) throw new Error(`node-pop3 got ${uidl.length} messages`);
  });
}

async function fetchmailHome(): Promise<{ home: string; rc: string }> {
  const env = serverEnv();
  const home = await mkdtemp(join(tmpdir(), 'mw-bench-fetchmail-'));
  const rc = join(home, 'fetchmailrc');
  const q = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;
  await writeFile(
    rc,
    `set no syslog\nset no bouncemail\npoll ${env.mail.host} with proto POP3 port ${env.mail.pop3s} and options no dns uidl\n` +
      `  user ${q(env.users[USER].user)} there with password ${q(env.users[USER].password)} is root here\n` +
      `  options keep fetchall ssl sslcertck sslcertfile ${q(env.caFile)} sslcommonname ${q(env.mail.hostname)} mda ${q('/bin/cat > /dev/null')}\n`,
  );
  await chmod(rc, 0o600);
  return { home, rc };
}

/** fetchmail --keep --all once, timed; or under `wrapper` (/usr/bin/time), returning the number it printed. */
async function fetchmail(wrapper?: string[]): Promise<number> {
  const { home, rc } = await fetchmailHome();
  const env = { ...process.env, FETCHMAILHOME: home, HOME: home };
  const args = ['-f', rc, '--nodetach', '-s'];
  try {
    if (wrapper === undefined) return await timeMs(() => output('fetchmail', args, env));
    const [cmd = '', ...pre] = wrapper;
    // /usr/bin/time writes its figure to stderr: capture it through a shell redirection.
    const out = await output(
      '/bin/sh',
      ['-c', `"$@" 2>&1 >/dev/null | tail -n 1`, 'sh', cmd, ...pre, 'fetchmail', ...args],
      env,
    );
    return Number(out.trim());
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** A raw TLS loop: log in, RETR every message, count bytes up to each CRLF.CRLF, discard. */
async function rawLoop(): Promise<number> {
  const env = serverEnv();
  return timeMs(
    () =>
      new Promise<void>((resolve, reject) => {
        const socket = tls.connect({
          host: env.mail.host,
          port: env.mail.pop3s,
          servername: env.mail.hostname,
          ca: env.caPem,
        });
        const { user, password } = env.users[USER];
        const script = [`USER ${user}`, `PASS ${password}`];
        let stage = 0; // responses seen: greeting, USER, PASS, then RETRs
        let n = 0;
        let tail = '';
        socket.on('error', reject);
        socket.on('data', (chunk: Buffer) => {
          const text = tail + chunk.toString('latin1');
          if (stage < 3) {
            if (!text.includes('\r\n')) return void (tail = text);
            tail = '';
            if (!text.startsWith('+OK')) return reject(new Error(`raw loop: ${text.slice(0, 100)}`));
            stage += 1;
            if (stage < 3) socket.write(`${script[stage - 1]}\r\n`);
            else socket.write(`RETR ${++n}\r\n`);
            return;
          }
          if (!text.endsWith('\r\n.\r\n')) return void (tail = text.slice(-5));
          tail = '';
          if (n < MESSAGES) socket.write(`RETR ${++n}\r\n`);
          else {
            socket.end('QUIT\r\n');
            resolve();
          }
        });
      }),
  );
}

/** Our POP3 client alone: the same session and pipelined RETRs as a fetch, bodies discarded. */
async function clientOnly(): Promise<number> {
  const env = serverEnv();
  return timeMs(async () => {
    const client = await openPop3({
      host: env.mail.host,
      port: env.mail.pop3s,
      tls: 'implicit',
      servername: env.mail.hostname,
      ca: env.caPem,
      user: env.users[USER].user,
      password: env.users[USER].password,
    });
    const list = await client.list();
    await client.uidl();
    let bytes = 0;
    await client.pipeline(
      list.map((l) => ({ line: `RETR ${l.n}`, shape: 'multi' as const })),
      (r) => void (bytes += r.body?.length ?? 0),
    );
    await client.quit();
    if (list.length !== MESSAGES || bytes === 0) throw new Error(`client only got ${list.length} messages`);
  });
}

/** What this machine's disk alone costs for the same files: write to tmp/, rename; no fsync. */
async function diskFloorMs(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-bench-pop3-disk-'));
  try {
    await mkdir(join(dir, 'tmp'));
    await mkdir(join(dir, 'new'));
    const messages = Array.from({ length: MESSAGES }, (_, i) => makeMessage(i, 50_000));
    return await timeMs(async () => {
      for (const [i, m] of messages.entries()) {
        await writeFile(join(dir, 'tmp', String(i)), m);
        await rename(join(dir, 'tmp', String(i)), join(dir, 'new', String(i)));
      }
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function bench(peer: 'fetchmail' | 'node-pop3' | 'raw' | 'client-vs-raw'): Benchmark {
  const peers = { fetchmail, 'node-pop3': nodePop3, raw: rawLoop, 'client-vs-raw': rawLoop };
  const names = {
    fetchmail: 'fetchmail --keep --all (MDA cat > /dev/null)',
    'node-pop3': 'node-pop3 (UIDL + RETR, discard)',
    raw: 'raw TLS RETR loop (discard)',
    'client-vs-raw': 'raw TLS RETR loop (discard)',
  };
  const clientAlone = peer === 'client-vs-raw';
  return {
    name: clientAlone
      ? `pop3: ${MESSAGES} × ~50 KB over POP3S, our client alone (RETR, discard, nothing stored) vs raw`
      : `pop3: keep mode, ${MESSAGES} × ~50 KB over POP3S, ours vs ${peer}`,
    needs: 'servers',
    async run(): Promise<BenchResult> {
      await resetMailbox(USER);
      await bulkDeliver(
        USER,
        Array.from({ length: MESSAGES }, (_, i) => makeMessage(i, 50_000)),
      );
      const { ours: o, peer: p } = await alternate(
        RUNS,
        clientAlone ? clientOnly : ours,
        peers[peer],
        settleDisk,
      );
      const rss = peer === 'fetchmail' ? `; ${await peakRss()}` : '';
      const disk =
        peer === 'raw'
          ? `; writing the same ${MESSAGES} files alone (tmp/ + rename, no fsync) takes ${Math.round(await diskFloorMs())} ms here`
          : '';
      const throughput = peer === 'raw' || clientAlone;
      return {
        // For the raw loop the target is throughput: ours ≥ 70% of it.
        ours: throughput ? o.map((ms) => MESSAGES / (ms / 1000)) : o,
        peer: throughput ? p.map((ms) => MESSAGES / (ms / 1000)) : p,
        unit: throughput ? 'messages/s' : 'ms per fetch',
        better: throughput ? 'higher' : 'lower',
        peerName: names[peer],
        target: throughput ? 0.7 : 1.0,
        note: clientAlone
          ? `our POP3 client with pipelining, no Maildir, no ledger; median ${Math.round(median(o))} ms`
          : `ours stores each message in a Maildir with fsync and a ledger row; ours median ${Math.round(median(o))} ms${rss}${disk}`,
      };
    },
  };
}

export default [bench('fetchmail'), bench('node-pop3'), bench('raw'), bench('client-vs-raw')];
