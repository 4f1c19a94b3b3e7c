import type {
  Account,
  AccountId,
  AccountSettings,
  AppSettings,
  AttachmentContent,
  AutoconfigProposal,
  ComposeDraft,
  ConnectionCheck,
  Folder,
  MessageDetail,
  MessagePage,
  MessagePageRequest,
  MessageRef,
  MessageRefs,
  MessageSummary,
  OutboxItem,
  PasswordStoreInfo,
  ProtocolLogLine,
  SyncSummary,
} from '../model';
import type { Events, EventName } from '../ipc/contract';

export type MailboxListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/**
 * What the shells need from the orchestrator (`createMailboxService` in mailbox/index.ts;
 * `createMemoryMailboxService` is a small stand-in for shell tests). Errors are thrown as
 * MailwrightError. No call returns a password, and no event carries one.
 */
export interface MailboxService {
  listAccounts(): Promise<Account[]>;
  /** Saves the account; with a password, stores it in the keychain too (never returned). */
  addAccount(settings: AccountSettings, password?: string): Promise<Account>;
  updateAccount(accountId: AccountId, settings: AccountSettings): Promise<Account>;
  removeAccount(accountId: AccountId): Promise<void>;
  /** Hands the password to the keychain; it is never returned by any call. */
  setPassword(accountId: AccountId, password: string): Promise<void>;
  testAccount(accountId: AccountId): Promise<ConnectionCheck[]>;
  /** Where passwords live (keychain, or this session only and why). */
  passwordStore(): Promise<PasswordStoreInfo>;
  /** Proposes settings for an address; `extraCaPem` is trusted for the probes and kept in the proposal. */
  autoconfigure(address: string, extraCaPem?: string): Promise<AutoconfigProposal>;
  /** Switches a POP3 account between download-and-keep and download-and-delete. */
  setPop3Mode(accountId: AccountId, mode: 'keep' | 'delete'): Promise<Account>;

  /** Syncs one account (or all): incoming mail and the outbox. Resolves when done. */
  syncNow(accountId?: AccountId): Promise<SyncSummary[]>;

  listFolders(accountId: AccountId): Promise<Folder[]>;
  pageMessages(request: MessagePageRequest): Promise<MessagePage>;
  getMessage(ref: MessageRef): Promise<MessageDetail>;
  getAttachment(ref: MessageRef, index: number): Promise<AttachmentContent>;
  /** POP3: fetches the rest of a headers-only message; returns its new summary (new id). */
  downloadFull(ref: MessageRef): Promise<MessageSummary>;
  setFlag(refs: MessageRefs, flag: 'seen' | 'flagged', value: boolean): Promise<MessageSummary[]>;
  moveMessages(refs: MessageRefs, to: string): Promise<void>;
  deleteMessages(refs: MessageRefs): Promise<void>;
  send(accountId: AccountId, draft: ComposeDraft): Promise<OutboxItem>;
  saveDraft(accountId: AccountId, draft: ComposeDraft): Promise<MessageSummary>;
  listOutbox(accountId: AccountId): Promise<OutboxItem[]>;
  /** Puts a failed or undetermined outbox message back in the queue (the person decided). */
  retryOutbox(accountId: AccountId, id: string): Promise<OutboxItem>;

  protocolLog(accountId: AccountId): Promise<ProtocolLogLine[]>;
  getSettings(): Promise<AppSettings>;
  setSettings(settings: AppSettings): Promise<AppSettings>;

  /** Subscribes to state events; returns the function that unsubscribes. */
  subscribe(listener: MailboxListener): () => void;
  /** Stops timers and connections (the process is leaving). */
  close?(): Promise<void>;
}
