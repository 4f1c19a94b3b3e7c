import type { AccountId, AccountSettings, Security } from './account';
import type { ErrorInfo } from './errors';
import type { MailAddress, MessageId, MessageSortKey, MessageSummary, SortDirection } from './message';

/**
 * What the mailbox service answers besides accounts, folders and message pages: one
 * message opened, composing and sending, the outbox, the protocol log, app settings.
 * Plain JSON, like every model type: it crosses IPC and `--json` output.
 */

/** One message of one folder: the key of every per-message request. */
export interface MessageRef {
  accountId: AccountId;
  folder: string;
  id: MessageId;
}

/** Several messages of one folder, for flag / move / delete. */
export interface MessageRefs {
  accountId: AccountId;
  folder: string;
  ids: MessageId[];
}

/** Which messages a page holds besides the folder: all, unread only, flagged only. */
export type MessageFilter = 'all' | 'unread' | 'flagged';

/**
 * One page of a folder's message list, sorted and filtered; with `search`, the page holds
 * matches only (words found through the full-text index of subject, addresses and body).
 */
export interface MessagePageRequest {
  accountId: AccountId;
  folder: string;
  offset: number;
  limit: number;
  sort?: { by: MessageSortKey; direction: SortDirection };
  filter?: MessageFilter;
  search?: string;
}

export interface AttachmentInfo {
  /** Position in the message's attachment list: the key for `messages.attachment`. */
  index: number;
  filename: string | null;
  contentType: string;
  size: number;
  /** Referenced from the HTML (cid:), not meant as a separate file. */
  inline: boolean;
}

/** One message opened for the reader. `html` is raw: the renderer sanitises it before showing. */
export interface MessageDetail {
  summary: MessageSummary;
  cc: MailAddress[];
  replyTo: MailAddress[];
  /** Header lines as they came (name, unfolded decoded value), in order. */
  headers: { name: string; value: string }[];
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** References + Message-ID, for a reply's References header. */
  references: string[];
}

export interface AttachmentContent {
  filename: string | null;
  contentType: string;
  /** The decoded bytes in base64 (JSON carries no bytes). */
  base64: string;
}

/** What the composer hands over. Addresses as `addr` or `Name <addr>`. */
export interface ComposeDraft {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html?: string;
  /** Message-ID (with angle brackets) of the message this answers. */
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; contentType?: string; base64: string }[];
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown';

/**
 * One message in the outbox. `unknown` means the connection broke after the message may
 * have been accepted: it is never resent by itself, the person decides (outbox.retry).
 */
export interface OutboxItem {
  id: string;
  accountId: AccountId;
  messageId: string;
  status: OutboxStatus;
  recipients: { address: string; status: 'pending' | 'accepted' | 'rejected'; text?: string }[];
  attempts: number;
  /** ISO 8601 of the next attempt while queued, else null. */
  nextAttemptAt: string | null;
  lastError?: ErrorInfo;
}

/** "Test connection": one line per server of the account. */
export interface ConnectionCheck {
  role: 'imap' | 'pop3' | 'smtp';
  host: string;
  port: number;
  security: Security;
  ok: boolean;
  detail?: string;
  error?: ErrorInfo;
}

export interface AutoconfigCandidateInfo {
  protocol: 'imap' | 'pop3' | 'smtp';
  host: string;
  port: number;
  security: Security;
  /** Where it came from, e.g. "from SRV record _imaps._tcp.example.org". */
  reason: string;
  ok: boolean;
  note?: string;
  error?: ErrorInfo;
}

/** Autoconfiguration for an address: proposed settings for the person to confirm or edit. */
export interface AutoconfigProposal {
  found: boolean;
  /** Null when no incoming or no outgoing server answered. */
  settings: AccountSettings | null;
  candidates: AutoconfigCandidateInfo[];
  notes: string[];
}

export type ProtocolName = 'imap' | 'pop3' | 'smtp' | 'dns';

/** One line of the protocol inspector. Client lines are redacted before they get here. */
export interface ProtocolLogLine {
  /** Increasing per account: lets the UI append without duplicates. */
  seq: number;
  protocol: ProtocolName;
  direction: 'client' | 'server' | 'info';
  text: string;
  /** ms since the epoch. */
  time: number;
}

export interface ProtocolLogLines {
  accountId: AccountId;
  lines: ProtocolLogLine[];
}

/**
 * Where passwords are kept: the OS keychain, or only for this session when no keychain
 * answers (`problem` says why, in one sentence to show once; the person then enters the
 * password each session). Never a file.
 */
export interface PasswordStoreInfo {
  kind: 'keychain' | 'session';
  problem?: ErrorInfo;
}

/** Settings of the whole app (not of one account). */
export interface AppSettings {
  /** Show a notification when new mail arrives. */
  notifyNewMail: boolean;
  /** How many protocol lines each account keeps for the inspector. */
  protocolLogLines: number;
}

/** What one sync of one account did. */
export interface SyncSummary {
  accountId: AccountId;
  ok: boolean;
  /** Messages newly stored here. */
  downloaded: number;
  /** POP3: messages deleted on the server. */
  deletedOnServer: number;
  /** Outbox messages delivered. */
  sent: number;
  error?: ErrorInfo;
}
