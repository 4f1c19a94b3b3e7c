/**
 * `mailwright account ...` and `mailwright autoconfig` against the real servers: the test
 * DNS through Unbound (127.0.53.53), Dovecot and Postfix on 127.0.1.1.
 *
 * The keychain: run plainly there is no D-Bus session, so `account add` must say the
 * password was not stored and `account test` takes it from --password-env. Run under
 * `bash e2e/support/with-keyring.sh npx vitest run --project integration <this file>`, the
 * password goes to the throwaway keyring and `account test` finds it there. Either way no
 * file under the profile may contain the password.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnv } from '../../../e2e/servers/env';
import { KeychainSecretStore } from '../../accounts/secrets/keychain';
import type { Account } from '../../model/account';
import { runCli } from '../main';

const env = serverEnv();
const hasBus = (process.env.DBUS_SESSION_BUS_ADDRESS ?? '') !== '';
const dns = `${env.dns.recursive}:${env.dns.port}`;

let home: string;
let caFile: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'mw-account-int-'));
  caFile = join(await mkdtemp(join(tmpdir(), 'mw-account-ca-')), 'ca.pem');
  await writeFile(caFile, env.caPem);
});
afterAll(async () => {
  // Leave no keychain entries behind in a keyring session.
  for (const a of await listAccounts()) await cli(['account', 'remove', a.id]);
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

async function listAccounts(): Promise<Account[]> {
  return (JSON.parse((await cli(['account', 'list', '--json'])).out) as { accounts: Account[] }).accounts;
}

/** Every regular file under `dir`, recursively (bounded: a profile holds a handful). */
async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name));
  }
  return out;
}

const alicePw = env.users.alice.password;

