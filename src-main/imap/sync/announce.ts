/** Progress and list-change events, in the model's shapes. */
import type { MessageListDiff, SyncPhase } from '../../model';
import { messageIdOf, type CachedMessage } from './summary';
import type { SyncContext, SyncHandlers } from './types';

export function progress(
  ctx: SyncContext,
  h: SyncHandlers,
  phase: SyncPhase,
  done: number,
  total: number | null,
  bytes = 0,
): void {
  h.onProgress?.({ accountId: ctx.accountId, phase, done, total, bytes });
}

/** Announces one change set of a folder (nothing when it is empty). */
export function announce(
  ctx: SyncContext,
  h: SyncHandlers,
  folder: string,
  change: { added?: CachedMessage[]; updated?: CachedMessage[]; removed?: CachedMessage[] },
): void {
  const { added = [], updated = [], removed = [] } = change;
  if (h.onChange === undefined || added.length + updated.length + removed.length === 0) return;
  const uv = ctx.store.folderState(folder)?.uidValidity ?? 0;
  const diff: MessageListDiff = {
    accountId: ctx.accountId,
    folder,
    added: added.map((m) => ctx.store.summary(ctx.accountId, m, uv)),
    updated: updated.map((m) => ctx.store.summary(ctx.accountId, m, uv)),
    removed: removed.map((m) => messageIdOf(m.uid < 0 ? 0 : uv, m.uid, m.folder)),
  };
  h.onChange(diff);
}
