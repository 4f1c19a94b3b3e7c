/**
 * `mailwright sync` and `mailwright messages list` against the real Dovecot (POP3), on a
 * profile made with `mailwright account add`; names resolve through the test DNS. The
 * password comes from --password-env (no keychain in a plain run), and never reaches a
 * file of the profile.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, resetMailbox, serverEnv } from '../../../e2e/servers/env';
import type { MessagePage, SyncSummary } from '../../model';
import { runCli } from '../main';

const env = serverEnv();
const hasBus = (process.env.DBUS_SESSION_BUS_ADDRESS ?? '') !== '';
const dns = `${env.dns.recursive}:${env.dns.port}`;
const pw = env.users.pop3.password;
let home: string;
let caFile: string;

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { MAILWRIGHT_HOME: home, MW_TEST_PW: pw },
  });
  return { code, out: out.join(''), err: err.join('') };
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mw-cli-mailbox-'));
  caFile = join(home, '..', `${home.split('/').pop()}-ca.pem`);
  await writeFile(caFile, env.caPem);
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(caFile, { force: true });
});

describe('mailwright sync / messages list', () => {
  it('syncs a POP3 account and lists and searches its INBOX', async () => {
    await resetMailbox('pop3');
    const token = `kiwi${Date.now().toString(36)}`;
    await deliver('pop3', `From: Ann <ann@example.test>\r\nSubject: first\r\n\r\nplain ${token}\r\n`);
    await deliver('pop3', 'From: ben@example.test\r\nSubject: second\r\n\r\nnothing here\r\n');
    const added = await cli([
      'account',
      'add',
      '--email',
      env.users.pop3.user,
      '--pop3',
      `${env.mail.hostname}:${env.mail.pop3s}`,
      '--pop3-mode',
      'keep',
      '--smtp',
      `${env.mail.hostname}:${env.mail.submission}`,
      '--ca',
      caFile,
      '--json',
    ]);
    expect(added.code, added.err).toBe(0);

    const noPassword = await cli(['sync', '--dns-server', dns, '--json']);
    expect(noPassword.code).toBe(1);
    const failed = JSON.parse(noPassword.out) as { results: SyncSummary[] };
    expect(failed.results[0]).toMatchObject({ ok: false, error: { kind: 'auth' } });
    const noPasswordText = await cli(['sync', '--dns-server', dns]);
    expect(noPasswordText.code).toBe(1);
    expect(noPasswordText.out).toBe(
      `${env.users.pop3.user}: no password is stored for this account; give it with --password-env VAR.\n`,
    );
    // Without a keychain (no D-Bus session) the CLI says so; with one, nothing is said.
    if (hasBus) expect(noPasswordText.err).toBe('');
    else expect(noPasswordText.err).toMatch(/^mailwright: sync: No system keychain is available \(.+\n$/);

    const synced = await cli([
      'sync',
      env.users.pop3.user,
      '--password-env',
      'MW_TEST_PW',
      '--dns-server',
      dns,
    ]);
    expect(synced.code, synced.err + synced.out).toBe(0);
    expect(synced.out).toBe(`${env.users.pop3.user}: 2 new\n`);

    const listed = await cli([
      'messages',
      'list',
      '--account',
      env.users.pop3.user,
      '--folder',
      'INBOX',
      '--json',
    ]);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.out) as MessagePage;
    expect(page.total).toBe(2);
    expect(page.messages.map((m) => m.subject).sort()).toEqual(['first', 'second']);

    const found = await cli([
      'messages',
      'list',
      '--account',
      env.users.pop3.user,
      '--folder',
      'INBOX',
      '--search',
      token,
    ]);
    expect(found.code).toBe(0);
    expect(found.out).toMatch(/\* {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}Ann <ann@example\.test> {2}first\n$/);

    const usage = await cli(['messages', 'list', '--folder', 'INBOX']);
    expect(usage.code).toBe(2);

    for (const e of await readdir(home, { withFileTypes: true, recursive: true })) {
      if (!e.isFile()) continue;
      const bytes = await readFile(join(e.parentPath, e.name));
      expect(bytes.includes(pw), `${e.name} holds the password`).toBe(false);
    }
  });
});
