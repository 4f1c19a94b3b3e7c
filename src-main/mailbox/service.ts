import type {
  Account,
  AccountId,
  AccountSettings,
  Folder,
  MessagePage,
  MessageSortKey,
  SortDirection,
} from '../model';
import type { Events, EventName } from '../ipc/contract';

export type MailboxListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/**
 * What the shells need from the orchestrator. The mailbox issue fills it in with sync,
 * the store and the keychain; until then `createMemoryMailboxService` stands in.
 * Errors are thrown as MailwrightError.
 */
export interface MailboxService {
  listAccounts(): Promise<Account[]>;
  addAccount(settings: AccountSettings): Promise<Account>;
  removeAccount(accountId: AccountId): Promise<void>;
  /** Hands the password to the keychain; it is never returned by any call. */
  setPassword(accountId: AccountId, password: string): Promise<void>;
  listFolders(accountId: AccountId): Promise<Folder[]>;
  pageMessages(request: {
    accountId: AccountId;
    folder: string;
    offset: number;
    limit: number;
    sort?: { by: MessageSortKey; direction: SortDirection };
  }): Promise<MessagePage>;
  /** Subscribes to state events; returns the function that unsubscribes. */
  subscribe(listener: MailboxListener): () => void;
}
