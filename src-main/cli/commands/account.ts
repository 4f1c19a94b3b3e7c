/**
 * `mailwright account add|list|remove|test`, on the profile in MAILWRIGHT_HOME.
 *
 * Settings go to the profile's settings.json; a password (read from the variable named by
 * --password-env, never from argv) goes only to the OS keychain. Without a keychain the
 * account is still added and the CLI says plainly that the password was not stored.
 */
import {
  completeFromAutoconfig,
  parseHostPort,
  settingsFromDraft,
  type AccountDraft,
} from '../../accounts/build';
import { autoconfigure } from '../../accounts/autoconfig/autoconfig';
import { checkAccount, passwordRoles, type ServerCheck } from '../../accounts/check';
import { lookupThrough } from '../../accounts/dial';
import { KeychainSecretStore } from '../../accounts/secrets/keychain';
import { AccountStore } from '../../accounts/settings/store';
import { profileHome } from '../../mailbox/profile';
import type { Account, Security, ServerSettings } from '../../model/account';
import { isMailwrightError, MailwrightError, type ErrorInfo } from '../../model/errors';
import { printJson, UsageError, type CliIO, type CommandSpec, type ParsedCommand } from '../command';
import { optionalString } from '../flag-values';
import { autoconfigJson, dnsServerOption, readCaFlag, resolverFromDnsFlags } from './autoconfig';

function store(io: CliIO): AccountStore {
  return new AccountStore(profileHome(io.env));
}

function tlsFlag(cmd: ParsedCommand, name: string): Security | undefined {
  const v = optionalString(cmd, name);
  if (v === undefined) return undefined;
  if (v === 'implicit' || v === 'starttls' || v === 'none') return v;
  throw new UsageError(`--${name} must be implicit, starttls or none, not "${v}"`);
}

function server(cmd: ParsedCommand, flag: string): { host: string; port: number | undefined } | undefined {
  const v = optionalString(cmd, flag);
  if (v === undefined) return undefined;
  try {
    return parseHostPort(v);
  } catch (e) {
    throw new UsageError(`--${flag}: ${isMailwrightError(e) ? e.message : String(e)}`);
  }
}

/** The password from --password-env VAR, read from the environment only. */
function passwordFromEnv(cmd: ParsedCommand, io: CliIO): string | undefined {
  const name = optionalString(cmd, 'password-env');
  if (name === undefined) return undefined;
  const value = io.env[name];
  if (value === undefined || value === '')
    throw new UsageError(`--password-env names ${name}, which is not set`);
  return value;
}

const SECURITY_TEXT: Record<Security, string> = {
  implicit: 'implicit TLS',
  starttls: 'STARTTLS',
  none: 'no TLS',
};

function serverText(label: string, s: ServerSettings<string>): string {
  return `${label} ${s.host}:${s.port} (${SECURITY_TEXT[s.security]}, user ${s.user})`;
}

function describeAccount(a: Account): string {
  const incoming = serverText(a.incoming.protocol.toUpperCase(), a.incoming.server);
  const mode = a.incoming.protocol === 'pop3' ? `, ${a.incoming.pop3.mode} mail on the server` : '';
  const outgoing = a.outgoing.kind === 'direct' ? 'direct to MX' : serverText('SMTP', a.outgoing.server);
  return `${incoming}${mode}; ${outgoing}`;
}

