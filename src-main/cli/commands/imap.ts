/**
 * `mailwright imap ...`: folders, list, fetch, create/rename/delete/subscribe/unsubscribe,
 * move, flag, append — each opens one session, does one thing, and logs out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ImapClient } from '../../imap/client';
import { append } from '../../imap/commands/append';
import { uidMove } from '../../imap/commands/copy-move';
import { uidFetch } from '../../imap/commands/fetch';
import {
  createMailbox,
  deleteMailbox,
  renameMailbox,
  subscribe,
  unsubscribe,
} from '../../imap/commands/mailboxes';
import { uidSearch } from '../../imap/commands/search';
import { select } from '../../imap/commands/select';
import { uidStore } from '../../imap/commands/store';
import { connectImap, type ImapConnectOptions } from '../../imap/connect';
import { decodeEncodedWords, formatAddress, messageDate } from '../../imap/display';
import { listFolders } from '../../imap/folders';
import { raw, sequenceSet } from '../../imap/serialize';
import { MailwrightError } from '../../model/errors';
import { printJson, UsageError, type CliIO, type CommandSpec, type ParsedCommand } from '../command';
import { requiredString, strings } from '../flag-values';
import {
  connectionOptions,
  connectionUsage,
  readConnectionFlags,
  requireCredentials,
} from '../connection-flags';

/** connectImap's options from the shared connection flags (implicit TLS unless --tls says otherwise). */
export function imapLoginFromFlags(cmd: ParsedCommand, io: CliIO): ImapConnectOptions & { user: string } {
  const flags = readConnectionFlags(cmd, io, 'implicit');
  const { user, password } = requireCredentials(flags);
  const { servername } = flags;
  return {
    host: flags.host,
    tls: flags.tls,
    user,
    password,
    allowPlaintextAuth: flags.allowPlaintextAuth,
    ...(flags.port === undefined ? {} : { port: flags.port }),
    ...(flags.ca === undefined ? {} : { ca: flags.ca }),
    ...(servername === undefined ? {} : { servername }),
  };
}

async function withSession<T>(
  cmd: ParsedCommand,
  io: CliIO,
  work: (client: ImapClient) => Promise<T>,
): Promise<T> {
  const client = await connectImap(imapLoginFromFlags(cmd, io));
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/** `--uid 5`, `--uid 1:10,12`: a UID set of numbers and ranges (no `*`). */
function uidSet(cmd: ParsedCommand): string {
  const v = requiredString(cmd, 'uid');
  if (!/^\d+(:\d+)?(,\d+(:\d+)?)*$/.test(v) || /(^|[,:])0+(?=$|[,:])/.test(v)) {
    throw new UsageError(`--uid must be a UID or a set such as 1:10,12, not "${v}"`);
  }
  return v;
}

export const imapFoldersCommand: CommandSpec = {
  path: ['imap', 'folders'],
  summary: 'List the IMAP folder tree with special-use roles, subscriptions and counts',
  usage: `imap folders ${connectionUsage} [--json]`,
  options: connectionOptions,
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const folders = await withSession(cmd, io, (c) => listFolders(c));
    const rows = folders.map((f) => ({
      path: f.path,
      name: f.name,
      delimiter: f.delimiter,
      flags: f.flags,
      specialUse: f.specialUse,
      subscribed: f.subscribed,
      messages: f.messages,
      unseen: f.unseen,
    }));
    if (cmd.json) printJson(io, rows);
    else {
      for (const f of rows) {
        const role = f.specialUse === null ? '' : ` ${f.specialUse}`;
        io.out(
          `${f.path}${role}  ${f.messages ?? '-'} messages, ${f.unseen ?? '-'} unseen${f.subscribed ? '' : ' (unsubscribed)'}\n`,
        );
      }
    }
    return 0;
  },
};

