import type { AccountId } from './account';

export type MessageId = string;

export interface MailAddress {
  /** The display name, decoded; null when the header gave only an address. */
  name: string | null;
  address: string;
}

/** Where a message came from on its server: the identity sync uses to find it again. */
export type MessageSource =
  | { protocol: 'imap'; uidValidity: number; uid: number }
  | { protocol: 'pop3'; uidl: string }
  /** Written here (drafts, the outbox) and not yet on any server. */
  | { protocol: 'local' };

export interface MessageFlags {
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  draft: boolean;
  /** Other IMAP keywords ($Forwarded, $Junk, user labels). */
  keywords: string[];
}

/** One row of the message list: what the list shows, not the body. */
export interface MessageSummary {
  id: MessageId;
  accountId: AccountId;
  /** The folder path (see Folder.path). */
  folder: string;
  source: MessageSource;
  /** The Message-ID header without angle brackets, or null when absent. */
  messageId: string | null;
  /** ISO 8601 from the Date header (or the arrival time when it is missing or broken). */
  date: string;
  from: MailAddress[];
  to: MailAddress[];
  subject: string;
  /** The first words of the plain text, for the list's second line. */
  snippet: string;
  flags: MessageFlags;
  /** Size in bytes on the server (RFC822.SIZE or LIST). */
  size: number;
  hasAttachments: boolean;
  /** True when only the headers were fetched (POP3 TOP for large messages). */
  partial: boolean;
}

export type MessageSortKey = 'date' | 'from' | 'subject' | 'size';
export type SortDirection = 'asc' | 'desc';

/** One page of a folder's message list; the whole folder never crosses IPC at once. */
export interface MessagePage {
  messages: MessageSummary[];
  /** Messages in the folder in total. */
  total: number;
  /** The offset of the next page, or null when this page is the last. */
  nextOffset: number | null;
  /**
   * Set on a search page of an IMAP folder when the server could not be searched (offline,
   * it refused, or it was busy): the page holds only what this computer knows (headers,
   * and the bodies of messages opened so far).
   */
  localOnly?: boolean;
}
