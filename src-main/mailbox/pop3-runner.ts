/**
 * One POP3 fetch for one account: log in, run pop3/retrieval's fetch in the account's
 * mode (its durable ledger decides what is new and what may be deleted), index each
 * stored message into the local INBOX as it lands, and report progress. The retrieval
 * layer guarantees that nothing is lost or stored twice; this only wires it to the profile.
 */
import { dialByName } from '../accounts/dial';
import type { Account, MessageSummary, Pop3Settings, SyncProgress } from '../model';
import { MailwrightError } from '../model/errors';
import type { LookupFn, TranscriptSink } from '../net/types';
import type { AuthMethod, Pop3Client } from '../pop3/client';
import { fetchMail } from '../pop3/retrieval/fetch';
import { Ledger } from '../pop3/retrieval/ledger';
import { downloadFull } from '../pop3/retrieval/on-demand';
import type { Maildir, MaildirEntry } from '../store/maildir/maildir';
import { openPop3 } from '../pop3/session';
import { ledgerFile } from './layout';
import { LOCAL_FOLDERS, type LocalMail } from './local-mail';

export interface Pop3RunOptions {
  account: Account;
  password: string;
  mail: LocalMail;
  home: string;
  lookup: LookupFn;
  transcript?: TranscriptSink;
  timeoutMs?: number;
  onProgress?: (p: SyncProgress) => void;
  /** Each message as soon as it is stored and indexed. */
  onAdded?: (m: MessageSummary) => void;
}

/** Replaces a headers-only copy with the whole message (its own session); returns the new entry. */
export async function fetchRest(
  o: Pick<Pop3RunOptions, 'account' | 'password' | 'lookup' | 'transcript' | 'timeoutMs'>,
  ledger: Ledger,
  maildir: Maildir,
  uid: string,
): Promise<MaildirEntry> {
  return downloadFull(await openAccountPop3(o), { ledger, maildir, uid });
}

export interface Pop3RunResult {
  downloaded: number;
  deletedOnServer: number;
  onServer: number;
}

const METHOD: Record<string, AuthMethod> = {
  auto: 'auto',
  'user-pass': 'user',
  apop: 'apop',
  plain: 'sasl-plain',
};

/** A logged-in POP3 session for the account (TLS as configured, the name checked on the certificate). */
export async function openAccountPop3(
  o: Pick<Pop3RunOptions, 'account' | 'password' | 'lookup' | 'transcript' | 'timeoutMs'>,
): Promise<Pop3Client> {
  const inc = o.account.incoming;
  if (inc.protocol !== 'pop3')
    throw new MailwrightError('internal', 'A POP3 session was asked for an IMAP account.');
  const method = METHOD[inc.server.auth];
  if (method === undefined) {
    throw new MailwrightError(
      'bad-input',
      'POP3 CRAM-MD5 login is not supported yet; set the login method to auto.',
    );
  }
  const s = inc.server;
  return dialByName(s.host, o.lookup, (host, servername) =>
    openPop3({
      host,
      port: s.port,
      tls: s.security,
      ...(servername === undefined ? {} : { servername }),
      ...(o.account.extraCaPem === undefined ? {} : { ca: o.account.extraCaPem }),
      user: s.user,
      password: o.password,
      auth: method,
      // The person chose 'none' for this server: that is their consent to a plaintext login.
      allowPlaintextAuth: s.security === 'none',
      connectTimeoutMs: o.timeoutMs ?? 15_000,
      idleTimeoutMs: o.timeoutMs ?? 60_000,
      ...(o.transcript === undefined ? {} : { transcript: o.transcript }),
    }),
  );
}

/**
 * The local folders a downloaded message may have been moved to, where it still counts as
 * stored (never downloaded again, deleted on the server in delete mode). Trash is among them
 * unless the person asked that deleting locally deletes on the server (keep mode): then a
 * message moved to Trash is what that setting waits for.
 */
async function movedTo(mail: LocalMail, p: Pop3Settings): Promise<Maildir[]> {
  const trashIsDeleted = p.mode === 'keep' && p.deleteWhenDeletedLocally;
  const folders = LOCAL_FOLDERS.map((f) => f.path).filter(
    (path) => path !== 'INBOX' && !(path === 'Trash' && trashIsDeleted),
  );
  return Promise.all(folders.map((path) => mail.maildir(path)));
}

export async function runPop3(o: Pop3RunOptions): Promise<Pop3RunResult> {
  const inc = o.account.incoming;
  if (inc.protocol !== 'pop3') throw new MailwrightError('internal', 'runPop3 was given a non-POP3 account.');
  const id = o.account.id;
  o.onProgress?.({ accountId: id, phase: 'connecting', done: 0, total: null, bytes: 0 });
  const client = await openAccountPop3(o);
  const ledger = Ledger.open(ledgerFile(o.home, id), id);
  try {
    const inbox = await o.mail.maildir('INBOX');
    const p = inc.pop3;
    const result = await fetchMail(client, {
      mode: p.mode,
      maildir: inbox,
      ledger,
      storedElsewhere: await movedTo(o.mail, p),
      ...(p.headersOnlyOverBytes === null ? {} : { headersOnlyOver: p.headersOnlyOverBytes }),
      ...(p.mode === 'keep'
        ? {
            ...(p.leaveDays === null ? {} : { deleteAfterDays: p.leaveDays }),
            deleteWhenDeletedLocally: p.deleteWhenDeletedLocally,
          }
        : {}),
      onStored: async (entry, bytes, uid) => {
        o.onAdded?.(await o.mail.indexStored('INBOX', entry, bytes, uid));
      },
      onProgress: (fp) =>
        o.onProgress?.({
          accountId: id,
          phase: fp.phase === 'download' ? 'fetching-bodies' : 'applying-changes',
          done: fp.done,
          total: fp.total,
          bytes: fp.bytes,
        }),
    });
    return {
      downloaded: result.downloaded,
      deletedOnServer: result.deletedOnServer,
      onServer: result.onServer,
    };
  } finally {
    ledger.close();
  }
}