/** The draft the flags describe; `incoming`/`outgoing` stay undefined when not given. */
function draftFromFlags(
  cmd: ParsedCommand,
): Omit<AccountDraft, 'incoming' | 'outgoing'> & Partial<Pick<AccountDraft, 'incoming' | 'outgoing'>> {
  const address = optionalString(cmd, 'email');
  if (address === undefined) throw new UsageError('--email is required');
  const imap = server(cmd, 'imap');
  const pop3 = server(cmd, 'pop3');
  const smtp = server(cmd, 'smtp');
  const direct = cmd.values.direct === true;
  if (imap !== undefined && pop3 !== undefined)
    throw new UsageError('--imap and --pop3 exclude each other: pick one');
  if (smtp !== undefined && direct) throw new UsageError('--smtp and --direct exclude each other: pick one');
  for (const [flag, needs, given] of [
    ['imap-tls', 'imap', imap],
    ['pop3-tls', 'pop3', pop3],
    ['pop3-mode', 'pop3', pop3],
    ['smtp-tls', 'smtp', smtp],
  ] as const) {
    if (optionalString(cmd, flag) !== undefined && given === undefined)
      throw new UsageError(`--${flag} needs --${needs}`);
  }
  const mode = optionalString(cmd, 'pop3-mode');
  if (mode !== undefined && mode !== 'keep' && mode !== 'delete')
    throw new UsageError(`--pop3-mode must be keep or delete, not "${mode}"`);
  const ca = readCaFlag(cmd);
  return {
    address,
    displayName: optionalString(cmd, 'name'),
    user: optionalString(cmd, 'user'),
    extraCaPem: ca,
    ...(imap !== undefined
      ? { incoming: { protocol: 'imap' as const, ...imap, security: tlsFlag(cmd, 'imap-tls') } }
      : {}),
    ...(pop3 !== undefined
      ? { incoming: { protocol: 'pop3' as const, ...pop3, security: tlsFlag(cmd, 'pop3-tls'), mode } }
      : {}),
    ...(smtp !== undefined
      ? { outgoing: { kind: 'submission' as const, ...smtp, security: tlsFlag(cmd, 'smtp-tls') } }
      : {}),
    ...(direct ? { outgoing: { kind: 'direct' as const } } : {}),
  };
}

export const accountAddCommand: CommandSpec = {
  path: ['account', 'add'],
  summary:
    'Add an account (autoconfigured from the address unless servers are given); the password goes to the keychain',
  usage:
    'account add --email ADDR [--name NAME] [--user USER] [--imap HOST[:PORT] [--imap-tls implicit|starttls|none] | --pop3 HOST[:PORT] [--pop3-tls ...] [--pop3-mode keep|delete]] [--smtp HOST[:PORT] [--smtp-tls ...] | --direct] [--password-env VAR] [--ca FILE] [--dns-server IP[:PORT]] [--json]',
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    user: { type: 'string' },
    imap: { type: 'string' },
    'imap-tls': { type: 'string' },
    pop3: { type: 'string' },
    'pop3-tls': { type: 'string' },
    'pop3-mode': { type: 'string' },
    smtp: { type: 'string' },
    'smtp-tls': { type: 'string' },
    direct: { type: 'boolean' },
    'password-env': { type: 'string' },
    ca: { type: 'string' },
    ...dnsServerOption,
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const partial = draftFromFlags(cmd);
    const password = passwordFromEnv(cmd, io);
    let draft: AccountDraft;
    let autoconfig: ReturnType<typeof autoconfigJson> | undefined;
    if (partial.incoming !== undefined && partial.outgoing !== undefined) {
      draft = { ...partial, incoming: partial.incoming, outgoing: partial.outgoing };
    } else {
      const result = await autoconfigure(partial.address, {
        resolver: resolverFromDnsFlags(cmd, io),
        ...(partial.extraCaPem === undefined ? {} : { ca: partial.extraCaPem }),
      });
      autoconfig = autoconfigJson(result);
      draft = completeFromAutoconfig(partial, result, {
        incoming: 'give it with --imap HOST[:PORT] or --pop3 HOST[:PORT]',
        outgoing: 'give it with --smtp HOST[:PORT] or --direct',
      });
    }
    const account = await store(io).add(settingsFromDraft(draft));

    let stored = false;
    let keychainProblem: ErrorInfo | undefined;
    if (password !== undefined) {
      const keychain = new KeychainSecretStore();
      try {
        for (const role of passwordRoles(account)) await keychain.set(account.id, role, password);
        stored = true;
      } catch (e) {
        if (!isMailwrightError(e) || e.kind !== 'keychain') throw e;
        keychainProblem = e.toJSON();
      }
    }

    if (cmd.json) {
      printJson(io, {
        account,
        passwordStored: stored,
        ...(keychainProblem === undefined ? {} : { keychainProblem }),
        ...(autoconfig === undefined ? {} : { autoconfig }),
      });
    } else {
      io.out(`Added account ${account.id}: ${account.address}\n  ${describeAccount(account)}\n`);
      if (autoconfig !== undefined) {
        const inc = autoconfig.incoming;
        const out = autoconfig.outgoing;
        if (inc !== null && partial.incoming === undefined) io.out(`  incoming server: ${inc.reason}\n`);
        if (out !== null && partial.outgoing === undefined) io.out(`  outgoing server: ${out.reason}\n`);
      }
      if (stored) io.out('The password is stored in the system keychain.\n');
    }
    if (keychainProblem !== undefined) {
      io.err(
        `mailwright: account add: ${keychainProblem.message} The password was not stored; give it again with --password-env when you test or use the account.\n`,
      );
    }
    return 0;
  },
};

