import type { Account, AccountId } from './account';
import type { ErrorInfo } from './errors';
import type { Folder, FolderCounts } from './folder';
import type { MessageId, MessageSummary } from './message';

/**
 * State changes the main process pushes to the shells. Every payload is plain JSON;
 * the renderer keeps a small cache fed by these and never polls.
 */
export interface AccountsChanged {
  accounts: Account[];
}

export interface FoldersChanged {
  accountId: AccountId;
  folders: Folder[];
}

export interface CountsChanged {
  accountId: AccountId;
  path: string;
  counts: FolderCounts;
}

/** What changed in one folder's list since the last diff; apply in order: removed, updated, added. */
export interface MessageListDiff {
  accountId: AccountId;
  folder: string;
  added: MessageSummary[];
  updated: MessageSummary[];
  removed: MessageId[];
}

export type SyncPhase =
  | 'connecting'
  | 'listing-folders'
  | 'fetching-headers'
  | 'fetching-bodies'
  | 'applying-changes'
  | 'sending'
  | 'done';

export interface SyncProgress {
  accountId: AccountId;
  phase: SyncPhase;
  /** Items done of total in this phase (messages, folders); total is null when unknown. */
  done: number;
  total: number | null;
  /** Bytes received in this phase. */
  bytes: number;
}

export interface AccountError {
  accountId: AccountId;
  error: ErrorInfo;
}

export interface NewMail {
  accountId: AccountId;
  folder: string;
  messages: MessageSummary[];
}
