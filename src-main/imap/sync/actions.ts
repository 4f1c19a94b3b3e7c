/**
 * Local actions: applied to the cache at once, queued durably in sync.sqlite (before the
 * local change, so a crash never loses one), and replayed to the server in order. Replay is
 * idempotent where IMAP allows: +/-FLAGS and MOVE of a UID already gone change nothing, and
 * an APPEND that may have reached the server before a crash is looked up by Message-ID.
 */
import { MailwrightError, toMailwrightError } from '../../model/errors';
import { extractFacts } from '../../store/index/extract';
import type { ImapClient } from '../client';
import { append } from '../commands/append';
import { uidMove } from '../commands/copy-move';
import { expunge, uidExpunge } from '../commands/expunge';
import { uidSearch } from '../commands/search';
import { select } from '../commands/select';
import { checkFlag, uidStore } from '../commands/store';
import { listFolders } from '../folders';
import { expandServerSet, sequenceSet } from '../sequence-set';
import { astring, raw } from '../serialize';
import { announce } from './announce';
import { isTransient, settingsOf, withSession } from './session';
import { changeFlags, type CachedMessage } from './summary';
import type { LocalAction, ReplayReport, SyncContext, SyncHandlers } from './types';

export interface ApplyOptions {
  /** Try to send the queue right away (once, no reconnects); default true. */
  replay?: boolean;
}

function check(action: LocalAction): void {
  if (action.kind === 'flag') [...action.add, ...action.remove].forEach(checkFlag);
  if (action.kind === 'append') action.flags.forEach(checkFlag);
  if (action.kind !== 'append' && action.uids.some((u) => !Number.isInteger(u) || u === 0)) {
    throw new MailwrightError(
      'bad-input',
      'A message to change has no valid UID; refresh the folder and try again.',
    );
  }
}

/** Turns a delete into what it means for this account: a move to Trash, or a real delete. */
export function resolveDelete(ctx: SyncContext, action: LocalAction): LocalAction {
  if (action.kind !== 'delete' || settingsOf(ctx).deleteMode !== 'trash') return action;
  const trash = ctx.store.specialFolder('\\Trash');
  if (trash === null || trash === action.folder) return action;
  return { kind: 'move', folder: action.folder, uids: action.uids, to: trash };
}

/**
 * Applies an action to the cache (announced through onChange), queues it durably, and by
 * default tries to send the queue once. Returns the queued action's id. Failing to reach the
 * server is not an error here: the action stays queued for replayQueue.
 */
export async function applyAction(
  ctx: SyncContext,
  action: LocalAction,
  handlers: SyncHandlers = {},
  options: ApplyOptions = {},
): Promise<number> {
  check(action);
  const resolved = resolveDelete(ctx, action);
  const id = ctx.store.queue.enqueue(resolved);
  await applyLocally(ctx, id, resolved, handlers);
  if (options.replay !== false) {
    await withSession(ctx, (c) => replayOn(ctx, c, handlers), { reconnects: 0 }).catch(() => undefined);
  }
  return id;
}

async function applyLocally(
  ctx: SyncContext,
  id: number,
  action: LocalAction,
  h: SyncHandlers,
): Promise<void> {
  const store = ctx.store;
  switch (action.kind) {
    case 'flag': {
      const updated: CachedMessage[] = [];
      for (const uid of action.uids) {
        const m = store.message(action.folder, uid);
        if (m === undefined) continue;
        const flags = changeFlags(m.flags, action.add, action.remove);
        await store.setFlags(action.folder, uid, flags);
        updated.push({ ...m, flags });
      }
      announce(ctx, h, action.folder, { updated });
      return;
    }
    case 'move': {
      const removed: CachedMessage[] = [];
      const added: CachedMessage[] = [];
      for (const uid of action.uids) {
        const m = store.message(action.folder, uid);
        if (m === undefined) continue;
        const local = store.nextLocalUid();
        const moved = await store.moveMessage(m, action.to, local);
        store.queue.notePlaceholder(id, action.to, local, uid);
        removed.push(m);
        added.push(moved);
      }
      announce(ctx, h, action.folder, { removed });
      announce(ctx, h, action.to, { added });
      return;
    }
    case 'delete': {
      const removed = await store.removeMessages(action.folder, action.uids);
      announce(ctx, h, action.folder, { removed });
      return;
    }
    case 'append': {
      if (store.folderState(action.folder)?.uidValidity == null) return; // not cached: nothing to show yet
      const facts = await extractFacts(action.raw);
      const uid = store.nextLocalUid();
      const row: CachedMessage = {
        folder: action.folder,
        uid,
        messageId: facts.messageId === null ? null : facts.messageId.replace(/^<|>$/g, ''),
        date: new Date(facts.date ?? Date.now()).toISOString(),
        from: facts.from === '' ? [] : [{ name: null, address: facts.from }],
        to: facts.to === '' ? [] : [{ name: null, address: facts.to }],
        subject: facts.subject,
        flags: action.flags,
        size: action.raw.length,
        hasAttachments: facts.hasAttachments,
        modseq: null,
        maildirId: null,
        snippet: facts.snippet,
      };
      const { added } = store.upsertMessages([row]);
      store.queue.notePlaceholder(id, action.folder, uid, null);
      await store.storeBody(action.folder, uid, action.raw);
      announce(ctx, h, action.folder, { added });
      return;
    }
  }
}

