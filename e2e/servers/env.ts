// The one helper module tests use to reach the real servers started by e2e/servers/start.sh:
// addresses, ports, users, the test CA, and mailbox set-up/inspection through Dovecot's own
// tools (doveadm) and its Maildir files.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type UserName = 'alice' | 'bob' | 'carol' | 'pop1' | 'pop2' | 'pop3' | 'pop4' | 'uni';

export interface ServerEnv {
  runtimeDir: string;
  caFile: string;
  caPem: string;
  domain: 'example.test';
  mail: {
    host: '127.0.1.1';
    hostname: 'mail.example.test';
    imap: 143;
    imaps: 993;
    pop3: 110;
    pop3s: 995;
    submission: 587;
    submissions: 465;
    smtpPlain: 2525;
    /** Postfix without 8BITMIME/SMTPUTF8, TLS or AUTH; local recipients only. */
    smtp7bit: 2526;
    lmtp: 24;
    /** POP3S whose sessions lock the mailbox: a second session gets [IN-USE]. */
    pop3Locked: { host: '127.0.1.4'; port: 995 };
  };
  mx: { host: '127.0.1.2'; port: 25; deadHost: '127.0.1.3' };
  dns: {
    root: '127.0.53.1';
    tld: '127.0.53.2';
    auth: '127.0.53.3';
    recursive: '127.0.53.53';
    port: 53;
  };
  users: Record<UserName, { user: string; password: string }>;
  /** Users whose INBOX (and Work/Projects) start with the seeded messages. */
  seededUsers: UserName[];
  dovecotConfig: string;
  seedDir: string;
  mailDir: string;
  logsDir: string;
}

/** Where start.sh writes everything; MAILWRIGHT_SERVERS_RUNTIME overrides, as in lib.sh. */
export function runtimeDir(): string {
  return process.env['MAILWRIGHT_SERVERS_RUNTIME'] ?? fileURLToPath(new URL('./runtime', import.meta.url));
}

/** Reads runtime/servers.json; throws a clear error when the servers were not started. */
export function serverEnv(): ServerEnv {
  const file = join(runtimeDir(), 'servers.json');
  if (!existsSync(file)) {
    throw new Error(
      `The test servers are not running (no ${file}): start them with \`npm run servers:start\`.`,
    );
  }
  const env = JSON.parse(readFileSync(file, 'utf8')) as Omit<ServerEnv, 'caPem'>;
  return { ...env, caPem: readFileSync(env.caFile, 'utf8') };
}

/** 'alice' → 'alice@example.test'; a full address is kept as it is. */
export function address(user: string): string {
  return user.includes('@') ? user : `${user}@example.test`;
}

function localPart(user: string): string {
  const at = address(user).indexOf('@');
  const local = address(user).slice(0, at);
  // The name becomes a path below mailDir: refuse anything that could leave it.
  if (!/^[a-z0-9._-]+$/i.test(local) || local.startsWith('.')) {
    throw new Error(`Not a test user name: ${JSON.stringify(user)}.`);
  }
  return local;
}