describe('mailwright autoconfig', () => {
  it('example.test --json: IMAPS 993 from the SRV record first, each candidate with its reason', async () => {
    const r = await cli(['autoconfig', 'alice@example.test', '--dns-server', dns, '--ca', caFile, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      found: boolean;
      incoming: Record<string, unknown>;
      outgoing: Record<string, unknown>;
      candidates: Array<Record<string, unknown>>;
    };
    expect(json.found).toBe(true);
    expect(json.candidates[0]).toMatchObject({
      protocol: 'imap',
      host: 'imap.example.test',
      port: 993,
      security: 'implicit',
      reason: 'from SRV record _imaps._tcp.example.test',
      status: 'ok',
    });
    expect(json.outgoing).toMatchObject({
      protocol: 'smtp',
      host: 'smtp.example.test',
      port: 465,
      security: 'implicit',
    });
    for (const c of json.candidates)
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['protocol', 'host', 'port', 'security', 'reason']),
      );
  });

  it('nomx.test: prints what was tried, then a clear "nothing found" (exit 1)', async () => {
    const r = await cli(['autoconfig', 'x@nomx.test', '--dns-server', dns, '--ca', caFile]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('conventional name imap.nomx.test');
    expect(r.err).toBe(
      'mailwright: autoconfig: No incoming (IMAP or POP3) or outgoing (SMTP) server was found for nomx.test among 12 candidates from SRV records, MX and conventional names; enter the servers by hand.\n',
    );
  });

  it('nomx.test --json still prints the machine-readable result', async () => {
    const r = await cli(['autoconfig', 'x@nomx.test', '--dns-server', dns, '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { found: boolean; incoming: null; candidates: unknown[] };
    expect(json).toMatchObject({ found: false, incoming: null, outgoing: null });
    expect(json.candidates).toHaveLength(12);
  });
});

describe('mailwright account (real servers)', () => {
  it('add autoconfigures alice@example.test, keeps the password out of every profile file, and test logs in', async () => {
    const r = await cli(
      [
        'account',
        'add',
        '--email',
        'alice@example.test',
        '--name',
        'Alice',
        '--password-env',
        'MW_PW',
        '--dns-server',
        dns,
        '--ca',
        caFile,
        '--json',
      ],
      { MW_PW: alicePw },
    );
    expect(r.code).toBe(0);
    const added = JSON.parse(r.out) as {
      account: Account;
      passwordStored: boolean;
      keychainProblem?: { kind: string };
    };
    expect(added.account.incoming).toMatchObject({
      protocol: 'imap',
      server: { host: 'imap.example.test', port: 993, security: 'implicit' },
    });
    expect(added.account.outgoing).toMatchObject({
      kind: 'submission',
      server: { host: 'smtp.example.test', port: 465 },
    });
    expect(added.account.extraCaPem).toBe(env.caPem);
    if (hasBus) {
      expect(added.passwordStored).toBe(true);
    } else {
      expect(added.passwordStored).toBe(false);
      expect(added.keychainProblem).toMatchObject({ kind: 'keychain' });
      expect(r.err).toContain('No system keychain is available');
    }

    // The password must not be anywhere under the profile, in plain or base64 form.
    const files = await allFiles(home);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = await readFile(f);
      expect(bytes.includes(alicePw), f).toBe(false);
      expect(bytes.includes(Buffer.from(alicePw).toString('base64')), f).toBe(false);
    }
    expect(r.out).not.toContain(alicePw);
    expect(r.err).not.toContain(alicePw);

    // With the password given for this run: both servers log in (names resolved through Unbound).
    const t = await cli(
      ['account', 'test', 'alice@example.test', '--password-env', 'MW_PW', '--dns-server', dns],
      {
        MW_PW: alicePw,
      },
    );
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    expect(t.out).toContain('IMAP imap.example.test:993 (implicit TLS): ok, logged in as alice@example.test');
    expect(t.out).toContain('SMTP smtp.example.test:465 (implicit TLS): ok, logged in as alice@example.test');

    // Without it: from the keychain when there is one, else a clear keychain failure.
    const k = await cli(['account', 'test', added.account.id, '--dns-server', dns, '--json']);
    const checks = (JSON.parse(k.out) as { checks: Array<{ ok: boolean; error?: { kind: string } }> }).checks;
    if (hasBus) {
      expect(k.code).toBe(0);
      expect(checks.every((c) => c.ok)).toBe(true);
    } else {
      expect(k.code).toBe(1);
      expect(checks.map((c) => c.error?.kind)).toEqual(['keychain', 'keychain']);
    }
  });

  it('test with a wrong password fails per server with the auth kind and the server’s words (exit 1)', async () => {
    const r = await cli(
      ['account', 'test', 'alice@example.test', '--password-env', 'MW_PW', '--dns-server', dns, '--json'],
      {
        MW_PW: 'definitely-wrong',
      },
    );
    expect(r.code).toBe(1);
    const { checks } = JSON.parse(r.out) as {
      checks: Array<{ role: string; ok: boolean; error?: { kind: string; serverText?: string } }>;
    };
    expect(checks.map((c) => [c.role, c.ok, c.error?.kind])).toEqual([
      ['imap', false, 'auth'],
      ['smtp', false, 'auth'],
    ]);
    expect(checks[0]!.error?.serverText).toBeDefined();
    expect(r.err).toContain('The IMAP and SMTP check failed for alice@example.test');
  });

  it('a POP3 account given by IP (STARTTLS on 110) with direct delivery tests its login only', async () => {
    const pop1 = env.users.pop1;
    const add = await cli([
      'account',
      'add',
      '--email',
      'pop1@example.test',
      '--user',
      pop1.user,
      '--pop3',
      `${env.mail.host}:110`,
      '--direct',
      '--ca',
      caFile,
    ]);
    expect(add.code).toBe(0);
    const r = await cli(['account', 'test', 'pop1@example.test', '--password-env', 'MW_PW'], {
      MW_PW: pop1.password,
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`POP3 ${env.mail.host}:110 (STARTTLS): ok, logged in as ${pop1.user}`);
    expect(r.out).not.toContain('SMTP');
  });

  it('remove takes the account out of the profile and its passwords out of the keychain', async () => {
    const alice = (await listAccounts()).find((a) => a.address === 'alice@example.test')!;
    expect(alice).toBeDefined();
    const keychain = new KeychainSecretStore();
    if (hasBus) {
      expect(await keychain.get(alice.id, 'imap')).toBe(alicePw);
      expect(await keychain.get(alice.id, 'smtp')).toBe(alicePw);
    }
    const r = await cli(['account', 'remove', 'alice@example.test']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Removed account ${alice.id}: alice@example.test\n`);
    expect((await listAccounts()).some((a) => a.id === alice.id)).toBe(false);
    if (hasBus) {
      expect(r.err).toBe('');
      expect(await keychain.get(alice.id, 'imap')).toBeUndefined();
      expect(await keychain.get(alice.id, 'smtp')).toBeUndefined();
    } else {
      expect(r.err).toContain('No system keychain is available');
    }
  });

  it('add without server flags for nomx.test fails clearly and adds nothing', async () => {
    const before = await listAccounts();
    const r = await cli(['account', 'add', '--email', 'x@nomx.test', '--dns-server', dns]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('No incoming (IMAP or POP3) server was found for nomx.test');
    expect(r.err).toContain('--imap HOST[:PORT] or --pop3 HOST[:PORT]');
    expect(await listAccounts()).toEqual(before);
  });
});
