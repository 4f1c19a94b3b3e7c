import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetMailbox, seededMessages, serverEnv } from '../../e2e/servers/env';
import { runCli } from '../cli/main';
import type { CliIO } from '../cli/command';
import { INDEX_FILE, MessageIndex } from '../store/index/message-index';
import { openPop3 } from './session';
import { sessionOptions, storedMessages, tempDir, digests } from './testing/int-helpers';
import { rejectionOf } from '../testing/rejection';

// Against the real Dovecot from e2e/servers (start it with `bash e2e/servers/start.sh`).
const env = serverEnv();

function bufferIo(vars: Record<string, string>): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: vars,
    stdout: () => out,
    stderr: () => err,
  };
}

let caDir: string;
beforeAll(async () => {
  await resetMailbox('pop3', { seed: true });
  caDir = await tempDir('mw-pop3-cli-');
});
afterAll(async () => {
  await rm(caDir, { recursive: true, force: true });
});

describe('POP3 sessions against Dovecot', () => {
  it('POP3S on 995 with the test CA: logs in, sees PIPELINING and UIDL after login', async () => {
    const c = await openPop3(sessionOptions('pop3'));
    expect(c.secure).toBe(true);
    expect(c.pipelining).toBe(true);
    expect(c.capabilities?.has('UIDL')).toBe(true);
    expect((await c.stat()).count).toBe(seededMessages().length);
    expect((await c.uidl())?.length).toBe(seededMessages().length);
    await c.noop();
    await c.quit();
    expect(c.state).toBe('closed');
  });

  it('STLS on 110 with the test CA, then APOP', async () => {
    const c = await openPop3(sessionOptions('pop3', { port: env.mail.pop3, tls: 'starttls', auth: 'apop' }));
    expect(c.secure).toBe(true);
    expect(c.apopTimestamp).toMatch(/^<.+>$/);
    const first = await c.retr(1);
    expect(first).toEqual(seededMessages()[0]?.raw);
    const top = await c.top(1, 0);
    expect(first.subarray(0, top.length)).toEqual(top);
    await c.dele(1);
    await c.rset(); // undo: nothing may go
    await c.quit();
    const again = await openPop3(sessionOptions('pop3'));
    expect((await again.stat()).count).toBe(seededMessages().length);
    await again.quit();
  });

  it('USER/PASS and SASL PLAIN with a non-ASCII password', async () => {
    for (const auth of ['user', 'sasl-plain'] as const) {
      const c = await openPop3(sessionOptions('uni', { auth }));
      expect(c.state).toBe('transaction');
      await c.quit();
    }
  });

  it('a wrong password is a clear auth error with the server words, and never echoes the password', async () => {
    for (const auth of ['user', 'sasl-plain', 'apop'] as const) {
      const e = await rejectionOf(
        openPop3(sessionOptions('pop3', { password: 'not-the-Password-42', auth })),
      );
      expect(e.kind).toBe('auth');
      expect(e.message).toMatch(/refused the user name or password/);
      expect(e.serverText).toBeTruthy();
      expect(JSON.stringify(e)).not.toContain('not-the-Password-42');
    }
  });

  it('refuses a certificate it cannot verify, and a password over plaintext without consent', async () => {
    const noCa = sessionOptions('pop3');
    delete noCa.ca;
    expect((await rejectionOf(openPop3(noCa))).kind).toBe('tls');
    const e = await rejectionOf(openPop3(sessionOptions('pop3', { port: env.mail.pop3, tls: 'none' })));
    expect(e.kind).toBe('tls');
    expect(e.message).toMatch(/unencrypted/);
  });

  it('with explicit consent logs in without TLS (APOP: Dovecot offers no plaintext password there)', async () => {
    const plain = { port: env.mail.pop3, tls: 'none' as const, allowPlaintextAuth: true };
    const c = await openPop3(sessionOptions('pop1', plain));
    expect(c.secure).toBe(false);
    expect(c.state).toBe('transaction');
    await c.quit();
    // Forcing USER/PASS there: Dovecot refuses, and the error points at TLS, not only the password.
    const e = await rejectionOf(openPop3(sessionOptions('pop1', { ...plain, auth: 'user' })));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/unencrypted connection: use TLS/);
    expect(e.serverText).toMatch(/Plaintext authentication disallowed/);
  });

  // Dovecot answers [IN-USE] only where pop3_lock_session is on: e2e/servers turns it on for
  // its listener on 127.0.1.4 alone, so no other test ever meets a lock.
  it('[IN-USE] from a concurrent session is a clear server-said-no error', async () => {
    const locked = { host: env.mail.pop3Locked.host, port: env.mail.pop3Locked.port };
    const a = await openPop3(sessionOptions('pop3', locked));
    try {
      const e = await rejectionOf(openPop3(sessionOptions('pop3', locked)));
      expect(e.kind).toBe('server-said-no');
      expect(e.code).toBe('IN-USE');
      expect(e.message).toBe(
        'The mailbox is in use by another session: close other mail programs and try again.',
      );
    } finally {
      await a.quit();
    }
  });
});

