/**
 * The renderer's small cache: accounts, folder trees, counts, sync progress, errors and
 * new-mail notices, fed ONLY by contract events after one initial read. It never polls
 * and never holds a password. Screens read a snapshot through useSyncExternalStore.
 */
import type {
  Account,
  AccountId,
  ErrorInfo,
  Folder,
  FolderCounts,
  NewMail,
  SyncProgress,
} from '../../src-main/model';
import type { ProtocolLogLine } from '../../src-main/model';
import type { Backend } from './backend';

export interface Notice {
  id: number;
  text: string;
}

export interface Snapshot {
  /** null while the first list is on its way. */
  accounts: Account[] | null;
  loadError: ErrorInfo | null;
  folders: Record<AccountId, Folder[]>;
  progress: Record<AccountId, SyncProgress>;
  errors: Record<AccountId, ErrorInfo>;
  notices: Notice[];
  /** The last lines per account, newest last (bounded). */
  log: Record<AccountId, ProtocolLogLine[]>;
}

/** Lines kept per account: enough to diagnose, never a memory leak. */
export const LOG_LIMIT = 2000;

export class Store {
  #snapshot: Snapshot = {
    accounts: null,
    loadError: null,
    folders: {},
    progress: {},
    errors: {},
    notices: [],
    log: {},
  };
  readonly #listeners = new Set<() => void>();
  readonly #off: Array<() => void> = [];
  #nextNotice = 1;

  constructor(readonly backend: Backend) {}

  /** Subscribes to events first (so nothing between read and subscribe is lost), then reads. */
  start(): () => void {
    const b = this.backend;
    this.#off.push(
      b.on('accounts-changed', ({ accounts }) => this.#setAccounts(accounts)),
      b.on('folders-changed', ({ accountId, folders }) =>
        this.#set({ folders: { ...this.#snapshot.folders, [accountId]: folders } }),
      ),
      b.on('counts-changed', ({ accountId, path, counts }) => this.#setCounts(accountId, path, counts)),
      b.on('sync-progress', (p) => this.#onProgress(p)),
      b.on('account-error', ({ accountId, error }) =>
        this.#set({ errors: { ...this.#snapshot.errors, [accountId]: error } }),
      ),
      b.on('new-mail', (m) => this.#onNewMail(m)),
      b.on('protocol-log', ({ accountId, lines }) => this.#appendLog(accountId, lines)),
    );
    void b.listAccounts().then((r) => {
      if (r.ok) this.#setAccounts(r.value);
      else this.#set({ loadError: r.error });
    });
    return () => {
      for (const off of this.#off.splice(0)) off();
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.#snapshot;

  /** Reads one account's folders (once per account; events keep them fresh afterwards). */
  async loadFolders(accountId: AccountId): Promise<void> {
    const r = await this.backend.listFolders(accountId);
    if (r.ok) this.#set({ folders: { ...this.#snapshot.folders, [accountId]: r.value } });
    else this.#set({ errors: { ...this.#snapshot.errors, [accountId]: r.error } });
  }

  async loadLog(accountId: AccountId): Promise<void> {
    const r = await this.backend.protocolLog(accountId);
    if (r.ok) this.#set({ log: { ...this.#snapshot.log, [accountId]: r.value.slice(-LOG_LIMIT) } });
  }

  clearError(accountId: AccountId): void {
    const { [accountId]: _gone, ...rest } = this.#snapshot.errors;
    this.#set({ errors: rest });
  }

  notify(text: string): void {
    const notice = { id: this.#nextNotice++, text };
    this.#set({ notices: [...this.#snapshot.notices, notice].slice(-5) });
  }

  dismiss(id: number): void {
    this.#set({ notices: this.#snapshot.notices.filter((n) => n.id !== id) });
  }

  #set(patch: Partial<Snapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }

  #setAccounts(accounts: Account[]): void {
    const ids = new Set(accounts.map((a) => a.id));
    const keep = <T>(record: Record<AccountId, T>) =>
      Object.fromEntries(Object.entries(record).filter(([id]) => ids.has(id)));
    this.#set({
      accounts,
      loadError: null,
      folders: keep(this.#snapshot.folders),
      progress: keep(this.#snapshot.progress),
      errors: keep(this.#snapshot.errors),
    });
  }

  #setCounts(accountId: AccountId, path: string, counts: FolderCounts): void {
    const tree = this.#snapshot.folders[accountId];
    if (tree === undefined) return;
    this.#set({ folders: { ...this.#snapshot.folders, [accountId]: withCounts(tree, path, counts) } });
  }

  #onProgress(p: SyncProgress): void {
    const progress = { ...this.#snapshot.progress };
    if (p.phase === 'done') delete progress[p.accountId];
    else progress[p.accountId] = p;
    const errors = this.#snapshot.errors;
    // A sync that got through clears the account's last error.
    if (p.phase === 'done' && errors[p.accountId] !== undefined) {
      const { [p.accountId]: _gone, ...rest } = errors;
      this.#set({ progress, errors: rest });
    } else this.#set({ progress });
  }

  #onNewMail(m: NewMail): void {
    const n = m.messages.length;
    if (n === 0) return;
    const first = m.messages[0];
    const from = first?.from[0]?.name ?? first?.from[0]?.address ?? 'someone';
    this.notify(
      n === 1 ? `New mail from ${from}: ${first?.subject ?? ''}` : `${n} new messages in ${m.folder}`,
    );
  }

  #appendLog(accountId: AccountId, lines: ProtocolLogLine[]): void {
    const old = this.#snapshot.log[accountId] ?? [];
    // seq increases per account: a line already shown (read + event overlap) is skipped.
    const lastSeq = old[old.length - 1]?.seq ?? -1;
    lines = lines.filter((l) => l.seq > lastSeq);
    if (lines.length === 0) return;
    this.#set({ log: { ...this.#snapshot.log, [accountId]: [...old, ...lines].slice(-LOG_LIMIT) } });
  }
}

function withCounts(tree: Folder[], path: string, counts: FolderCounts): Folder[] {
  return tree.map((f) =>
    f.path === path
      ? { ...f, counts }
      : f.children.length > 0
        ? { ...f, children: withCounts(f.children, path, counts) }
        : f,
  );
}
