/**
 * The IMAP side of an account, over imap/sync (the offline cache and its engine): the
 * SyncContext for an account (a session opened with the account's settings and the
 * keychain's password, redacted transcript into the protocol log), and the inbox watcher
 * (IDLE on its own connection, NOOP polling where IDLE is missing) that asks for an
 * INBOX sync when the server reports a change.
 */
import { dialByName } from '../accounts/dial';
import { connectImap } from '../imap/connect';
import { select } from '../imap/commands/select';
import { watch, type Watcher } from '../imap/commands/watch';
import type { ImapClient } from '../imap/client';
import { SYNC_EXTENSIONS, SyncStore, type SyncContext } from '../imap/sync';
import type { Account } from '../model';
import { MailwrightError } from '../model/errors';
import type { LookupFn, TranscriptSink } from '../net/types';
import { imapDir } from './layout';

export interface ImapConnectDeps {
  account: () => Account;
  password: () => Promise<string>;
  lookup: LookupFn;
  transcript?: TranscriptSink;
  timeoutMs?: number;
}

export function openImapSession(d: ImapConnectDeps, enable: string[] = SYNC_EXTENSIONS): Promise<ImapClient> {
  const account = d.account();
  if (account.incoming.protocol !== 'imap') {
    return Promise.reject(new MailwrightError('internal', 'An IMAP session was asked for a POP3 account.'));
  }
  const s = account.incoming.server;
  return d.password().then((password) =>
    dialByName(s.host, d.lookup, (host, servername) =>
      connectImap({
        host,
        port: s.port,
        tls: s.security,
        ...(servername === undefined ? {} : { servername }),
        ...(account.extraCaPem === undefined ? {} : { ca: account.extraCaPem }),
        user: s.user,
        password,
        allowPlaintextAuth: s.security === 'none',
        enable,
        connectTimeoutMs: d.timeoutMs ?? 15_000,
        idleTimeoutMs: d.timeoutMs ?? 60_000,
        ...(d.transcript === undefined ? {} : { transcript: d.transcript }),
      }),
    ),
  );
}

export function imapContext(home: string, d: ImapConnectDeps): SyncContext {
  const account = d.account();
  return {
    accountId: account.id,
    store: SyncStore.open(imapDir(home, account.id)),
    connect: () => openImapSession(d),
  };
}

/** Responses that mean the inbox changed (new mail, expunges, flag changes by another client). */
const CHANGES = new Set(['exists', 'expunge', 'fetch', 'vanished']);

export interface InboxWatch {
  stop(): Promise<void>;
}

/**
 * Watches the INBOX on a connection of its own (the sync session stays free for work).
 * `onChange` is called for every change response; the caller debounces. When the
 * connection ends, `onEnd` is told (the caller may start a new watch later).
 */
export async function watchInbox(
  d: ImapConnectDeps,
  onChange: () => void,
  onEnd: (error: MailwrightError | undefined) => void,
): Promise<InboxWatch> {
  const client = await openImapSession(d, []);
  let watcher: Watcher;
  try {
    await select(client, 'INBOX', { readOnly: true });
    watcher = watch(client, (data) => {
      if (CHANGES.has(data.type)) onChange();
    });
  } catch (e) {
    client.destroy();
    throw e;
  }
  let stopping = false;
  watcher.ended.then(
    () => onEnd(undefined),
    (e: unknown) => {
      if (!stopping) onEnd(e instanceof MailwrightError ? e : undefined);
    },
  );
  return {
    async stop() {
      stopping = true;
      await watcher.stop().catch(() => undefined);
      await client.logout().catch(() => client.destroy());
    },
  };
}