export const accountListCommand: CommandSpec = {
  path: ['account', 'list'],
  summary: 'List the accounts of the profile',
  usage: 'account list [--json]',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const accounts = await store(io).list();
    if (cmd.json) {
      printJson(io, { accounts });
      return 0;
    }
    if (accounts.length === 0) {
      io.out('No accounts yet; add one with "mailwright account add --email ADDRESS".\n');
      return 0;
    }
    for (const a of accounts) {
      const name = a.displayName === '' ? '' : ` (${a.displayName})`;
      io.out(`${a.id}  ${a.address}${name}\n  ${describeAccount(a)}\n`);
    }
    return 0;
  },
};

export const accountRemoveCommand: CommandSpec = {
  path: ['account', 'remove'],
  summary: 'Remove an account (by id or address) and its passwords from the keychain',
  usage: 'account remove ID|ADDRESS [--json]',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(cmd, io) {
    const accounts = store(io);
    const account = await accounts.find(cmd.positionals[0]!);
    await accounts.remove(account.id);
    let keychainProblem: ErrorInfo | undefined;
    try {
      await new KeychainSecretStore().delete(account.id);
    } catch (e) {
      if (!isMailwrightError(e) || e.kind !== 'keychain') throw e;
      keychainProblem = e.toJSON();
    }
    if (cmd.json)
      printJson(io, { removed: account.id, ...(keychainProblem === undefined ? {} : { keychainProblem }) });
    else io.out(`Removed account ${account.id}: ${account.address}\n`);
    if (keychainProblem !== undefined)
      io.err(
        `mailwright: account remove: ${keychainProblem.message} Its passwords, if any were stored, stay there.\n`,
      );
    return 0;
  },
};

function checkLine(c: ServerCheck): string {
  const what = `${c.role.toUpperCase()} ${c.host}:${c.port} (${SECURITY_TEXT[c.security]})`;
  if (c.ok) return `  ${what}: ok, ${c.detail ?? 'connected'}\n`;
  const server = c.error?.serverText === undefined ? '' : ` (server said: ${c.error.serverText})`;
  return `  ${what}: failed: ${c.error?.message ?? 'unknown error'}${server}\n`;
}

export const accountTestCommand: CommandSpec = {
  path: ['account', 'test'],
  summary: 'Log in to the account’s incoming and outgoing servers and leave (nothing is read or sent)',
  usage: 'account test ID|ADDRESS [--password-env VAR] [--dns-server IP[:PORT]]... [--json]',
  options: { 'password-env': { type: 'string' }, ...dnsServerOption },
  positionals: { min: 1, max: 1 },
  async run(cmd, io) {
    const account = await store(io).find(cmd.positionals[0]!);
    const given = passwordFromEnv(cmd, io);
    const keychain = new KeychainSecretStore();
    const checks = await checkAccount(
      account,
      (role) => (given !== undefined ? Promise.resolve(given) : keychain.get(account.id, role)),
      { lookup: lookupThrough(resolverFromDnsFlags(cmd, io)) },
    );
    if (cmd.json) printJson(io, { account: account.id, address: account.address, checks });
    else {
      io.out(`Testing ${account.address} (${account.id}):\n`);
      for (const c of checks) io.out(checkLine(c));
    }
    const failed = checks.filter((c) => !c.ok);
    if (failed.length === 0) return 0;
    throw new MailwrightError(
      // An unsupported login method is the account's settings, not the command line: exit 1.
      failed[0]!.error?.kind === 'bad-input' ? 'auth' : (failed[0]!.error?.kind ?? 'internal'),
      `The ${failed.map((c) => c.role.toUpperCase()).join(' and ')} check failed for ${account.address}; see the lines above.`,
      { code: 'ACCOUNT_TEST_FAILED' },
    );
  },
};

export const accountCommands: readonly CommandSpec[] = [
  accountAddCommand,
  accountListCommand,
  accountRemoveCommand,
  accountTestCommand,
];
