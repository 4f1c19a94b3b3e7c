/**
 * Requests on an IMAP account, answered from imap/sync's cache: folders, pages, one
 * message (the body fetched and cached on demand), and local actions (applied to the
 * cache at once, queued durably, sent when the server can be reached).
 */
import { applyAction, fetchBody, parseMessageId, type SyncContext, type SyncHandlers } from '../imap/sync';
import type {
  Folder,
  MessageFilter,
  MessagePage,
  MessagePageRequest,
  MessageSortKey,
  MessageSummary,
} from '../model';
import { MailwrightError } from '../model/errors';

export function uidOf(folder: string, id: string): number {
  const parsed = parseMessageId(id);
  if (parsed === null || parsed.folder !== folder) {
    throw new MailwrightError('not-found', `Message ${id} is not in ${folder}; refresh the list.`);
  }
  return parsed.uid;
}

export function flatten(folders: readonly Folder[]): Folder[] {
  return folders.flatMap((f) => [f, ...flatten(f.children)]);
}

export function imapCounts(ctx: SyncContext, folder: string): { total: number; unread: number } | null {
  return flatten(ctx.store.folders(ctx.accountId)).find((f) => f.path === folder)?.counts ?? null;
}

/** Compares two summaries by one sort key, ascending; ties by date then id, so pages are stable. */
export function compareBy(by: MessageSortKey): (a: MessageSummary, b: MessageSummary) => number {
  const text = (m: MessageSummary) =>
    by === 'from' ? (m.from[0]?.name ?? m.from[0]?.address ?? '') : m.subject;
  return (a, b) => {
    let c = 0;
    if (by === 'size') c = a.size - b.size;
    else if (by === 'from' || by === 'subject')
      c = text(a).localeCompare(text(b), undefined, { sensitivity: 'base' });
    if (c === 0) c = a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
    if (c === 0) c = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return c;
  };
}

function keep(m: MessageSummary, filter: MessageFilter | undefined): boolean {
  if (filter === 'unread') return !m.flags.seen;
  if (filter === 'flagged') return m.flags.flagged;
  return true;
}

/** Filters, sorts and cuts one page out of a list of summaries (pure). */
export function pageOf(all: MessageSummary[], r: MessagePageRequest): MessagePage {
  const sort = r.sort ?? { by: 'date', direction: 'desc' };
  const cmp = compareBy(sort.by);
  const chosen = all
    .filter((m) => keep(m, r.filter))
    .sort(sort.direction === 'asc' ? cmp : (a, b) => cmp(b, a));
  const messages = chosen.slice(r.offset, r.offset + r.limit);
  const next = r.offset + messages.length;
  return { messages, total: chosen.length, nextOffset: next < chosen.length ? next : null };
}

/** Case and diacritics folded, as the full-text index folds them (remove_diacritics 2). */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Whether every word of `search` occurs in the message's subject, senders or recipients
 * (case and accents ignored). Pure. It finds what the cache knows of every message, also
 * those whose body was never downloaded and so is not in the full-text index.
 */
