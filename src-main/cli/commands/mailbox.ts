/**
 * `mailwright sync [ACCOUNT]` and `mailwright messages list --account A --folder F`, on the
 * profile in MAILWRIGHT_HOME, through the same mailbox service the desktop app uses.
 * Passwords come from the keychain, or from the variable named by --password-env (never
 * from argv); without either, a sync says which password is missing.
 */
import { passwordRoles } from '../../accounts/check';
import { SessionSecretStore } from '../../accounts/secrets/secret-store';
import { AccountStore } from '../../accounts/settings/store';
import { createMailboxService, type MailboxServiceHandle } from '../../mailbox/mailbox-service';
import { profileHome } from '../../mailbox/profile';
import type { Account, MailAddress, SyncSummary } from '../../model';
import { MailwrightError } from '../../model/errors';
import { printJson, UsageError, type CliIO, type CommandSpec, type ParsedCommand } from '../command';
import { optionalString } from '../flag-values';
import { dnsServerOption, resolverFromDnsFlags } from './autoconfig';

/** The service for this command; with --password-env, the password lives in this process only. */
async function openService(
  cmd: ParsedCommand,
  io: CliIO,
  accounts: readonly Account[],
): Promise<MailboxServiceHandle> {
  const home = profileHome(io.env);
  const variable = optionalString(cmd, 'password-env');
  let secrets: SessionSecretStore | undefined;
  if (variable !== undefined) {
    const password = io.env[variable];
    if (password === undefined || password === '')
      throw new UsageError(`--password-env names ${variable}, which is not set`);
    secrets = new SessionSecretStore();
    for (const a of accounts) for (const role of passwordRoles(a)) await secrets.set(a.id, role, password);
  }
  return createMailboxService({
    home,
    resolver: resolverFromDnsFlags(cmd, io),
    ...(secrets === undefined ? {} : { secrets }),
  });
}

function summaryLine(a: Account | undefined, s: SyncSummary): string {
  const name = a?.address ?? s.accountId;
  // The service's sentence points at the app's account settings; here the flag is the way.
  if (!s.ok && s.error?.code === 'NO_PASSWORD')
    return `${name}: no password is stored for this account; give it with --password-env VAR.\n`;
  if (!s.ok && s.error !== undefined) {
    const words = s.error.serverText === undefined ? '' : ` (server said: ${s.error.serverText})`;
    return `${name}: ${s.error.message}${words}\n`;
  }
  const parts = [`${s.downloaded} new`];
  if (s.deletedOnServer > 0) parts.push(`${s.deletedOnServer} deleted on the server`);
  if (s.sent > 0) parts.push(`${s.sent} sent`);
  return `${name}: ${parts.join(', ')}\n`;
}

export const syncCommand: CommandSpec = {
  path: ['sync'],
  summary: 'Fetch new mail for one account (or all) and send what waits in the outbox',
  usage: 'sync [ID|ADDRESS] [--password-env VAR] [--dns-server IP[:PORT]]... [--json]',
  options: { 'password-env': { type: 'string' }, ...dnsServerOption },
  positionals: { min: 0, max: 1 },
  async run(cmd, io) {
    const store = new AccountStore(profileHome(io.env));
    const wanted = cmd.positionals[0];
    const targets = wanted === undefined ? await store.list() : [await store.find(wanted)];
    if (targets.length === 0) {
      throw new MailwrightError(
        'not-found',
        'There are no accounts in this profile; add one with "mailwright account add".',
      );
    }
    const service = await openService(cmd, io, targets);
    try {
      // Said once, plainly: without a keychain the stored passwords cannot be read.
      if (optionalString(cmd, 'password-env') === undefined && service.keychainProblem !== undefined)
        io.err(`mailwright: sync: ${service.keychainProblem.message}\n`);
      const results: SyncSummary[] = [];
      for (const a of targets) results.push(...(await service.syncNow(a.id)));
      if (cmd.json) printJson(io, { results });
      else
        for (const r of results)
          io.out(
            summaryLine(
              targets.find((a) => a.id === r.accountId),
              r,
            ),
          );
      return results.every((r) => r.ok) ? 0 : 1;
    } finally {
      await service.close();
    }
  },
};

function addressText(list: readonly MailAddress[]): string {
  return list.map((a) => (a.name === null ? a.address : `${a.name} <${a.address}>`)).join(', ');
}

export const messagesListCommand: CommandSpec = {
  path: ['messages', 'list'],
  summary: 'List the messages of one folder (newest first), or those matching --search',
  usage:
    'messages list --account ID|ADDRESS --folder FOLDER [--search TEXT] [--offset N] [--limit N] [--json]',
  options: {
    account: { type: 'string' },
    folder: { type: 'string' },
    search: { type: 'string' },
    offset: { type: 'string' },
    limit: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const wanted = optionalString(cmd, 'account');
    const folder = optionalString(cmd, 'folder');
    if (wanted === undefined) throw new UsageError('--account is required');
    if (folder === undefined || folder === '') throw new UsageError('--folder is required');
    const number = (name: string, fallback: number, max: number): number => {
      const text = optionalString(cmd, name);
      if (text === undefined) return fallback;
      const n = Number(text);
      if (!/^\d+$/.test(text) || n > max)
        throw new UsageError(`--${name} must be a whole number up to ${max}`);
      return n;
    };
    const offset = number('offset', 0, Number.MAX_SAFE_INTEGER);
    const limit = Math.max(1, number('limit', 50, 500));
    const account = await new AccountStore(profileHome(io.env)).find(wanted);
    const service = await openService(cmd, io, [account]);
    try {
      const search = optionalString(cmd, 'search');
      const page = await service.pageMessages({
        accountId: account.id,
        folder,
        offset,
        limit,
        ...(search === undefined ? {} : { search }),
      });
      if (cmd.json) {
        printJson(io, { account: account.id, folder, ...page });
        return 0;
      }
      if (page.messages.length === 0)
        io.out(`No messages in ${folder}${search === undefined ? '' : ` match "${search}"`}.\n`);
      for (const m of page.messages) {
        const mark = `${m.flags.seen ? ' ' : '*'}${m.flags.flagged ? '!' : ' '}`;
        io.out(
          `${mark} ${m.date.slice(0, 16).replace('T', ' ')}  ${addressText(m.from) || '(no sender)'}  ${m.subject || '(no subject)'}\n`,
        );
      }
      if (page.nextOffset !== null)
        io.out(`… ${page.total - page.nextOffset} more: --offset ${page.nextOffset}\n`);
      return 0;
    } finally {
      await service.close();
    }
  },
};

export const mailboxCommands: readonly CommandSpec[] = [syncCommand, messagesListCommand];
