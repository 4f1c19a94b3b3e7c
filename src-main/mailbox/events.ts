/**
 * The events batcher: state events are gathered for a short window (100 ms by default)
 * and then handed on coalesced, so a sync of 100,000 messages sends a few hundred small
 * messages to the renderer, not 100,000. Coalescing keeps meaning intact:
 * - accounts-changed, folders-changed (per account), counts-changed (per folder) and
 *   sync-progress (per account) are states: only the latest one matters;
 * - message-list-diff merges per folder (an id added then removed in the same window is
 *   never announced; an update of an id added in the window updates the added row), up to
 *   MAX_DIFF_ROWS rows: a fuller diff is closed and the next one starts behind it, so a fast
 *   100,000-message sync becomes about a hundred events of bounded size, in order;
 * - new-mail and protocol-log lines append per folder / account;
 * - account-error and the shell's own events (menu-command, compose) pass in order.
 * Events go out in the order their keys first appeared in the window.
 */
import type { Events, EventName } from '../ipc/contract';
import type { MessageListDiff, MessageSummary } from '../model';

export type Emit = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Rows (added + updated + removed) after which a merged list diff takes no more. */
export const MAX_DIFF_ROWS = 1000;

function diffRows(d: MessageListDiff): number {
  return d.added.length + d.updated.length + d.removed.length;
}

interface Pending {
  event: EventName;
  payload: Events[EventName];
}

/** Merges two diffs of one folder, `later` after `earlier`; applying the result = applying both. */
export function mergeDiffs(earlier: MessageListDiff, later: MessageListDiff): MessageListDiff {
  const added = new Map<string, MessageSummary>(earlier.added.map((m) => [m.id, m]));
  const updated = new Map<string, MessageSummary>(earlier.updated.map((m) => [m.id, m]));
  const removed = new Set(earlier.removed);
  for (const id of later.removed) {
    if (added.delete(id)) continue; // never seen by the listener: nothing to remove
    updated.delete(id);
    removed.add(id);
  }
  for (const m of later.updated) {
    if (added.has(m.id)) added.set(m.id, m);
    else updated.set(m.id, m);
  }
  for (const m of later.added) {
    // Removed then added again in one window (a move back): the listener must drop the old row
    // first, which `removed` before `added` does.
    updated.delete(m.id);
    added.set(m.id, m);
  }
  return {
    accountId: earlier.accountId,
    folder: earlier.folder,
    added: [...added.values()],
    updated: [...updated.values()],
    removed: [...removed],
  };
}

function keyOf(event: EventName, payload: Events[EventName]): string | undefined {
  const p = payload as unknown as Record<string, unknown>;
  switch (event) {
    case 'accounts-changed':
      return event;
    case 'folders-changed':
    case 'sync-progress':
    case 'protocol-log':
      return `${event}\0${String(p.accountId)}`;
    case 'counts-changed':
      return `${event}\0${String(p.accountId)}\0${String(p.path)}`;
    case 'message-list-diff':
    case 'new-mail':
      return `${event}\0${String(p.accountId)}\0${String(p.folder)}`;
    default:
      return undefined; // passes through unmerged
  }
}

function merge(event: EventName, earlier: Events[EventName], later: Events[EventName]): Events[EventName] {
  switch (event) {
    case 'message-list-diff':
      return mergeDiffs(earlier as MessageListDiff, later as MessageListDiff);
    case 'new-mail': {
      const a = earlier as Events['new-mail'];
      const b = later as Events['new-mail'];
      return { ...a, messages: [...a.messages, ...b.messages] };
    }
    case 'protocol-log': {
      const a = earlier as Events['protocol-log'];
      const b = later as Events['protocol-log'];
      return { ...a, lines: [...a.lines, ...b.lines] };
    }
    default:
      return later;
  }
}

export interface EventBatcher {
  emit: Emit;
  /** Sends everything pending now (tests; shutting down). */
  flush(): void;
  close(): void;
}

export function createEventBatcher(
  deliver: (event: EventName, payload: Events[EventName]) => void,
  windowMs = 100,
  /** See MAX_DIFF_ROWS; smaller in tests. */
  maxDiffRows = MAX_DIFF_ROWS,
): EventBatcher {
  let pending: (Pending | undefined)[] = [];
  const slots = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const out = pending;
    pending = [];
    slots.clear();
    for (const p of out) {
      if (p === undefined) continue;
      try {
        deliver(p.event, p.payload);
      } catch {
        // A listener's failure must not stop the others' events.
      }
    }
  }

  return {
    emit(event, payload) {
      const key = keyOf(event, payload);
      const slot = key === undefined ? undefined : slots.get(key);
      const current = slot === undefined ? undefined : pending[slot];
      let now: Events[EventName] = payload;
      if (slot !== undefined && current !== undefined) {
        now = merge(event, current.payload, payload);
        pending[slot] = { event, payload: now };
      } else {
        if (key !== undefined) slots.set(key, pending.length);
        pending.push({ event, payload });
      }
      // A full diff takes no more rows: what follows goes into a new one, delivered after it.
      if (
        key !== undefined &&
        event === 'message-list-diff' &&
        diffRows(now as MessageListDiff) >= maxDiffRows
      )
        slots.delete(key);
      timer ??= setTimeout(flush, windowMs);
    },
    flush,
    close() {
      flush();
    },
  };
}
