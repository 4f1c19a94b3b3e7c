import { join } from 'node:path';
import { MailwrightError } from '../../model/errors';
import { fetchMail, type FetchMode } from '../../pop3/retrieval/fetch';
import { Ledger, LEDGER_FILE } from '../../pop3/retrieval/ledger';
import { defaultPop3Port, openPop3, type Pop3SessionOptions } from '../../pop3/session';
import type { AuthMethod } from '../../pop3/client';
import { INBOX } from './store-index';
import { INDEX_FILE, MessageIndex } from '../../store/index/message-index';
import { Maildir } from '../../store/maildir/maildir';
import {
  printJson,
  UsageError,
  type CliIO,
  type CommandSpec,
  type OptionSpecs,
  type ParsedCommand,
} from '../command';
import {
  connectionOptions,
  connectionUsage,
  readConnectionFlags,
  requireCredentials,
} from '../connection-flags';

const sessionOptions: OptionSpecs = {
  ...connectionOptions,
  auth: { type: 'string' },
};
const sessionUsage = `${connectionUsage} [--auth auto|sasl-plain|apop|user]`;

function parseAuth(v: unknown): AuthMethod | undefined {
  if (v === undefined) return undefined;
  if (v === 'auto' || v === 'sasl-plain' || v === 'apop' || v === 'user') return v;
  throw new UsageError(`--auth must be auto, sasl-plain, apop or user, not "${String(v)}"`);
}

function sessionFromFlags(cmd: ParsedCommand, io: CliIO): Pop3SessionOptions & { port: number } {
  const flags = readConnectionFlags(cmd, io, 'implicit');
  const { user, password } = requireCredentials(flags);
  const { servername } = flags;
  const auth = parseAuth(cmd.values.auth);
  return {
    host: flags.host,
    port: flags.port ?? defaultPop3Port(flags.tls),
    tls: flags.tls,
    user,
    password,
    allowPlaintextAuth: flags.allowPlaintextAuth,
    ...(flags.ca === undefined ? {} : { ca: flags.ca }),
    ...(servername === undefined ? {} : { servername }),
    ...(auth === undefined ? {} : { auth }),
  };
}

function nonNegative(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v))
    throw new UsageError(`${flag} must be a whole number, not "${String(v)}"`);
  return Number(v);
}

/**
 * The Maildir is the truth and the index only helps search: a broken index must not stop mail
 * from being fetched. It is skipped with a warning, and a rebuild makes it whole again.
 */
function openIndex(dir: string, io: CliIO): MessageIndex | undefined {
  try {
    return MessageIndex.open(join(dir, INDEX_FILE));
  } catch {
    io.err(
      `mailwright: pop3 fetch: the message index cannot be opened, so new mail is not indexed; run "mailwright index rebuild --maildir ${dir}" afterwards\n`,
    );
    return undefined;
  }
}

export const pop3FetchCommand: CommandSpec = {
  path: ['pop3', 'fetch'],
  summary: 'Download new POP3 mail into a Maildir, keeping it on the server or deleting it there',
  usage: `pop3 fetch --mode keep|delete --maildir DIR ${sessionUsage} [--delete-after-days N] [--delete-when-deleted-locally] [--headers-only-over BYTES] [--skip-index] [--json]`,
  options: {
    ...sessionOptions,
    mode: { type: 'string' },
    maildir: { type: 'string' },
    'delete-after-days': { type: 'string' },
    'delete-when-deleted-locally': { type: 'boolean' },
    'headers-only-over': { type: 'string' },
    'skip-index': { type: 'boolean' },
  },
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const mode = cmd.values.mode;
    if (mode !== 'keep' && mode !== 'delete') throw new UsageError('--mode must be keep or delete');
    const dir = cmd.values.maildir;
    if (typeof dir !== 'string' || dir === '') throw new UsageError('--maildir DIR is required');
    const deleteAfterDays = nonNegative(cmd.values['delete-after-days'], '--delete-after-days');
    const headersOnlyOver = nonNegative(cmd.values['headers-only-over'], '--headers-only-over');
    const session = sessionFromFlags(cmd, io);

    const maildir = await Maildir.open(dir);
    // Keyed by user and host, not port or TLS mode: 995 and 110 serve the same mailbox.
    const ledger = Ledger.open(join(dir, LEDGER_FILE), `${session.user}@${session.host}`);
    const index = cmd.values['skip-index'] === true ? undefined : openIndex(dir, io);
    let indexFailures = 0;
    try {
      const client = await openPop3(session);
      const result = await fetchMail(client, {
        mode: mode satisfies FetchMode,
        maildir,
        ledger,
        ...(deleteAfterDays === undefined ? {} : { deleteAfterDays }),
        ...(headersOnlyOver === undefined ? {} : { headersOnlyOver }),
        deleteWhenDeletedLocally: cmd.values['delete-when-deleted-locally'] === true,
        onStored: async (entry, bytes, uid) => {
          // The message is safe in the Maildir already; an index miss is repaired by a rebuild.
          try {
            await index?.add(INBOX, entry, bytes, uid);
          } catch {
            indexFailures += 1;
          }
        },
      });
      if (indexFailures > 0) {
        io.err(
          `mailwright: pop3 fetch: ${indexFailures} stored message(s) could not be indexed; run "mailwright index rebuild --maildir ${dir}"\n`,
        );
      }
      if (result.usedFingerprints) {
        io.err(
          'mailwright: pop3 fetch: the server has no UIDL; messages were told apart by Message-ID, Date and size\n',
        );
      }
      const summary = {
        downloaded: result.downloaded,
        deletedOnServer: result.deletedOnServer,
        alreadyHad: result.alreadyHad,
      };
      if (cmd.json) printJson(io, summary);
      else {
        io.out(
          `Downloaded ${summary.downloaded}, deleted on the server ${summary.deletedOnServer}, already had ${summary.alreadyHad}` +
            `${result.headersOnly > 0 ? ` (${result.headersOnly} as headers only)` : ''}.\n`,
        );
      }
      return 0;
    } finally {
      ledger.close();
      index?.close();
    }
  },
};

export const pop3ListCommand: CommandSpec = {
  path: ['pop3', 'list'],
  summary: 'List the messages on a POP3 server (number, UIDL, size) without changing anything',
  usage: `pop3 list ${sessionUsage} [--json]`,
  options: sessionOptions,
  positionals: { min: 0, max: 0 },
  async run(cmd, io) {
    const client = await openPop3(sessionFromFlags(cmd, io));
    let rows: { n: number; uidl: string | null; size: number }[];
    try {
      const list = await client.list();
      const uidl = await client.uidl();
      const byN = new Map((uidl ?? []).map((u) => [u.n, u.uid]));
      rows = list.map((l) => ({ n: l.n, uidl: byN.get(l.n) ?? null, size: l.size }));
      await client.quit();
    } catch (e) {
      client.abort();
      throw e instanceof MailwrightError
        ? e
        : new MailwrightError(
            'internal',
            'Listing the POP3 mailbox failed unexpectedly; this is a bug in Mailwright.',
            {
              cause: e,
              serverText: String(e),
            },
          );
    }
    if (cmd.json) printJson(io, { messages: rows });
    else {
      for (const r of rows) io.out(`${r.n}\t${r.uidl ?? '-'}\t${r.size}\n`);
      io.out(`${rows.length} message${rows.length === 1 ? '' : 's'} on the server.\n`);
    }
    return 0;
  },
};
