/**
 * Where one account's mail lives under the profile (MAILWRIGHT_HOME):
 *
 *   mail/<accountId>/
 *     local/<folder>/           one Maildir per local folder (POP3 INBOX, Sent, Drafts, Trash)
 *     index.sqlite              the message index (FTS5) over the local Maildirs
 *     pop3-ledger.sqlite        what POP3 has already taken from the server
 *     outbox/                   the durable outbox (its own Maildir + state files)
 *     imap/                     the IMAP sync cache (imap/sync's SyncStore)
 *   app-settings.json           settings of the app itself
 *
 * Folder names become one path segment each, percent-encoded, so no name can leave
 * its account's folder ("..", "/", NUL) and names differing only in case stay apart
 * on case-insensitive file systems.
 */
import { join } from 'node:path';
import type { AccountId } from '../model';

export function accountDir(home: string, accountId: AccountId): string {
  return join(home, 'mail', encodeSegment(accountId));
}

export function encodeSegment(name: string): string {
  const encoded = encodeURIComponent(name)
    .replace(/\./g, '%2E')
    .replace(/[A-Z]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return encoded === '' ? '%' : encoded;
}

export function localFolderDir(home: string, accountId: AccountId, folder: string): string {
  return join(accountDir(home, accountId), 'local', encodeSegment(folder));
}

export function indexFile(home: string, accountId: AccountId): string {
  return join(accountDir(home, accountId), 'index.sqlite');
}

export function ledgerFile(home: string, accountId: AccountId): string {
  return join(accountDir(home, accountId), 'pop3-ledger.sqlite');
}

export function outboxDir(home: string, accountId: AccountId): string {
  return join(accountDir(home, accountId), 'outbox');
}

export function imapDir(home: string, accountId: AccountId): string {
  return join(accountDir(home, accountId), 'imap');
}

export function appSettingsFile(home: string): string {
  return join(home, 'app-settings.json');
}