export const imapListCommand: CommandSpec = {
  path: ['imap', 'list'],
  summary: 'List the messages of an IMAP folder, newest first',
  usage: `imap list --folder PATH [--limit N] ${connectionUsage} [--json]`,
  options: { ...connectionOptions, folder: { type: 'string' }, limit: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const folder = requiredString(cmd, 'folder');
    const limitText = cmd.values.limit;
    if (limitText !== undefined && (typeof limitText !== 'string' || !/^[1-9]\d{0,8}$/.test(limitText))) {
      throw new UsageError(`--limit must be a positive whole number, not "${String(limitText)}"`);
    }
    const limit = limitText === undefined ? undefined : Number(limitText);
    const rows = await withSession(cmd, io, async (c) => {
      const box = await select(c, folder, { readOnly: true });
      if (box.exists === 0) return [];
      let set = '1:*';
      if (limit !== undefined && limit < box.exists) {
        const uids = await uidSearch(c, [raw('ALL')]);
        set = sequenceSet(uids.slice(-limit));
      }
      const messages = await uidFetch(c, set, ['UID', 'FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE']);
      messages.sort((a, b) => b.uid - a.uid);
      return (limit === undefined ? messages : messages.slice(0, limit)).map((m) => {
        const env = m.attributes.envelope;
        return {
          uid: m.uid,
          flags: m.attributes.flags ?? [],
          date: messageDate(env?.date ?? null, m.attributes.internalDate),
          from: (env?.from ?? []).map(formatAddress).join(', '),
          subject: env?.subject === null || env?.subject === undefined ? '' : decodeEncodedWords(env.subject),
          size: m.attributes.rfc822Size ?? null,
        };
      });
    });
    if (cmd.json) printJson(io, rows);
    else
      for (const r of rows) io.out(`${r.uid}\t${r.date ?? ''}\t${r.from}\t${r.subject}\t${r.size ?? ''}\n`);
    return 0;
  },
};

export const imapFetchCommand: CommandSpec = {
  path: ['imap', 'fetch'],
  summary: 'Write one message, byte for byte, to stdout (or --output FILE)',
  usage: `imap fetch --folder PATH --uid N [--output FILE] ${connectionUsage}`,
  options: {
    ...connectionOptions,
    folder: { type: 'string' },
    uid: { type: 'string' },
    output: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const folder = requiredString(cmd, 'folder');
    const uid = uidSet(cmd);
    if (!/^\d+$/.test(uid)) throw new UsageError('--uid must be a single UID for imap fetch');
    const data = await withSession(cmd, io, async (c) => {
      await select(c, folder, { readOnly: true });
      const [message] = await uidFetch(c, uid, ['BODY.PEEK[]']);
      const section = message?.attributes.sections?.find((s) => s.section === '');
      if (section?.data === undefined || section.data === null) {
        throw new MailwrightError(
          'not-found',
          `There is no message with UID ${uid} in ${folder}; list the folder to see its UIDs.`,
        );
      }
      return section.data;
    });
    const output = cmd.values.output;
    if (typeof output === 'string') writeFileSync(output, data);
    else if (io.outBytes !== undefined) io.outBytes(data);
    else io.out(data.toString('utf8'));
    return 0;
  },
};

function folderCommand(
  word: 'create' | 'delete' | 'subscribe' | 'unsubscribe',
  summary: string,
  action: (c: ImapClient, name: string) => Promise<void>,
): CommandSpec {
  return {
    path: ['imap', word],
    summary,
    usage: `imap ${word} PATH ${connectionUsage} [--json]`,
    options: connectionOptions,
    positionals: { min: 1, max: 1 },
    async run(cmd, io) {
      const name = cmd.positionals[0]!;
      await withSession(cmd, io, (c) => action(c, name));
      if (cmd.json)
        printJson(io, { ok: true, [word === 'create' || word === 'delete' ? 'path' : 'folder']: name });
      else io.out(`${word}: ${name}\n`);
      return 0;
    },
  };
}

export const imapCreateCommand = folderCommand(
  'create',
  'Create an IMAP folder (path with the server delimiter)',
  createMailbox,
);
export const imapDeleteCommand = folderCommand('delete', 'Delete an IMAP folder', deleteMailbox);
export const imapSubscribeCommand = folderCommand('subscribe', 'Subscribe to an IMAP folder', subscribe);
export const imapUnsubscribeCommand = folderCommand(
  'unsubscribe',
  'Unsubscribe from an IMAP folder',
  unsubscribe,
);