export function headerMatch(m: MessageSummary, search: string): boolean {
  const words = fold(search.replace(/["*()]/g, ' '))
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return false;
  const people = [...m.from, ...m.to].flatMap((a) => [a.name ?? '', a.address]);
  const text = fold([m.subject, ...people].join(' '));
  return words.every((w) => text.includes(w));
}

/**
 * A page from the cache. Newest first without a filter is imap/sync's own page() (one
 * SQL page). Search takes the union of what the server found (`server`: UIDs from a UID
 * SEARCH, for bodies never downloaded; null when the server could not be asked, and the
 * page then says localOnly), what the full-text index finds (bodies downloaded so far) and
 * every cached row whose headers match. A server UID not in the cache is left out (the
 * next sync brings it). Search, another sort or a filter read the folder's rows from the
 * cache and cut the page here: correct, but a pass over the folder in the main process
 * (never over IPC) until imap/sync's page() takes a sort, a filter and a header search.
 */
export function imapPage(
  ctx: SyncContext,
  r: MessagePageRequest,
  server: ReadonlySet<number> | null = null,
): MessagePage {
  const cached = (uid: number) => ctx.store.message(r.folder, uid);
  if (r.search !== undefined && r.search.trim() !== '') {
    const search = r.search;
    const inBodies = new Set(
      ctx.store
        .messageIndex()
        .search(search, 10_000)
        .filter((h) => h.folder === r.folder && h.sourceId !== null)
        .map((h) => Number(h.sourceId)),
    );
    const hits = ctx.store
      .uids(r.folder)
      .map(cached)
      .filter((m) => m !== undefined)
      .map((m) => ({ uid: m.uid, summary: ctx.store.summary(ctx.accountId, m) }))
      .filter(
        ({ uid, summary }) => server?.has(uid) === true || inBodies.has(uid) || headerMatch(summary, search),
      )
      .map(({ summary }) => summary);
    const page = pageOf(hits, r);
    return server === null ? { ...page, localOnly: true } : page;
  }
  const plain =
    (r.filter ?? 'all') === 'all' &&
    (r.sort === undefined || (r.sort.by === 'date' && r.sort.direction === 'desc'));
  if (plain) return ctx.store.page(ctx.accountId, r.folder, r.offset, r.limit);
  const all = ctx.store
    .uids(r.folder)
    .map(cached)
    .filter((m) => m !== undefined)
    .map((m) => ctx.store.summary(ctx.accountId, m));
  return pageOf(all, r);
}

export function imapSummary(ctx: SyncContext, folder: string, id: string): MessageSummary {
  const m = ctx.store.message(folder, uidOf(folder, id));
  if (m === undefined)
    throw new MailwrightError('not-found', `Message ${id} is not in ${folder}; refresh the list.`);
  return ctx.store.summary(ctx.accountId, m);
}

export async function imapRaw(ctx: SyncContext, folder: string, id: string): Promise<Buffer> {
  return fetchBody(ctx, folder, uidOf(folder, id));
}

export async function imapFlag(
  ctx: SyncContext,
  folder: string,
  ids: readonly string[],
  flag: 'seen' | 'flagged',
  value: boolean,
  handlers: SyncHandlers,
): Promise<MessageSummary[]> {
  const uids = ids.map((id) => uidOf(folder, id));
  const name = flag === 'seen' ? '\\Seen' : '\\Flagged';
  await applyAction(
    ctx,
    { kind: 'flag', folder, uids, add: value ? [name] : [], remove: value ? [] : [name] },
    handlers,
  );
  return uids
    .map((uid) => ctx.store.message(folder, uid))
    .filter((m) => m !== undefined)
    .map((m) => ctx.store.summary(ctx.accountId, m));
}

export async function imapMove(
  ctx: SyncContext,
  folder: string,
  ids: readonly string[],
  to: string,
  handlers: SyncHandlers,
): Promise<void> {
  if (!flatten(ctx.store.folders(ctx.accountId)).some((f) => f.path === to && f.selectable)) {
    throw new MailwrightError('not-found', `There is no folder "${to}" to move to; reload the folders.`);
  }
  await applyAction(ctx, { kind: 'move', folder, uids: ids.map((id) => uidOf(folder, id)), to }, handlers);
}

export async function imapDelete(
  ctx: SyncContext,
  folder: string,
  ids: readonly string[],
  handlers: SyncHandlers,
): Promise<void> {
  await applyAction(ctx, { kind: 'delete', folder, uids: ids.map((id) => uidOf(folder, id)) }, handlers);
}

export async function imapSaveDraft(
  ctx: SyncContext,
  raw: Buffer,
  handlers: SyncHandlers,
): Promise<MessageSummary> {
  const drafts = ctx.store.specialFolder('\\Drafts');
  if (drafts === null) {
    throw new MailwrightError('not-found', 'This account has no Drafts folder on the server; sync it first.');
  }
  let added: MessageSummary | undefined;
  await applyAction(
    ctx,
    { kind: 'append', folder: drafts, raw, flags: ['\\Draft', '\\Seen'] },
    {
      ...handlers,
      onChange: (diff) => {
        added ??= diff.added[0];
        handlers.onChange?.(diff);
      },
    },
  );
  if (added === undefined)
    throw new MailwrightError('internal', 'The draft was queued but not shown in Drafts.');
  return added;
}
