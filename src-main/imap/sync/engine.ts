/**
 * Folder and account sync: the steps of issue 6's "Sync" bullet, in order, on one session.
 * Every step reads the cache first and writes each result before the next step, so a sync
 * cut anywhere resumes on a new session with no holes and no duplicates.
 */
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { uidFetch } from '../commands/fetch';
import { uidSearch } from '../commands/search';
import { select } from '../commands/select';
import { listFolders } from '../folders';
import { expandServerSet, sequenceSet, setMatcher } from '../sequence-set';
import { list, raw } from '../serialize';
import { replayOn } from './actions';
import { downloadBodiesOn } from './bodies';
import { announce, progress } from './announce';
import { settingsOf, useCondstore, withSession } from './session';
import { fromFetch, HEADER_ITEMS, sameFlags, type CachedMessage } from './summary';
import type { AccountSyncReport, FolderSyncReport, SyncContext, SyncHandlers } from './types';

export { SYNC_EXTENSIONS } from './session';

/** Header batches kept in flight at once (pipelined), after the first. */
const WINDOW = 4;

/** Syncs one folder (after replaying queued local actions, so the server is current). */
export function syncFolder(
  ctx: SyncContext,
  folder: string,
  handlers: SyncHandlers = {},
): Promise<FolderSyncReport> {
  return withSession(ctx, async (client) => {
    await replayOn(ctx, client, handlers);
    if (ctx.store.folderState(folder) === undefined) await ctx.store.mirrorFolders(await listFolders(client));
    return syncFolderOn(ctx, client, folder, handlers);
  });
}

/** Replays the queue, mirrors the folder list, then syncs every selectable folder. */
export function syncAccount(ctx: SyncContext, handlers: SyncHandlers = {}): Promise<AccountSyncReport> {
  return withSession(ctx, async (client) => {
    progress(ctx, handlers, 'sending', 0, null);
    const replay = await replayOn(ctx, client, handlers);
    progress(ctx, handlers, 'listing-folders', 0, null);
    const infos = await listFolders(client, { counts: true });
    await ctx.store.mirrorFolders(infos);
    const selectable = infos.filter((f) => f.selectable);
    progress(ctx, handlers, 'listing-folders', selectable.length, selectable.length);
    const folders: FolderSyncReport[] = [];
    const skipped: AccountSyncReport['skipped'] = [];
    // listFolders puts INBOX first: it is what a person looks at first.
    for (const f of selectable) {
      try {
        folders.push(await syncFolderOn(ctx, client, f.path, handlers));
      } catch (e) {
        // A refusal for one folder must not stop the others; anything else ends the sync.
        if (!(e instanceof MailwrightError) || (e.kind !== 'server-said-no' && e.kind !== 'not-found'))
          throw e;
        skipped.push({ folder: f.path, error: e.serverText ?? e.message });
      }
    }
    progress(ctx, handlers, 'done', folders.length, selectable.length);
    return { folders, skipped, replay };
  });
}

