/**
 * "Test connection" for a configured account: log in to the incoming server (IMAP or POP3)
 * and to the submission server, then leave at once. Nothing is read, changed or sent.
 * Each server's outcome is reported on its own, so a person sees which side is wrong.
 */
import { connectImap } from '../imap/connect';
import type { Account, Pop3Auth, SmtpAuth } from '../model/account';
import { MailwrightError, toMailwrightError, type ErrorInfo } from '../model/errors';
import type { LookupFn } from '../net/connection';
import type { AuthMethod } from '../pop3/client';
import { openPop3 } from '../pop3/session';
import type { SaslMechanismName } from '../auth/sasl';
import { SmtpClient } from '../smtp/client';
import { dialByName } from './dial';
import type { ServerRole } from './secrets/secret-store';

export interface ServerCheck {
  role: ServerRole;
  host: string;
  port: number;
  security: 'implicit' | 'starttls' | 'none';
  ok: boolean;
  /** What succeeded, e.g. "logged in as alice@example.test". */
  detail?: string;
  error?: ErrorInfo;
}

/** Where the password for a role comes from: the secret store, or what a person just typed. */
export type PasswordSource = (role: ServerRole) => Promise<string | undefined>;

export interface CheckOptions {
  /** Name → addresses (our resolver); IP hosts need none. */
  lookup: LookupFn;
  /** Connect budget and longest wait for one reply. Default 15 s. */
  timeoutMs?: number;
}

/** The roles whose passwords this account needs: its incoming protocol, and SMTP when it logs in. */
export function passwordRoles(account: Pick<Account, 'incoming' | 'outgoing'>): ServerRole[] {
  const roles: ServerRole[] = [account.incoming.protocol];
  if (account.outgoing.kind === 'submission' && account.outgoing.server.auth !== 'none') roles.push('smtp');
  return roles;
}

const POP3_METHOD: Record<Exclude<Pop3Auth, 'cram-md5'>, AuthMethod> = {
  auto: 'auto',
  'user-pass': 'user',
  apop: 'apop',
  plain: 'sasl-plain',
};

const SMTP_MECHANISM: Record<Exclude<SmtpAuth, 'cram-md5' | 'none'>, SaslMechanismName | undefined> = {
  auto: undefined,
  plain: 'PLAIN',
  login: 'LOGIN',
};

function unsupported(what: string): MailwrightError {
  return new MailwrightError('bad-input', `${what} is not supported yet; set the login method to auto.`, {
    code: 'AUTH_UNSUPPORTED',
  });
}

async function password(source: PasswordSource, role: ServerRole, account: Account): Promise<string> {
  const pw = await source(role);
  if (pw === undefined || pw === '') {
    throw new MailwrightError(
      'auth',
      `No password is known for the ${role.toUpperCase()} server of ${account.address}; enter it to test the login.`,
      { code: 'NO_PASSWORD' },
    );
  }
  return pw;
}

async function checkIncoming(account: Account, source: PasswordSource, o: CheckOptions): Promise<string> {
  const inc = account.incoming;
  const s = inc.server;
  const pw = await password(source, inc.protocol, account);
  const timeouts = { connectTimeoutMs: o.timeoutMs ?? 15_000, idleTimeoutMs: o.timeoutMs ?? 15_000 };
  // What an IMAP and a POP3 login both take, for the address dialByName is trying now.
  const login = (host: string, servername: string | undefined) => ({
    host,
    port: s.port,
    tls: s.security,
    ...(servername === undefined ? {} : { servername }),
    ...(account.extraCaPem === undefined ? {} : { ca: account.extraCaPem }),
    ...timeouts,
    user: s.user,
    password: pw,
    // The person chose 'none' for this server: that is their consent to a plaintext login.
    allowPlaintextAuth: s.security === 'none',
  });
  if (inc.protocol === 'imap') {
    // connectImap picks the strongest mechanism offered; a forced mechanism is not wired yet.
    const client = await dialByName(s.host, o.lookup, (host, servername) =>
      connectImap(login(host, servername)),
    );
    await client.logout();
    return `logged in as ${s.user}`;
  }
  const auth = inc.server.auth;
  if (auth === 'cram-md5') throw unsupported('POP3 CRAM-MD5 login');
  const client = await dialByName(s.host, o.lookup, (host, servername) =>
    openPop3({ ...login(host, servername), auth: POP3_METHOD[auth] }),
  );
  await client.quit();
  return `logged in as ${s.user}`;
}

async function checkSmtp(account: Account, source: PasswordSource, o: CheckOptions): Promise<string> {
  if (account.outgoing.kind !== 'submission') return 'direct delivery to each recipient’s MX';
  const s = account.outgoing.server;
  const auth = s.auth;
  if (auth === 'cram-md5') throw unsupported('SMTP CRAM-MD5 login');
  const credentials =
    auth === 'none' ? undefined : { user: s.user, password: await password(source, 'smtp', account) };
  const mechanism = auth === 'none' ? undefined : SMTP_MECHANISM[auth];
  const client = await dialByName(s.host, o.lookup, (host, servername) =>
    SmtpClient.connect({
      host,
      port: s.port,
      tls: s.security,
      ...(servername === undefined ? {} : { servername }),
      ...(account.extraCaPem === undefined ? {} : { ca: account.extraCaPem }),
      connectTimeoutMs: o.timeoutMs ?? 15_000,
      idleTimeoutMs: o.timeoutMs ?? 15_000,
      ...(credentials === undefined ? {} : { credentials }),
      ...(mechanism === undefined ? {} : { mechanism }),
      allowPlaintextAuth: s.security === 'none',
    }),
  );
  await client.quit();
  return credentials === undefined ? 'connected (no login configured)' : `logged in as ${s.user}`;
}

/** Checks the incoming and the outgoing side in parallel; never throws for a server's failure. */
export async function checkAccount(
  account: Account,
  source: PasswordSource,
  options: CheckOptions,
): Promise<ServerCheck[]> {
  const run = async (
    role: ServerRole,
    where: { host: string; port: number; security: ServerCheck['security'] },
    body: () => Promise<string>,
  ): Promise<ServerCheck> => {
    try {
      return { role, ...where, ok: true, detail: await body() };
    } catch (e) {
      return { role, ...where, ok: false, error: toMailwrightError(e).toJSON() };
    }
  };
  const inc = account.incoming.server;
  const checks = [
    run(account.incoming.protocol, { host: inc.host, port: inc.port, security: inc.security }, () =>
      checkIncoming(account, source, options),
    ),
  ];
  if (account.outgoing.kind === 'submission') {
    const out = account.outgoing.server;
    checks.push(
      run('smtp', { host: out.host, port: out.port, security: out.security }, () =>
        checkSmtp(account, source, options),
      ),
    );
  }
  return Promise.all(checks);
}
