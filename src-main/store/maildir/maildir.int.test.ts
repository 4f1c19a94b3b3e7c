import { spawn } from 'node:child_process';
import { chown, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverEnv } from '../../../e2e/servers/env';
import { Ledger, LEDGER_FILE } from '../../pop3/retrieval/ledger';
import { INDEX_FILE, MessageIndex } from '../index/message-index';
import { Maildir } from './maildir';

/**
 * The promise that "a profile's Maildirs can be opened by Dovecot", checked with the
 * real Dovecot from e2e/servers: doveadm opens a Maildir we wrote (with the CLI's ledger and
 * index files beside it), reads each message's flags, subject and size, and changes a flag
 * that we then read back.
 */

const USER = 'pop1' as const;

function doveadm(dir: string, args: string[]): Promise<string> {
  const env = serverEnv();
  return new Promise((resolve, reject) => {
    const child = spawn(
      'doveadm',
      ['-f', 'tab', '-c', env.dovecotConfig, '-o', `mail_location=maildir:${dir}`, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`doveadm ${code}: ${err}`))));
  });
}

/** doveadm runs as the mail user, like Dovecot itself: the folder becomes that user's. */
async function giveToMailUser(dir: string): Promise<void> {
  const owner = await stat(serverEnv().mailDir);
  const walk = async (path: string): Promise<void> => {
    await chown(path, owner.uid, owner.gid);
    if ((await stat(path)).isDirectory()) {
      for (const name of await readdir(path)) await walk(join(path, name));
    }
  };
  await walk(dir);
}

/** Rows of doveadm's tab output as objects keyed by its header line. */
function table(out: string): Record<string, string>[] {
  const [head, ...rows] = out.trimEnd().split('\n');
  const keys = (head ?? '').split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [keys[i] ?? '', v])));
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-maildir-dovecot-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Maildir written by Mailwright, opened by Dovecot', () => {
  it('doveadm reads our messages with their flags, sizes and subjects, and its flag change reads back', async () => {
    const md = await Maildir.open(dir);
    const plain = Buffer.from('Subject: plain new\r\n\r\nhello\r\n');
    const flagged = Buffer.from('Subject: seen and flagged\r\n\r\n.a dot line\r\n');
    const utf8 = Buffer.from('Subject: =?UTF-8?Q?=C3=A9t=C3=A9?=\r\n\r\n\u00e9t\u00e9 8-bit\r\n', 'utf8');
    const a = await md.add(plain);
    const b = await md.add(flagged, { flags: ['S', 'F'] });
    const c = await md.add(utf8, { seen: true });
    await md.setFlags(c.id, ['R', 'S']);
    // The CLI's layout: the POP3 ledger and the index live in the Maildir's root.
    Ledger.open(join(dir, LEDGER_FILE), 'u@h').close();
    const index = MessageIndex.open(join(dir, INDEX_FILE));
    await index.add('INBOX', a);
    index.close();
    await giveToMailUser(dir);

    const user = serverEnv().users[USER].user;
    // Our files in the root are not taken for folders (the other names are the test server's
    // configured special-use folders, listed whether they exist or not).
    const mailboxes = (await doveadm(dir, ['mailbox', 'list', '-u', user])).split('\n');
    expect(mailboxes).toContain('INBOX');
    expect(mailboxes.filter((m) => /mailwright|sqlite/i.test(m))).toEqual([]);
    const rows = table(
      await doveadm(dir, ['fetch', '-u', user, 'flags size.physical hdr.subject', 'mailbox', 'INBOX', 'all']),
    );
    const bySubject = new Map(rows.map((r) => [r['hdr.subject'], r]));
    expect(rows).toHaveLength(3);
    expect(bySubject.get('plain new')).toMatchObject({ 'size.physical': String(plain.length) });
    expect(bySubject.get('plain new')?.['flags']).not.toMatch(/\\Seen/);
    expect(bySubject.get('seen and flagged')).toMatchObject({ 'size.physical': String(flagged.length) });
    expect(bySubject.get('seen and flagged')?.['flags']).toMatch(/\\Flagged \\Seen/);
    expect(bySubject.get('=?UTF-8?Q?=C3=A9t=C3=A9?=')).toMatchObject({
      'size.physical': String(utf8.length),
    });
    expect(bySubject.get('=?UTF-8?Q?=C3=A9t=C3=A9?=')?.['flags']).toMatch(/\\Answered .*\\Seen/);

    // Dovecot marks one as seen; we read the flag from the file name it chose.
    await doveadm(dir, [
      'flags',
      'add',
      '-u',
      user,
      '\\Seen',
      'mailbox',
      'INBOX',
      'HEADER',
      'Subject',
      'plain new',
    ]);
    const listed = await md.list();
    expect(listed).toHaveLength(3);
    expect(listed.find((e) => e.id === a.id)?.flags).toEqual(['S']);
    expect(listed.find((e) => e.id === b.id)?.flags).toEqual(['F', 'S']);
    expect(await md.read(a.id)).toEqual(plain);
  });
});
