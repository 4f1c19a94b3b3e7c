/**
 * What the screens ask of the main process. Every method maps to one contract channel;
 * `backendFromApi` does that mapping over `window.mailwright` or the browser shell's
 * WebSocket client. Screens depend on this interface only, so a channel renamed in the
 * contract is one line here, and component tests script it directly.
 */
import type {
  Account,
  AccountId,
  AccountSettings,
  AppInfo,
  AttachmentContent,
  AutoconfigProposal,
  ComposeDraft,
  ConnectionCheck,
  Folder,
  MessageDetail,
  MessagePage,
  MessageRef,
  MessageRefs,
  MessageSortKey,
  MessageSummary,
  OutboxItem,
  PasswordStoreInfo,
  ProtocolLogLine,
  SortDirection,
  SyncSummary,
} from '../../src-main/model';
import type { EventName, Events, MailwrightApi, Result } from '../../src-main/ipc/contract';

export type { Result };

export interface PageRequest {
  accountId: AccountId;
  folder: string;
  offset: number;
  limit: number;
  sort: { by: MessageSortKey; direction: SortDirection };
  /** Words to find through the index; empty means the whole folder. */
  search: string;
}

export interface Backend {
  info(): Promise<Result<AppInfo>>;
  listAccounts(): Promise<Result<Account[]>>;
  /** Saves the account and hands its password to the keychain (never kept here). */
  addAccount(settings: AccountSettings, password: string): Promise<Result<Account>>;
  updateAccount(accountId: AccountId, settings: AccountSettings): Promise<Result<Account>>;
  setPassword(accountId: AccountId, password: string): Promise<Result<null>>;
  removeAccount(accountId: AccountId): Promise<Result<null>>;
  /** `extraCaPem` lets the probes trust a company's (or a test lab's) CA. */
  autoconfigure(address: string, extraCaPem?: string): Promise<Result<AutoconfigProposal>>;
  /** Where passwords go: the keychain, or this session only (and why). */
  passwordStore(): Promise<Result<PasswordStoreInfo>>;
  testAccount(accountId: AccountId): Promise<Result<ConnectionCheck[]>>;
  setPop3Mode(accountId: AccountId, mode: 'keep' | 'delete'): Promise<Result<Account>>;
  sync(accountId: AccountId): Promise<Result<SyncSummary[]>>;
  listFolders(accountId: AccountId): Promise<Result<Folder[]>>;
  page(request: PageRequest): Promise<Result<MessagePage>>;
  message(ref: MessageRef): Promise<Result<MessageDetail>>;
  attachment(ref: MessageRef, index: number): Promise<Result<AttachmentContent>>;
  /** The rest of a headers-only (partial) POP3 message; answers its new summary. */
  downloadFull(ref: MessageRef): Promise<Result<MessageSummary>>;
  setFlag(refs: MessageRefs, flag: 'seen' | 'flagged', value: boolean): Promise<Result<MessageSummary[]>>;
  move(refs: MessageRefs, to: string): Promise<Result<null>>;
  remove(refs: MessageRefs): Promise<Result<null>>;
  send(accountId: AccountId, draft: ComposeDraft): Promise<Result<OutboxItem>>;
  saveDraft(accountId: AccountId, draft: ComposeDraft): Promise<Result<MessageSummary>>;
  /** A remote image a person chose to load, fetched by the main process, as a data: URL. */
  fetchImage(url: string): Promise<Result<{ dataUrl: string }>>;
  protocolLog(accountId: AccountId): Promise<Result<ProtocolLogLine[]>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export function backendFromApi(api: MailwrightApi): Backend {
  return {
    info: () => api.app.info(),
    listAccounts: () => api.accounts.list(),
    async addAccount(settings, password) {
      const added = await api.accounts.add(settings);
      if (!added.ok) return added;
      const stored = await api.accounts.setPassword({ accountId: added.value.id, password });
      if (!stored.ok) {
        // No half-made account: without its password it could never sync.
        await api.accounts.remove({ accountId: added.value.id });
        return stored;
      }
      return added;
    },
    updateAccount: (accountId, settings) => api.accounts.update({ accountId, settings }),
    setPassword: (accountId, password) => api.accounts.setPassword({ accountId, password }),
    removeAccount: (accountId) => api.accounts.remove({ accountId }),
    autoconfigure: (address, extraCaPem) =>
      api.accounts.autoconfigure(extraCaPem === undefined ? { address } : { address, extraCaPem }),
    passwordStore: () => api.accounts.passwordStore(),
    testAccount: (accountId) => api.accounts.test({ accountId }),
    setPop3Mode: (accountId, mode) => api.accounts.setPop3Mode({ accountId, mode }),
    sync: (accountId) => api.sync.now({ accountId }),
    listFolders: (accountId) => api.folders.list({ accountId }),
    page: ({ search, ...rest }) => api.messages.page(search === '' ? rest : { ...rest, search }),
    message: (ref) => api.messages.get(ref),
    attachment: (ref, index) => api.messages.attachment({ ...ref, index }),
    downloadFull: (ref) => api.messages.downloadFull(ref),
    setFlag: (refs, flag, value) => api.messages.flag({ ...refs, flag, value }),
    move: (refs, to) => api.messages.move({ ...refs, to }),
    remove: (refs) => api.messages.delete(refs),
    send: (accountId, draft) => api.messages.send({ accountId, draft }),
    saveDraft: (accountId, draft) => api.messages.saveDraft({ accountId, draft }),
    fetchImage: (url) => api.images.fetch({ url }),
    protocolLog: (accountId) => api.protocolLog.get({ accountId }),
    on: api.on,
  };
}