/** Runs a program without a shell; rejects with its stderr when it exits non-zero. */
function run(cmd: string, args: string[], input?: Buffer | string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const why = Buffer.concat(err).toString('utf8').trim();
        reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${why}`));
      }
    });
    child.stdin.on('error', () => {}); // reported through 'close' instead
    child.stdin.end(input ?? '');
  });
}

function doveadm(env: ServerEnv, args: string[], input?: Buffer | string): Promise<Buffer> {
  return run('doveadm', ['-c', env.dovecotConfig, ...args], input);
}

/**
 * Empties a user's mailboxes (the folder tree comes back by itself: Dovecot auto-creates it),
 * and with `seed: true` imports the seeded messages again. Open sessions of the user are
 * kicked first, so no Dovecot process keeps stale indexes of the removed files.
 */
export async function resetMailbox(user: string, opts: { seed?: boolean } = {}): Promise<void> {
  const env = serverEnv();
  const local = localPart(user);
  await doveadm(env, ['kick', address(user)]).catch(() => undefined); // no session: fine
  await rm(join(env.mailDir, local), { recursive: true, force: true });
  if (opts.seed) {
    await doveadm(env, ['import', '-u', address(user), `maildir:${env.seedDir}:LAYOUT=fs`, '', 'all']);
    // See start.sh: the list index written by import would show Work as \Noselect.
    const maildir = join(env.mailDir, local, 'Maildir');
    for (const f of readdirSync(maildir)) {
      if (f.startsWith('dovecot.list.index')) await rm(join(maildir, f), { force: true });
    }
  }
}

/** Puts a message into a user's folder (default INBOX) through `doveadm save`, bytes as given. */
export async function deliver(to: string, raw: Buffer | string, folder = 'INBOX'): Promise<void> {
  await doveadm(serverEnv(), ['save', '-u', address(to), '-m', folder], raw);
}

/** The exact bytes seeded into the seeded users' INBOX (CRLF line ends), in UID order. */
export function seededMessages(folder = 'INBOX'): { name: string; raw: Buffer }[] {
  const env = serverEnv();
  const cur = join(folderDir(env.seedDir, folder), 'cur');
  return readdirSync(cur)
    .sort()
    .map((file) => ({
      // "1767225600.seed-01-plain.mailwright:2," → "01-plain"
      name: file.replace(/^\d+\.seed-/, '').replace(/\.mailwright:2,.*$/, ''),
      raw: readFileSync(join(cur, file)),
    }));
}

/** Maildir "fs" layout with UTF-8 names: INBOX is the root, Work/Projects a sub-directory. */
function folderDir(maildir: string, folder: string): string {
  if (folder.split('/').some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`Not a folder name: ${JSON.stringify(folder)}.`);
  }
  return folder.toUpperCase() === 'INBOX' ? maildir : join(maildir, ...folder.split('/'));
}

/** One line of dovecot-uidlist: "UID [fields] :base-file-name". */
export interface UidlistEntry {
  uid: number;
  base: string;
}

/**
 * Parses a Dovecot maildir uidlist (version 3): a header line, then one line per message
 * whose file name (up to the ':' of the Maildir info) follows the first " :".
 */
export function parseUidlist(text: string): UidlistEntry[] {
  const entries: UidlistEntry[] = [];
  const lines = text.split('\n');
  for (const line of lines.slice(1)) {
    const m = /^(\d+)\s(?:.*?\s)?:(.+)$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    entries.push({ uid: Number(m[1]), base: m[2] });
  }
  return entries.sort((a, b) => a.uid - b.uid);
}

/** The Maildir base name of a file: the part before the ":2,FLAGS" info. */
export function maildirBase(file: string): string {
  const colon = file.indexOf(':');
  return colon === -1 ? file : file.slice(0, colon);
}

/**
 * A user's messages in one folder, read back from the Maildir on disk, in UID order (files
 * Dovecot has not numbered yet come last, by name). An absent folder reads as empty.
 */
export async function mailboxMessages(user: string, folder = 'INBOX'): Promise<Buffer[]> {
  const env = serverEnv();
  const dir = folderDir(join(env.mailDir, localPart(user), 'Maildir'), folder);
  const files = new Map<string, string>(); // base name → path
  for (const sub of ['cur', 'new']) {
    const d = join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) files.set(maildirBase(f), join(d, f));
  }
  const uidlist = join(dir, 'dovecot-uidlist');
  const ordered: string[] = [];
  if (existsSync(uidlist)) {
    for (const { base } of parseUidlist(readFileSync(uidlist, 'utf8'))) {
      const path = files.get(base);
      if (path !== undefined) {
        ordered.push(path);
        files.delete(base);
      }
    }
  }
  ordered.push(...[...files.keys()].sort().map((b) => files.get(b) ?? ''));
  return ordered.flatMap((p) => {
    const bytes = readMaildirFile(dir, p);
    return bytes === undefined ? [] : [bytes];
  });
}

/**
 * Reads a message file that Dovecot may rename while we look (new/ to cur/ when a session
 * opens the folder, a flag change in the name): on ENOENT it finds the same base name again,
 * a few times at most. A message expunged meanwhile reads as undefined.
 */
export function readMaildirFile(dir: string, path: string): Buffer | undefined {
  const base = maildirBase(basename(path));
  let current: string | undefined = path;
  for (let attempt = 0; attempt < 5 && current !== undefined; attempt++) {
    try {
      return readFileSync(current);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    current = undefined;
    for (const sub of ['cur', 'new']) {
      const d = join(dir, sub);
      const f = existsSync(d) ? readdirSync(d).find((name) => maildirBase(name) === base) : undefined;
      if (f !== undefined) current = join(d, f);
    }
  }
  return undefined;
}