export async function syncFolderOn(
  ctx: SyncContext,
  client: ImapClient,
  folder: string,
  h: SyncHandlers,
): Promise<FolderSyncReport> {
  const store = ctx.store;
  const report: FolderSyncReport = {
    folder,
    added: 0,
    updated: 0,
    removed: 0,
    rebuilt: false,
    flagsVia: 'none',
    expungesVia: 'none',
  };
  const condstore = useCondstore(ctx, client);
  const mbox = await select(client, folder, { condstore });
  // Taken at SELECT: later changes arrive after this point and are seen by the next sync.
  const uidValidity = mbox.uidValidity;
  const serverUidNext = mbox.uidNext;
  const serverModseq = !condstore || mbox.noModseq ? null : mbox.highestModseq;
  if (uidValidity === null) {
    throw new MailwrightError(
      'protocol',
      `The IMAP server gave no UIDVALIDITY for "${folder}"; it cannot be cached.`,
      {
        code: 'IMAP_NO_UIDVALIDITY',
      },
    );
  }
  let saved = store.folderState(folder);
  if (saved?.uidValidity != null && saved.uidValidity !== uidValidity) {
    // Every cached UID of this folder now means nothing (RFC 9051 §2.3.1.1): start over.
    const all = store.uids(folder).map((uid) => store.message(folder, uid)!);
    announce(ctx, h, folder, { removed: all });
    report.removed += all.length;
    await store.dropFolderCache(folder);
    report.rebuilt = true;
    saved = store.folderState(folder);
  }
  const resync = saved?.uidValidity === uidValidity && saved.uidNext !== null ? saved : null;
  if (resync === null) {
    // Recorded before any row: rows of an interrupted first sync belong to this UIDVALIDITY.
    store.saveFolderState(folder, { uidValidity, uidNext: null, highestModseq: null });
  }

  // 1. New messages (or, on a first or resumed sync, every message not cached yet).
  const from = resync?.uidNext ?? 1;
  if (serverUidNext === null || from < serverUidNext) {
    const cached = new Set(store.uids(folder));
    const fresh = (await uidSearch(client, [raw('UID'), raw(`${from}:*`)]))
      .filter((uid) => uid >= from && !cached.has(uid))
      .sort((a, b) => b - a);
    report.added += await fetchHeaders(ctx, client, folder, fresh, h);
  }
  // Rows placed by a move or append the server did without naming the new UID, and not
  // adopted by Message-ID above: the server's rows are all in now, so they would be a
  // second copy (or a copy of nothing).
  const leftover = store.queue.unclaimed(folder);
  for (const p of leftover) {
    await store.removeMessages(folder, [p.uid]);
    store.queue.forgetPlaceholder(folder, p.uid);
  }
  announce(ctx, h, folder, { removed: leftover });

  // 2. Flag changes and 3. expunges in the range known before this sync.
  if (resync !== null && resync.uidNext! > 1) {
    const range = `1:${resync.uidNext! - 1}`;
    const qresync = client.enabled.has('QRESYNC');
    if (serverModseq !== null && resync.highestModseq !== null) {
      report.flagsVia = 'condstore';
      if (serverModseq !== resync.highestModseq) {
        const changes = await changedSince(client, range, resync.highestModseq, qresync);
        report.updated += await applyFlags(ctx, folder, changes.fetched, h);
        if (qresync) {
          report.expungesVia = 'qresync';
          const gone = changes.vanished.flatMap((set) => expandServerSet(set, 10_000_000));
          report.removed += await removeUids(ctx, folder, gone, h);
        }
      } else if (qresync) report.expungesVia = 'qresync'; // nothing changed at all
    } else {
      report.flagsVia = 'full-refresh';
      const fetched = await uidFetch(client, range, ['FLAGS']);
      report.updated += await applyFlags(
        ctx,
        folder,
        fetched.map((f) => f.attributes),
        h,
      );
    }
    if (report.expungesVia === 'none') {
      // Without QRESYNC: the cache holds every UID the server has plus the expunged ones,
      // so equal counts mean no expunge; otherwise ask which UIDs are left.
      const cachedCount = store.uids(folder).length;
      if (cachedCount !== client.mailbox?.exists) {
        report.expungesVia = 'search-diff';
        const present = new Set(await uidSearch(client, [raw('ALL')]));
        const gone = store.uids(folder).filter((uid) => !present.has(uid));
        report.removed += await removeUids(ctx, folder, gone, h);
      }
    }
  }

  const maxUid = store.uids(folder).at(-1) ?? 0;
  store.saveFolderState(folder, {
    uidValidity,
    uidNext: serverUidNext ?? maxUid + 1,
    highestModseq: serverModseq,
  });
  if (settingsOf(ctx).downloadBodies) await downloadBodiesOn(ctx, client, folder, h);
  return report;
}

/** Fetches headers of `uids` (newest first) in pipelined batches, storing and announcing each. */
async function fetchHeaders(
  ctx: SyncContext,
  client: ImapClient,
  folder: string,
  uids: readonly number[],
  h: SyncHandlers,
): Promise<number> {
  const { batchSize } = settingsOf(ctx);
  const items = useCondstore(ctx, client) ? [...HEADER_ITEMS, 'MODSEQ'] : HEADER_ITEMS;
  const batches: number[][] = [];
  for (let i = 0; i < uids.length; i += batchSize) batches.push(uids.slice(i, i + batchSize));
  const fetchBatch = (b: number[]): Promise<Awaited<ReturnType<typeof uidFetch>>> =>
    uidFetch(client, sequenceSet(b), items);
  const inFlight: ReturnType<typeof fetchBatch>[] = [];
  const adopt = adopter(ctx, folder);
  let next = 0;
  let done = 0;
  progress(ctx, h, 'fetching-headers', 0, uids.length);
  try {
    // The first batch alone, so the newest page shows as early as it can.
    if (batches.length > 0) inFlight.push(fetchBatch(batches[next++]!));
    while (inFlight.length > 0) {
      const fetched = await inFlight.shift()!;
      while (next < batches.length && inFlight.length < WINDOW) inFlight.push(fetchBatch(batches[next++]!));
      const rows = fetched
        .map((f) => fromFetch(folder, f.attributes))
        .filter((r): r is CachedMessage => r !== null)
        .sort((a, b) => b.uid - a.uid);
      const adopted = await adopt(rows);
      const { added, updated } = ctx.store.upsertMessages(rows);
      // An adopted placeholder shows under its server id from now on: removed + added.
      const isAdopted = (m: CachedMessage) => adopted.some((a) => a.uid === m.uid);
      announce(ctx, h, folder, {
        added: [...added, ...updated.filter(isAdopted)],
        updated: updated.filter((m) => !isAdopted(m)),
        removed: adopted.map((a) => a.placeholder),
      });
      done += rows.length;
      progress(ctx, h, 'fetching-headers', done, uids.length);
    }
  } finally {
    // A failed batch fails the session; the others reject too and must not go unhandled.
    for (const p of inFlight) p.catch(() => undefined);
  }
  return done;
}

