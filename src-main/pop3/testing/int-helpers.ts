import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chown, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverEnv, type UserName } from '../../../e2e/servers/env';
import { Maildir } from '../../store/maildir/maildir';
import { fetchMail, type FetchOptions, type FetchResult } from '../retrieval/fetch';
import { Ledger, LEDGER_FILE } from '../retrieval/ledger';
import { openPop3, type Pop3SessionOptions } from '../session';

/** Helpers shared by the POP3 integration tests (real Dovecot from e2e/servers). */

export function sessionOptions(user: UserName, over: Partial<Pop3SessionOptions> = {}): Pop3SessionOptions {
  const env = serverEnv();
  return {
    host: env.mail.host,
    port: env.mail.pop3s,
    tls: 'implicit',
    servername: env.mail.hostname,
    ca: env.caPem,
    user: env.users[user].user,
    password: env.users[user].password,
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 20_000,
    ...over,
  };
}

/** One fetch the way the CLI does it: Maildir DIR, ledger inside it. */
export async function fetchInto(
  dir: string,
  user: UserName,
  mode: 'keep' | 'delete',
  extra: Partial<FetchOptions> = {},
  session: Partial<Pop3SessionOptions> = {},
): Promise<FetchResult> {
  const maildir = await Maildir.open(dir);
  const ledger = Ledger.open(join(dir, LEDGER_FILE), `${user}@test`);
  try {
    const client = await openPop3(sessionOptions(user, session));
    return await fetchMail(client, { mode, maildir, ledger, ...extra });
  } finally {
    ledger.close();
  }
}

/** How many messages the server holds for the user now (a fresh POP3 session's STAT). */
export async function serverCount(user: UserName): Promise<number> {
  const client = await openPop3(sessionOptions(user));
  const { count } = await client.stat();
  await client.quit();
  return count;
}

/** Every stored message's bytes in a Maildir. */
export async function storedMessages(dir: string): Promise<Buffer[]> {
  const md = await Maildir.open(dir, { create: false });
  return Promise.all((await md.list()).map((e) => readFile(e.path)));
}

export function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** A multiset of messages as sorted hashes: equal iff same bytes, same counts. */
export function digests(messages: Buffer[]): string[] {
  return messages.map(sha).sort();
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`)),
    );
  });
}

/**
 * Puts many messages into a user's INBOX with one `doveadm import` (one process instead of
 * one `doveadm save` per message), byte for byte.
 */
export async function bulkDeliver(user: UserName, messages: readonly Buffer[]): Promise<void> {
  const env = serverEnv();
  const src = await tempDir('mw-bulk-');
  try {
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(src, sub));
    await Promise.all(
      messages.map((m, i) =>
        writeFile(join(src, 'cur', `${1_700_000_000 + i}.bulk${String(i).padStart(5, '0')}.mw:2,`), m),
      ),
    );
    // doveadm opens the source as a mailbox, as the mail user, and writes its index files there.
    const owner = await stat(env.mailDir);
    await chown(src, owner.uid, owner.gid);
    for (const sub of ['cur', 'new', 'tmp']) await chown(join(src, sub), owner.uid, owner.gid);
    await Promise.all(
      (await readdir(join(src, 'cur'))).map((f) => chown(join(src, 'cur', f), owner.uid, owner.gid)),
    );
    await run('doveadm', [
      '-c',
      env.dovecotConfig,
      'import',
      '-u',
      env.users[user].user,
      `maildir:${src}:LAYOUT=fs`,
      '',
      'all',
    ]);
  } finally {
    await rm(src, { recursive: true, force: true });
  }
}

let dropCounter = 0;

/**
 * Delivers a message the way any Maildir MDA does, straight into the user's Maildir
 * (tmp/ then rename into new/, owned by the mail user); Dovecot finds it at the next session.
 * Milliseconds instead of a `doveadm save` process. The Maildir must exist (after
 * resetMailbox, deliver one message with env.deliver first).
 */
export async function dropIntoMaildir(user: UserName, raw: Buffer): Promise<void> {
  const env = serverEnv();
  const local = env.users[user].user.split('@')[0] ?? '';
  const maildir = join(env.mailDir, local, 'Maildir');
  const owner = await stat(maildir);
  dropCounter += 1;
  const name = `${Math.floor(Date.now() / 1000)}.M${dropCounter}P${process.pid}.mwtest`;
  const tmp = join(maildir, 'tmp', name);
  await writeFile(tmp, raw, { mode: 0o600 });
  await chown(tmp, owner.uid, owner.gid);
  await rename(tmp, join(maildir, 'new', name));
}

/** A small, distinct test message (dot lines and 8-bit included, as real mail has). */
export function makeMessage(i: number, bodyBytes = 200): Buffer {
  const body = `Message ${i}\r\n.starts with a dot\r\n..two dots\r\n\u00e9t\u00e9 ${'x'.repeat(bodyBytes)}\r\n`;
  return Buffer.from(
    `From: sender@example.test\r\nTo: pop@example.test\r\nSubject: bulk ${i}\r\n` +
      `Message-ID: <bulk-${i}-${Date.now()}@example.test>\r\nDate: Thu, 26 Nov 2026 12:00:00 +0000\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`,
    'utf8',
  );
}
