import type { AccountId } from './account';

/** RFC 6154 special-use roles plus the INBOX, which IMAP names but does not flag. */
export type SpecialUse = 'inbox' | 'sent' | 'drafts' | 'trash' | 'junk' | 'archive' | 'all' | 'flagged';

export interface FolderCounts {
  total: number;
  unread: number;
}

/** One folder of an account's tree. Names are Unicode (IMAP's modified UTF-7 is decoded). */
export interface Folder {
  accountId: AccountId;
  /** The full path as the server names it, decoded; the key for every folder request. */
  path: string;
  /** The last path segment, shown in the tree. */
  name: string;
  /** The hierarchy delimiter, or null for a flat namespace (POP3 and IMAP's NIL). */
  delimiter: string | null;
  specialUse: SpecialUse | null;
  /** False for \Noselect containers that hold folders but no messages. */
  selectable: boolean;
  /** Null until the first sync has counted the folder. */
  counts: FolderCounts | null;
  children: Folder[];
}