describe('mailwright pop3 CLI against Dovecot', () => {
  const flags = [
    '--host',
    env.mail.host,
    '--servername',
    env.mail.hostname,
    '--ca',
    env.caFile,
    '--user',
    env.users.pop3.user,
    '--password-env',
    'POP_PW',
  ];

  it('pop3 list --json lists number, UIDL and size', async () => {
    const io = bufferIo({ POP_PW: env.users.pop3.password });
    expect(await runCli(['pop3', 'list', ...flags, '--json'], io)).toBe(0);
    const { messages } = JSON.parse(io.stdout()) as { messages: { n: number; uidl: string; size: number }[] };
    expect(messages).toHaveLength(seededMessages().length);
    expect(messages[0]).toMatchObject({ n: 1, uidl: expect.stringMatching(/^[0-9a-f]{16}$/i) });
  });

  it('pop3 fetch --mode keep twice, index rebuild, then --mode delete, with --json', async () => {
    const dir = join(caDir, 'Mail');
    const n = seededMessages().length;
    const run = async (argv: string[]) => {
      const io = bufferIo({ POP_PW: env.users.pop3.password });
      const code = await runCli(argv, io);
      expect(io.stderr()).toBe('');
      expect(code).toBe(0);
      return JSON.parse(io.stdout()) as unknown;
    };
    expect(await run(['pop3', 'fetch', '--mode', 'keep', '--maildir', dir, ...flags, '--json'])).toEqual({
      downloaded: n,
      deletedOnServer: 0,
      alreadyHad: 0,
    });
    expect(
      await run([
        'pop3',
        'fetch',
        '--mode',
        'keep',
        '--maildir',
        dir,
        ...flags,
        '--tls',
        'starttls',
        '--json',
      ]),
    ).toEqual({ downloaded: 0, deletedOnServer: 0, alreadyHad: n });
    expect(digests(await storedMessages(dir))).toEqual(digests(seededMessages().map((m) => m.raw)));
    // The fetch indexed every message as it stored it, keyed by its UIDL.
    const index = MessageIndex.open(join(dir, INDEX_FILE));
    expect(index.count()).toBe(n);
    expect(index.list('INBOX').every((m) => m.sourceId !== null && m.path.startsWith(dir))).toBe(true);
    index.close();
    expect(await run(['index', 'rebuild', '--maildir', dir, '--json'])).toEqual({ indexed: n });
    // Switching the same Maildir to delete mode: nothing downloaded again, the server emptied.
    expect(await run(['pop3', 'fetch', '--mode', 'delete', '--maildir', dir, ...flags, '--json'])).toEqual({
      downloaded: 0,
      deletedOnServer: n,
      alreadyHad: n,
    });
    expect(await run(['pop3', 'list', ...flags, '--json'])).toEqual({ messages: [] });
    expect(digests(await storedMessages(dir))).toEqual(digests(seededMessages().map((m) => m.raw)));
  });

  it('exit code 1 and one clear line for a wrong password; 2 for a bad --mode', async () => {
    const io = bufferIo({ POP_PW: 'wrong-password' });
    expect(await runCli(['pop3', 'list', ...flags], io)).toBe(1);
    expect(io.stderr()).toMatch(/^mailwright: pop3 list: The POP3 server refused the user name or password/);
    expect(io.stderr()).not.toContain('wrong-password');
    const io2 = bufferIo({ POP_PW: 'x' });
    expect(await runCli(['pop3', 'fetch', '--mode', 'sometimes', '--maildir', caDir, ...flags], io2)).toBe(2);
  });
});