/** Sends every queued action, in order, on a session (reconnecting on network failures). */
export function replayQueue(ctx: SyncContext, handlers: SyncHandlers = {}): Promise<ReplayReport> {
  return withSession(ctx, (client) => replayOn(ctx, client, handlers));
}

async function selectRw(client: ImapClient, folder: string): Promise<void> {
  if (client.state !== 'selected' || client.mailbox?.name !== folder || client.mailbox.readOnly) {
    await select(client, folder);
  }
}

export async function replayOn(ctx: SyncContext, client: ImapClient, h: SyncHandlers): Promise<ReplayReport> {
  const report: ReplayReport = { done: 0, remaining: 0, failed: [] };
  const queue = ctx.store.queue.queued();
  for (const [i, q] of queue.entries()) {
    try {
      await send(ctx, client, q.id, q.action, q.sending, h);
      ctx.store.queue.dequeue(q.id);
      report.done += 1;
    } catch (e) {
      const err = toMailwrightError(e);
      ctx.store.queue.recordFailure(q.id, err.message);
      if (isTransient(err) || err.kind === 'internal') {
        report.remaining = queue.length - i;
        throw err;
      }
      // Refused for good (a folder that is gone, a flag the server rejects): drop it, and
      // let the next sync bring back what the server really has.
      await giveUp(ctx, q.id, q.action, h);
      ctx.store.queue.dequeue(q.id);
      report.failed.push({ action: q.action, error: err.serverText ?? err.message });
    }
  }
  return report;
}

async function send(
  ctx: SyncContext,
  client: ImapClient,
  id: number,
  action: LocalAction,
  maybeSent: boolean,
  h: SyncHandlers,
): Promise<void> {
  const uids = action.kind === 'append' ? [] : action.uids.filter((u) => u > 0);
  switch (action.kind) {
    case 'flag':
      if (uids.length === 0) return;
      await selectRw(client, action.folder);
      ctx.store.queue.markSending(id);
      if (action.add.length > 0) await uidStore(client, sequenceSet(uids), 'add', action.add);
      if (action.remove.length > 0) await uidStore(client, sequenceSet(uids), 'remove', action.remove);
      return;
    case 'move': {
      if (uids.length === 0) return dropPlaceholders(ctx, id, h);
      await selectRw(client, action.folder);
      ctx.store.queue.markSending(id);
      const result = await uidMove(client, sequenceSet(uids), action.to);
      const map = new Map<number, number>();
      if (result.sourceUids !== null && result.destinationUids !== null) {
        const src = expandServerSet(result.sourceUids);
        const dst = expandServerSet(result.destinationUids);
        src.forEach((s, k) => dst[k] !== undefined && map.set(s, dst[k]));
      }
      await settlePlaceholders(
        ctx,
        id,
        action.to,
        result.uidValidity,
        (p) => (p === null ? undefined : map.get(p)),
        h,
      );
      return;
    }
    case 'delete':
      if (uids.length === 0) return;
      await selectRw(client, action.folder);
      ctx.store.queue.markSending(id);
      await uidStore(client, sequenceSet(uids), 'add', ['\\Deleted']);
      if (client.has('UIDPLUS')) await uidExpunge(client, sequenceSet(uids));
      else await expunge(client);
      return;
    case 'append': {
      if (maybeSent) {
        const found = await findByMessageId(client, action.folder, action.raw);
        if (found !== null)
          return settlePlaceholders(
            ctx,
            id,
            action.folder,
            client.mailbox?.uidValidity ?? null,
            () => found,
            h,
          );
      }
      ctx.store.queue.markSending(id);
      const result = await append(client, action.folder, action.raw, { flags: action.flags });
      await settlePlaceholders(ctx, id, action.folder, result.uidValidity, () => result.uid ?? undefined, h);
      return;
    }
  }
}

