/**
 * The folder list people see: LIST (with SPECIAL-USE and LIST-STATUS when offered), LSUB
 * for subscriptions, STATUS for counts where LIST-STATUS is missing. Names are Unicode.
 */
import type { ImapClient } from './client';
import { list } from './commands/list';
import { status } from './commands/status';
import type { ListData, StatusData } from './types';

export type SpecialUse = '\\All' | '\\Archive' | '\\Drafts' | '\\Flagged' | '\\Junk' | '\\Sent' | '\\Trash';
const SPECIAL_USES = new Set(['\\ALL', '\\ARCHIVE', '\\DRAFTS', '\\FLAGGED', '\\JUNK', '\\SENT', '\\TRASH']);

export interface FolderInfo {
  /** Full path, Unicode, with the server's delimiter (e.g. `Work/Projects`). */
  path: string;
  /** The last path component. */
  name: string;
  delimiter: string | null;
  flags: string[];
  specialUse: SpecialUse | null;
  subscribed: boolean;
  /** False for \Noselect / \NonExistent: a folder that only holds other folders. */
  selectable: boolean;
  messages: number | null;
  unseen: number | null;
}

function canonical(flag: string): string {
  const lower = flag.slice(1).toLowerCase();
  return `\\${lower.charAt(0).toUpperCase()}${lower.slice(1)}`;
}

/** Pure: one LIST entry (and its subscription, counts) → a FolderInfo. */
export function toFolder(
  entry: ListData,
  subscribed: boolean,
  counts: StatusData['values'] | undefined,
): FolderInfo {
  const upper = entry.attributes.map((a) => a.toUpperCase());
  const special = entry.attributes.find((a) => SPECIAL_USES.has(a.toUpperCase()));
  const delimiter = entry.delimiter;
  const parts = delimiter === null ? [entry.mailbox] : entry.mailbox.split(delimiter);
  return {
    path: entry.mailbox,
    name: parts[parts.length - 1] ?? entry.mailbox,
    delimiter,
    flags: entry.attributes,
    specialUse: special === undefined ? null : (canonical(special) as SpecialUse),
    subscribed: subscribed || upper.includes('\\SUBSCRIBED'),
    selectable: !upper.includes('\\NOSELECT') && !upper.includes('\\NONEXISTENT'),
    messages: counts?.MESSAGES ?? null,
    unseen: counts?.UNSEEN ?? null,
  };
}

export interface ListFoldersOptions {
  /** Fetch MESSAGES and UNSEEN for every selectable folder (LIST-STATUS, else STATUS pipelined). */
  counts?: boolean;
}

export async function listFolders(
  client: ImapClient,
  options: ListFoldersOptions = {},
): Promise<FolderInfo[]> {
  const wantCounts = options.counts !== false;
  const [all, subscribed] = await Promise.all([
    list(client, wantCounts ? { status: ['MESSAGES', 'UNSEEN'] } : {}),
    list(client, { subscribed: true }),
  ]);
  const subscribedNames = new Set(subscribed.mailboxes.map((m) => m.mailbox));
  const counts = new Map<string, StatusData['values']>();
  for (const [name, s] of all.status) counts.set(name, s.values);
  if (wantCounts) {
    const missing = all.mailboxes.filter(
      (m) => !counts.has(m.mailbox) && toFolder(m, false, undefined).selectable,
    );
    // STATUS commands are independent: pipeline them all in one round trip.
    const results = await Promise.all(missing.map((m) => status(client, m.mailbox, ['MESSAGES', 'UNSEEN'])));
    missing.forEach((m, i) => counts.set(m.mailbox, results[i]!));
  }
  return all.mailboxes
    .map((m) => toFolder(m, subscribedNames.has(m.mailbox), counts.get(m.mailbox)))
    .sort((a, b) => (a.path === 'INBOX' ? -1 : b.path === 'INBOX' ? 1 : a.path.localeCompare(b.path)));
}