export const imapRenameCommand: CommandSpec = {
  path: ['imap', 'rename'],
  summary: 'Rename (or move) an IMAP folder',
  usage: `imap rename FROM TO ${connectionUsage} [--json]`,
  options: connectionOptions,
  positionals: { min: 2, max: 2 },
  async run(cmd, io) {
    const [from, to] = cmd.positionals as [string, string];
    await withSession(cmd, io, (c) => renameMailbox(c, from, to));
    if (cmd.json) printJson(io, { ok: true, from, to });
    else io.out(`renamed: ${from} -> ${to}\n`);
    return 0;
  },
};

export const imapMoveCommand: CommandSpec = {
  path: ['imap', 'move'],
  summary: 'Move messages (by UID) to another IMAP folder',
  usage: `imap move --folder PATH --uid SET --to PATH ${connectionUsage} [--json]`,
  options: {
    ...connectionOptions,
    folder: { type: 'string' },
    uid: { type: 'string' },
    to: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const folder = requiredString(cmd, 'folder');
    const to = requiredString(cmd, 'to');
    const uids = uidSet(cmd);
    const result = await withSession(cmd, io, async (c) => {
      await select(c, folder);
      return uidMove(c, uids, to);
    });
    if (cmd.json) printJson(io, { ok: true, ...result });
    else
      io.out(
        `moved ${uids} to ${to}${result.destinationUids === null ? '' : ` (new UIDs ${result.destinationUids})`}\n`,
      );
    return 0;
  },
};

export const imapFlagCommand: CommandSpec = {
  path: ['imap', 'flag'],
  summary: 'Add or remove flags (\\Seen, \\Flagged, keywords ...) on messages by UID',
  usage: `imap flag --folder PATH --uid SET [--add FLAG]... [--remove FLAG]... ${connectionUsage} [--json]`,
  options: {
    ...connectionOptions,
    folder: { type: 'string' },
    uid: { type: 'string' },
    add: { type: 'string', multiple: true },
    remove: { type: 'string', multiple: true },
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const folder = requiredString(cmd, 'folder');
    const uids = uidSet(cmd);
    const add = strings(cmd.values.add);
    const remove = strings(cmd.values.remove);
    if (add.length === 0 && remove.length === 0)
      throw new UsageError('give at least one --add FLAG or --remove FLAG');
    const flags = await withSession(cmd, io, async (c) => {
      await select(c, folder);
      if (add.length > 0) await uidStore(c, uids, 'add', add);
      if (remove.length > 0) await uidStore(c, uids, 'remove', remove);
      const after = await uidFetch(c, uids, ['FLAGS']);
      return after.map((m) => ({ uid: m.uid, flags: m.attributes.flags ?? [] }));
    });
    if (cmd.json) printJson(io, flags);
    else for (const f of flags) io.out(`${f.uid}\t${f.flags.join(' ')}\n`);
    return 0;
  },
};

export const imapAppendCommand: CommandSpec = {
  path: ['imap', 'append'],
  summary: 'Append a message file to an IMAP folder',
  usage: `imap append --folder PATH --file FILE [--flag FLAG]... ${connectionUsage} [--json]`,
  options: {
    ...connectionOptions,
    folder: { type: 'string' },
    file: { type: 'string' },
    flag: { type: 'string', multiple: true },
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const folder = requiredString(cmd, 'folder');
    const file = requiredString(cmd, 'file');
    let message: Buffer;
    try {
      message = readFileSync(file);
    } catch (e) {
      throw new UsageError(
        `--file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
      );
    }
    const flags = strings(cmd.values.flag);
    const result = await withSession(cmd, io, (c) => append(c, folder, message, { flags }));
    if (cmd.json) printJson(io, { ok: true, ...result });
    else io.out(`appended to ${folder}${result.uid === null ? '' : ` as UID ${result.uid}`}\n`);
    return 0;
  },
};

export const imapCommands: readonly CommandSpec[] = [
  imapFoldersCommand,
  imapListCommand,
  imapFetchCommand,
  imapCreateCommand,
  imapRenameCommand,
  imapDeleteCommand,
  imapSubscribeCommand,
  imapUnsubscribeCommand,
  imapMoveCommand,
  imapFlagCommand,
  imapAppendCommand,
];