/** The UID of a message with the same Message-ID in the folder, or null (also when it has none). */
async function findByMessageId(
  client: ImapClient,
  folder: string,
  rawMessage: Buffer,
): Promise<number | null> {
  const head = rawMessage
    .subarray(0, Math.max(0, rawMessage.indexOf('\r\n\r\n')) || rawMessage.length)
    .toString('latin1');
  const m = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head);
  if (m === null) return null;
  await select(client, folder, { readOnly: true });
  const [uid] = await uidSearch(client, [raw('HEADER'), raw('Message-ID'), astring(m[1]!)]);
  return uid ?? null;
}

/**
 * Gives placeholder rows their server UIDs when the server told them (COPYUID/APPENDUID, for
 * the UIDVALIDITY the cache holds). A row the server did not number stays on screen (with
 * its cached body) as an unclaimed placeholder: the folder's next sync adopts it by
 * Message-ID instead of adding a second row, or drops it once the server's rows are in.
 */
async function settlePlaceholders(
  ctx: SyncContext,
  id: number,
  folder: string,
  uidValidity: number | null,
  uidOf: (sourceUid: number | null) => number | undefined,
  h: SyncHandlers,
): Promise<void> {
  let cachedValidity = ctx.store.folderState(folder)?.uidValidity ?? null;
  if (cachedValidity === null && uidValidity !== null) {
    // A folder not synced yet: record its UIDVALIDITY as an unfinished first sync, which
    // then fetches the rest and keeps these rows (or drops them if UIDVALIDITY changed).
    ctx.store.saveFolderState(folder, { uidValidity, uidNext: null, highestModseq: null });
    cachedValidity = uidValidity;
  }
  const removed: CachedMessage[] = [];
  const added: CachedMessage[] = [];
  for (const { message, sourceUid } of ctx.store.queue.placeholders(id)) {
    const uid = uidOf(sourceUid);
    const known = uid !== undefined && uidValidity !== null && uidValidity === cachedValidity;
    if (!known) continue; // unclaimed: kept for the next sync (the action is dequeued next)
    if (ctx.store.message(folder, uid) === undefined) {
      added.push(await ctx.store.moveMessage(message, folder, uid));
    } else {
      // The server's row is cached already: one row only.
      await ctx.store.removeMessages(folder, [message.uid]);
    }
    ctx.store.queue.forgetPlaceholder(folder, message.uid);
    removed.push(message);
  }
  announce(ctx, h, folder, { removed, added });
}

async function dropPlaceholders(ctx: SyncContext, id: number, h: SyncHandlers): Promise<void> {
  const gone = ctx.store.queue.placeholders(id);
  for (const { message } of gone) await ctx.store.removeMessages(message.folder, [message.uid]);
  ctx.store.queue.forgetPlaceholders(id);
  const folder = gone[0]?.message.folder;
  if (folder !== undefined) announce(ctx, h, folder, { removed: gone.map((g) => g.message) });
}

/** Undoes what a refused action did locally, as far as the next sync can't repair by itself. */
async function giveUp(ctx: SyncContext, id: number, action: LocalAction, h: SyncHandlers): Promise<void> {
  await dropPlaceholders(ctx, id, h);
  // Rows removed locally (move, delete) come back with the next sync; flags are refreshed.
  if (action.kind !== 'append') ctx.store.markIncomplete(action.folder);
  if (action.kind === 'flag') {
    const s = ctx.store.folderState(action.folder);
    if (s?.uidValidity != null)
      ctx.store.saveFolderState(action.folder, {
        uidValidity: s.uidValidity,
        uidNext: s.uidNext,
        highestModseq: null,
      });
  }
}

/**
 * Files a sent message in the account's special-use Sent folder (APPEND, flagged \Seen).
 * Queued durably first, so it is filed even if the server is unreachable now. Returns the
 * queued action's id.
 */
export async function appendToSent(
  ctx: SyncContext,
  rawMessage: Buffer,
  handlers: SyncHandlers = {},
): Promise<number> {
  let sent = ctx.store.specialFolder('\\Sent');
  if (sent === null) {
    await withSession(ctx, async (client) =>
      ctx.store.mirrorFolders(await listFolders(client, { counts: false })),
    );
    sent = ctx.store.specialFolder('\\Sent');
  }
  if (sent === null) {
    throw new MailwrightError(
      'not-found',
      'This IMAP account has no Sent folder; create one marked \\Sent on the server, or turn off saving sent mail.',
      {
        code: 'IMAP_NO_SENT',
      },
    );
  }
  return applyAction(ctx, { kind: 'append', folder: sent, raw: rawMessage, flags: ['\\Seen'] }, handlers);
}
