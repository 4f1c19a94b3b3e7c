/**
 * The server's half of an IMAP folder search: the UIDs the server finds for the words
 * (it has every body; the cache only those opened), or null when it could not say in
 * time (offline, refused, or the session busy with a long sync), in which case the page
 * holds local results only and says so.
 *
 * Keystrokes become requests: a newer search supersedes one still waiting for the
 * session (it is then never sent), the same search asked twice shares one UID SEARCH, and
 * a finished one is remembered briefly for the pages after the first (a first page always
 * asks the server, so a search typed again sees the server as it is now).
 */
import { searchFolderOnServer, type SyncContext } from '../imap/sync';

/** How long a page waits for the server before it shows local results only. */
export const SERVER_SEARCH_BUDGET_MS = 5_000;
/** How long a server answer serves further pages of the same search (same folder state). */
const REMEMBER_MS = 30_000;

/** The words of a search box text, as headerMatch reads them (quotes, * and parentheses dropped). Pure. */
export function searchWords(search: string): string[] {
  return search
    .replace(/["*()]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}

interface Pending {
  key: string;
  superseded: boolean;
  result: Promise<ReadonlySet<number> | null>;
}

const pending = new WeakMap<SyncContext, Pending>();
const remembered = new WeakMap<SyncContext, { key: string; at: number; uids: ReadonlySet<number> }>();

export interface ServerHitsOptions {
  /** A later page of a search: a remembered answer of the last 30 s may serve it. */
  reuse?: boolean;
  budgetMs?: number;
  now?: () => number;
}

/** The server's UIDs for `search` in `folder`, or null when the server was not searched. Never throws. */
export async function serverHits(
  ctx: SyncContext,
  folder: string,
  search: string,
  options: ServerHitsOptions = {},
): Promise<ReadonlySet<number> | null> {
  const words = searchWords(search);
  if (words.length === 0) return new Set();
  const now = options.now ?? Date.now;
  const state = ctx.store.folderState(folder);
  // New mail moves UIDNEXT, a rebuilt folder UIDVALIDITY: either makes a remembered answer stale.
  const key = JSON.stringify([folder, state?.uidValidity ?? null, state?.uidNext ?? null, words]);
  const known = remembered.get(ctx);
  if (options.reuse === true && known?.key === key && now() - known.at < REMEMBER_MS) return known.uids;

  let p = pending.get(ctx);
  if (p === undefined || p.key !== key) {
    if (p !== undefined) p.superseded = true;
    const entry: Pending = { key, superseded: false, result: Promise.resolve(null) };
    entry.result = searchFolderOnServer(ctx, folder, words, { abandoned: () => entry.superseded })
      .then((uids) => {
        if (uids === null) return null;
        const set: ReadonlySet<number> = new Set(uids);
        remembered.set(ctx, { key, at: now(), uids: set });
        return set;
      })
      // Any failure (unreachable, refused, a changed folder) means "local results only".
      .catch(() => null)
      .finally(() => {
        if (pending.get(ctx) === entry) pending.delete(ctx);
      });
    pending.set(ctx, entry);
    p = entry;
  }
  return withinBudget(p.result, options.budgetMs ?? SERVER_SEARCH_BUDGET_MS);
}

/** The promise's value, or null once `ms` have passed (the work itself goes on, unawaited). */
function withinBudget<T>(work: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