/**
 * Matches fetched rows with the folder's unclaimed placeholders by Message-ID (and size: a
 * message moved or appended keeps its bytes, so another message reusing the Message-ID is
 * not taken for it) and moves each match to its server UID with its cached body, before the
 * rows are stored: the sync then updates that row instead of adding a second one.
 */
function adopter(
  ctx: SyncContext,
  folder: string,
): (rows: readonly CachedMessage[]) => Promise<{ uid: number; placeholder: CachedMessage }[]> {
  const waiting = new Map<string, CachedMessage[]>();
  for (const p of ctx.store.queue.unclaimed(folder)) {
    if (p.messageId === null) continue;
    waiting.set(p.messageId, [...(waiting.get(p.messageId) ?? []), p]);
  }
  return async (rows) => {
    const adopted: { uid: number; placeholder: CachedMessage }[] = [];
    for (const row of rows) {
      const candidates = row.messageId === null ? undefined : waiting.get(row.messageId);
      const at = candidates?.findIndex((p) => p.size === row.size) ?? -1;
      const placeholder = at < 0 ? undefined : candidates!.splice(at, 1)[0];
      if (placeholder === undefined) continue;
      await ctx.store.moveMessage(placeholder, folder, row.uid);
      ctx.store.queue.forgetPlaceholder(folder, placeholder.uid);
      adopted.push({ uid: row.uid, placeholder });
    }
    return adopted;
  };
}

interface Changes {
  fetched: { uid?: number; flags?: string[]; modseq?: bigint }[];
  vanished: string[];
}

/** UID FETCH range (FLAGS) (CHANGEDSINCE m [VANISHED]) — RFC 7162 §3.1.4 and §3.2.6. */
async function changedSince(
  client: ImapClient,
  range: string,
  modseq: bigint,
  vanished: boolean,
): Promise<Changes> {
  const inRange = setMatcher(range);
  const modifiers = [raw('CHANGEDSINCE'), raw(modseq.toString()), ...(vanished ? [raw('VANISHED')] : [])];
  const result = await client.execute(
    'UID FETCH',
    [raw(range), list(raw('UID'), raw('FLAGS')), list(...modifiers)],
    {
      collect: (d) =>
        (d.type === 'fetch' && d.attributes.uid !== undefined && inRange(d.attributes.uid)) ||
        (d.type === 'vanished' && d.earlier),
    },
  );
  const out: Changes = { fetched: [], vanished: [] };
  for (const d of result.untagged) {
    if (d.type === 'fetch') out.fetched.push(d.attributes);
    else if (d.type === 'vanished') out.vanished.push(d.uids);
  }
  return out;
}

async function applyFlags(
  ctx: SyncContext,
  folder: string,
  fetched: readonly { uid?: number; flags?: string[]; modseq?: bigint }[],
  h: SyncHandlers,
): Promise<number> {
  const updated: CachedMessage[] = [];
  for (const f of fetched) {
    if (f.uid === undefined || f.flags === undefined) continue;
    const m = ctx.store.message(folder, f.uid);
    if (m === undefined || sameFlags(m.flags, f.flags)) continue;
    await ctx.store.setFlags(folder, f.uid, f.flags, f.modseq ?? null);
    updated.push({ ...m, flags: f.flags });
  }
  announce(ctx, h, folder, { updated });
  return updated.length;
}

async function removeUids(
  ctx: SyncContext,
  folder: string,
  uids: readonly number[],
  h: SyncHandlers,
): Promise<number> {
  if (uids.length === 0) return 0;
  const removed = await ctx.store.removeMessages(folder, uids);
  announce(ctx, h, folder, { removed });
  return removed.length;
}
