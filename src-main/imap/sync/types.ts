/**
 * The vocabulary of IMAP offline sync, shared by the engine and its caller (the mailbox
 * service). Model types (MessageSummary, Folder, SyncProgress, MessageListDiff) come from
 * src-main/model; what is here is specific to IMAP sync.
 */
import type { AccountId, MessageListDiff, SyncProgress } from '../../model';
import type { ImapClient } from '../client';
import type { SyncStore } from './store';

/** What the caller sees while a sync runs; both are optional and must not throw. */
export interface SyncHandlers {
  /** Progress of the current phase: {phase, done, total, bytes}. */
  onProgress?: (progress: SyncProgress) => void;
  /** A folder's list changed: apply removed, then updated, then added. */
  onChange?: (diff: MessageListDiff) => void;
}

export interface SyncSettings {
  /** 'trash': delete = move to the special-use Trash (when there is one); 'expunge': \Deleted + expunge. */
  deleteMode: 'trash' | 'expunge';
  /** Also download every body during sync (offline use); default false: bodies on demand. */
  downloadBodies: boolean;
  /** Messages per header batch; the first (newest) batch is what a viewer shows first. */
  batchSize: number;
  /** Reconnects per sync after a network failure before giving up. */
  maxReconnects: number;
  /**
   * Extensions to use when the server offers them (CONDSTORE, QRESYNC). Fewer is slower but
   * still correct: without CONDSTORE flags are refreshed whole, without QRESYNC expunges are
   * found by a UID SEARCH diff.
   */
  extensions: string[];
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  deleteMode: 'trash',
  downloadBodies: false,
  batchSize: 500,
  maxReconnects: 3,
  extensions: ['CONDSTORE', 'QRESYNC'],
};

/**
 * Everything one account's sync needs. `connect` opens a fresh *authenticated* session (the
 * mailbox service builds it from the account settings and the keychain; tests from
 * serverEnv()); the engine asks for a new one after a network failure. `store` is the
 * account's local cache (SyncStore.open(dir)), shared by every call for that account.
 */
export interface SyncContext {
  accountId: AccountId;
  connect: () => Promise<ImapClient>;
  store: SyncStore;
  settings?: Partial<SyncSettings>;
}

/** A local action, applied to the store at once and queued durably for the server. */
export type LocalAction =
  | { kind: 'flag'; folder: string; uids: number[]; add: string[]; remove: string[] }
  | { kind: 'move'; folder: string; uids: number[]; to: string }
  /** Moves to Trash, or \Deleted + expunge, as SyncSettings.deleteMode says. */
  | { kind: 'delete'; folder: string; uids: number[] }
  | { kind: 'append'; folder: string; raw: Buffer; flags: string[] };

export interface QueuedAction {
  id: number;
  action: LocalAction;
  attempts: number;
  lastError: string | null;
}

export interface ReplayReport {
  /** Actions the server has now applied (and removed from the queue). */
  done: number;
  /** Actions still queued (e.g. the connection failed), to retry on the next replay. */
  remaining: number;
  /** Actions the server refused for good (e.g. a folder that no longer exists); dropped. */
  failed: { action: LocalAction; error: string }[];
}

export interface FolderSyncReport {
  folder: string;
  added: number;
  updated: number;
  removed: number;
  /** True when UIDVALIDITY changed and the folder's cache was dropped and rebuilt. */
  rebuilt: boolean;
  /** How flag changes and expunges were learned. */
  flagsVia: 'condstore' | 'full-refresh' | 'none';
  expungesVia: 'qresync' | 'search-diff' | 'none';
}

export interface AccountSyncReport {
  folders: FolderSyncReport[];
  /** Folders the server would not open (e.g. deleted by another client meanwhile); retried next sync. */
  skipped: { folder: string; error: string }[];
  replay: ReplayReport;
}
