/**
 * `mailwright account ...` flag handling and the settings file, without any server: the
 * accounts here name their servers explicitly, so nothing is autoconfigured or dialled.
 * The network paths (autoconfig, account test) are in account.int.test.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../model/account';
import { runCli } from '../main';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'mw-account-cli-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function cli(argv: string[], vars: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { MAILWRIGHT_HOME: home, ...vars },
  });
  return { code, out: out.join(''), err: err.join('') };
}

const IMAP_ACCOUNT = [
  'account',
  'add',
  '--email',
  'alice@example.test',
  '--imap',
  '127.0.1.1',
  '--smtp',
  '127.0.1.1:587',
];

describe('account add (servers given)', () => {
  it('stores the defaults: user = address, TLS from the port, port from the TLS mode', async () => {
    const r = await cli([...IMAP_ACCOUNT, '--name', 'Alice', '--json']);
    expect(r.code).toBe(0);
    const { account } = JSON.parse(r.out) as { account: Account };
    expect(account).toMatchObject({
      address: 'alice@example.test',
      displayName: 'Alice',
      incoming: {
        protocol: 'imap',
        server: { host: '127.0.1.1', port: 993, security: 'implicit', user: 'alice@example.test' },
      },
      outgoing: {
        kind: 'submission',
        server: { host: '127.0.1.1', port: 587, security: 'starttls', user: 'alice@example.test' },
      },
    });
    const file = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as { accounts: Account[] };
    expect(file.accounts).toEqual([account]);
  });

  it('POP3 with an explicit TLS mode, delete mode, a user, and direct delivery', async () => {
    const r = await cli([
      'account',
      'add',
      '--email',
      'pop1@example.test',
      '--user',
      'pop1',
      '--pop3',
      'pop.example.test',
      '--pop3-tls',
      'starttls',
      '--pop3-mode',
      'delete',
      '--direct',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { account } = JSON.parse(r.out) as { account: Account };
    expect(account.incoming).toEqual({
      protocol: 'pop3',
      server: { host: 'pop.example.test', port: 110, security: 'starttls', user: 'pop1', auth: 'auto' },
      pop3: { mode: 'delete', headersOnlyOverBytes: null },
    });
    expect(account.outgoing).toEqual({ kind: 'direct' });
  });

  it.each([
    [['account', 'add', '--imap', 'h', '--direct'], '--email is required'],
    [[...IMAP_ACCOUNT, '--pop3', 'h'], '--imap and --pop3 exclude each other'],
    [[...IMAP_ACCOUNT, '--direct'], '--smtp and --direct exclude each other'],
    [
      ['account', 'add', '--email', 'a@example.test', '--pop3-mode', 'keep', '--direct'],
      '--pop3-mode needs --pop3',
    ],
    [
      ['account', 'add', '--email', 'a@example.test', '--imap', 'h', '--imap-tls', 'ssl', '--direct'],
      '--imap-tls must be implicit, starttls or none',
    ],
    [
      ['account', 'add', '--email', 'a@example.test', '--pop3', 'h', '--pop3-mode', 'later', '--direct'],
      '--pop3-mode must be keep or delete',
    ],
    [['account', 'add', '--email', 'a@example.test', '--imap', 'h:99999', '--direct'], 'is not a server'],
    [[...IMAP_ACCOUNT, '--password-env', 'NOT_SET'], '--password-env names NOT_SET, which is not set'],
    [[...IMAP_ACCOUNT, '--ca', '/nonexistent/ca.pem'], '--ca /nonexistent/ca.pem cannot be read'],
  ])('usage error (exit 2): %j', async (argv, message) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('an invalid setting is refused with one sentence and nothing is written (exit 2)', async () => {
    const r = await cli(['account', 'add', '--email', 'not-an-address', '--imap', 'h', '--direct']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^mailwright: account add: The setting address must be an email address/);
    expect((await cli(['account', 'list', '--json'])).out).toBe('{"accounts":[]}\n');
  });

  it('refuses a second account for the same address', async () => {
    expect((await cli(IMAP_ACCOUNT)).code).toBe(0);
    const r = await cli(IMAP_ACCOUNT);
    expect(r.code).toBe(2);
    expect(r.err).toContain('An account for alice@example.test already exists');
  });
});

describe('account list and remove', () => {
  it('lists nothing helpfully, then the accounts, then removes by address and by id', async () => {
    expect((await cli(['account', 'list'])).out).toContain('No accounts yet');
    await cli(IMAP_ACCOUNT);
    await cli(['account', 'add', '--email', 'bob@example.test', '--imap', '127.0.1.1:143', '--direct']);
    const listed = await cli(['account', 'list']);
    expect(listed.out).toContain('alice@example.test');
    expect(listed.out).toContain('IMAP 127.0.1.1:143 (STARTTLS, user bob@example.test); direct to MX');
    const { accounts } = JSON.parse((await cli(['account', 'list', '--json'])).out) as {
      accounts: Account[];
    };
    expect(accounts.map((a) => a.address)).toEqual(['alice@example.test', 'bob@example.test']);

    const byAddress = await cli(['account', 'remove', 'alice@example.test']);
    expect(byAddress.code).toBe(0);
    expect(byAddress.out).toContain(`Removed account ${accounts[0]!.id}`);
    const byId = await cli(['account', 'remove', accounts[1]!.id, '--json']);
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.out)).toMatchObject({ removed: accounts[1]!.id });
    expect(JSON.parse((await cli(['account', 'list', '--json'])).out)).toEqual({ accounts: [] });
  });

  it('removing or testing an unknown account is a not-found failure (exit 1)', async () => {
    for (const argv of [
      ['account', 'remove', 'nobody@example.test'],
      ['account', 'test', 'nobody@example.test'],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(1);
      expect(r.err).toContain('There is no account nobody@example.test');
    }
  });
});

describe('help', () => {
  it('lists the account and autoconfig commands', async () => {
    const r = await cli(['--help']);
    for (const c of ['account add', 'account list', 'account remove', 'account test', 'autoconfig'])
      expect(r.out).toContain(c);
  });
});
