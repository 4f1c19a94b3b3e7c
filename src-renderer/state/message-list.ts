/**
 * One folder's message list as pages fetched on demand from the main process: the list
 * view asks for the rows it is about to paint and this loads the pages that cover them.
 * The whole folder never crosses the contract. Diffs from the main process update rows in
 * place; additions and removals shift offsets, so the loaded pages are fetched again
 * (old rows stay on screen until the new ones arrive).
 */
import type { MessageListDiff, MessageSortKey, MessageSummary, SortDirection } from '../../src-main/model';
import type { Backend } from './backend';
import type { ErrorInfo } from '../../src-main/model';

export const PAGE_SIZE = 200;

export interface ListQuery {
  accountId: string;
  folder: string;
  sort: { by: MessageSortKey; direction: SortDirection };
  search: string;
}

export class PagedList {
  #total: number | null = null;
  #error: ErrorInfo | null = null;
  #localOnly = false;
  readonly #pages = new Map<number, MessageSummary[]>();
  readonly #loading = new Set<number>();
  readonly #listeners = new Set<() => void>();
  /** Bumped on every change, so React can see one cheaply. */
  version = 0;
  #generation = 0;
  #disposed = false;

  constructor(
    readonly backend: Backend,
    readonly query: ListQuery,
  ) {}

  get total(): number | null {
    return this.#total;
  }

  /** The last search could not ask the server: only what is on this computer was searched. */
  get localOnly(): boolean {
    return this.#localOnly;
  }

  get error(): ErrorInfo | null {
    return this.#error;
  }

  rowAt(index: number): MessageSummary | undefined {
    return this.#pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  indexOf(id: string): number {
    for (const [page, rows] of this.#pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  /** Rows already here (for address suggestions), at most `limit`. */
  loadedRows(limit = 2000): MessageSummary[] {
    const out: MessageSummary[] = [];
    for (const rows of this.#pages.values()) {
      for (const r of rows) {
        if (out.length >= limit) return out;
        out.push(r);
      }
    }
    return out;
  }

  /** Loads whatever pages cover rows [start, end) and are not loaded or loading. */
  ensure(start: number, end: number): void {
    const first = Math.max(0, Math.floor(start / PAGE_SIZE));
    const last = Math.max(first, Math.floor(Math.max(start, end - 1) / PAGE_SIZE));
    for (let page = first; page <= last; page++) {
      if (this.#pages.has(page) || this.#loading.has(page)) continue;
      if (this.#total !== null && page * PAGE_SIZE >= this.#total && page > 0) continue;
      void this.#load(page, this.#generation);
    }
  }

  applyDiff(diff: MessageListDiff): void {
    if (diff.accountId !== this.query.accountId || diff.folder !== this.query.folder) return;
    if (diff.added.length === 0 && diff.removed.length === 0) {
      const byId = new Map(diff.updated.map((m) => [m.id, m]));
      for (const rows of this.#pages.values()) {
        for (let i = 0; i < rows.length; i++) {
          const next = byId.get(rows[i]!.id);
          if (next !== undefined) rows[i] = next;
        }
      }
      this.#changed();
      return;
    }
    this.reload();
  }

  /** Fetches every loaded page again (offsets moved). */
  reload(): void {
    const pages = [...this.#pages.keys()];
    this.#generation++;
    this.#loading.clear();
    if (pages.length === 0) pages.push(0);
    for (const page of pages) void this.#load(page, this.#generation);
  }

  /** Marks rows locally at once (the main process confirms through a diff). */
  patch(ids: readonly string[], change: (m: MessageSummary) => MessageSummary): void {
    const set = new Set(ids);
    for (const rows of this.#pages.values()) {
      for (let i = 0; i < rows.length; i++) if (set.has(rows[i]!.id)) rows[i] = change(rows[i]!);
    }
    this.#changed();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
  }

  async #load(page: number, generation: number): Promise<void> {
    this.#loading.add(page);
    const r = await this.backend.page({
      ...this.query,
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    if (this.#disposed || generation !== this.#generation) return;
    this.#loading.delete(page);
    if (r.ok) {
      this.#error = null;
      this.#total = r.value.total;
      this.#localOnly = r.value.localOnly === true;
      this.#pages.set(page, r.value.messages);
      // Pages past the new end are stale after a removal.
      for (const p of this.#pages.keys()) if (p * PAGE_SIZE >= r.value.total && p > 0) this.#pages.delete(p);
    } else {
      this.#error = r.error;
    }
    this.#changed();
  }

  #changed(): void {
    this.version++;
    for (const listener of this.#listeners) listener();
  }
}
