import { useCallback, type Dispatch, type RefObject, type SetStateAction } from 'react';
import type { MessageDetail, MessageSummary } from '../../src-main/model';
import type { Backend } from '../state/backend';
import type { Store } from '../state/store';
import type { PagedList } from '../state/message-list';
import type { ReplyMode } from '../lib/quote';
import type { Selection } from './FolderTree';
import type { MailAction } from './useShortcuts';

/** Shows a failed result's message as a notice; a success says nothing. */
export type Report = (r: { ok: boolean; error?: { message: string } }) => void;

export function useReport(store: Store): Report {
  return useCallback(
    (r: { ok: boolean; error?: { message: string } }) => {
      if (!r.ok && r.error !== undefined) store.notify(r.error.message);
    },
    [store],
  );
}

/** Message ids in the open folder, in the shape the backend's message calls take. */
export function useRefs(selection: Selection | null) {
  return useCallback(
    (ids: Iterable<string>) => ({
      accountId: selection?.accountId ?? '',
      folder: selection?.path ?? '',
      ids: [...ids],
    }),
    [selection],
  );
}

export type Refs = ReturnType<typeof useRefs>;

/**
 * What the toolbar, the list's keys, the shortcuts and the menu do: each acts on the
 * selected rows, or on the open message when none is selected.
 */
export function useMailActions({
  backend,
  list,
  refs,
  report,
  selectedIds,
  setSelectedIds,
  current,
  setCurrent,
  learn,
  startCompose,
  searchBox,
  listBox,
}: {
  backend: Backend;
  list: PagedList | null;
  refs: Refs;
  report: Report;
  selectedIds: Set<string>;
  setSelectedIds: Dispatch<SetStateAction<Set<string>>>;
  current: MessageSummary | null;
  setCurrent: Dispatch<SetStateAction<MessageSummary | null>>;
  learn: (m: MessageSummary) => void;
  startCompose: (mode: ReplyMode | 'new', detail?: MessageDetail) => void;
  searchBox: RefObject<HTMLInputElement | null>;
  listBox: RefObject<HTMLElement | null>;
}) {
  const open = useCallback(
    (m: MessageSummary | null) => {
      setCurrent(m);
      if (m === null || list === null) return;
      learn(m);
    },
    [list, setCurrent, learn],
  );

  const targetIds = useCallback(
    () => (selectedIds.size > 0 ? [...selectedIds] : current !== null ? [current.id] : []),
    [selectedIds, current],
  );

  const act = useCallback(
    async (action: MailAction) => {
      if (action === 'compose') return startCompose('new');
      if (action === 'search') return searchBox.current?.focus();
      if (list === null) return;
      const ids = targetIds();
      if (ids.length === 0) return;
      const rows = ids
        .map((id) => list.rowAt(list.indexOf(id)))
        .filter((r): r is MessageSummary => r !== undefined);
      switch (action) {
        case 'open':
          document.getElementById('reader-subject')?.focus();
          return;
        case 'reply':
        case 'reply-all':
        case 'forward': {
          if (current === null) return;
          const r = await backend.message({
            accountId: current.accountId,
            folder: current.folder,
            id: current.id,
          });
          if (r.ok) startCompose(action, r.value);
          else report(r);
          return;
        }
        case 'flag': {
          const value = !rows.every((m) => m.flags.flagged);
          list.patch(ids, (m) => ({ ...m, flags: { ...m.flags, flagged: value } }));
          report(await backend.setFlag(refs(ids), 'flagged', value));
          return;
        }
        case 'unread': {
          const value = rows.every((m) => !m.flags.seen);
          list.patch(ids, (m) => ({ ...m, flags: { ...m.flags, seen: value } }));
          report(await backend.setFlag(refs(ids), 'seen', value));
          return;
        }
        case 'delete': {
          const next = list.rowAt(list.indexOf(ids[ids.length - 1] ?? '') + 1) ?? null;
          const r = await backend.remove(refs(ids));
          report(r);
          if (r.ok) {
            setSelectedIds(next === null ? new Set() : new Set([next.id]));
            open(next);
            list.reload();
            listBox.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
          }
          return;
        }
      }
    },
    [list, targetIds, current, backend, startCompose, refs, report, open, searchBox, listBox, setSelectedIds],
  );

  const focusList = useCallback(
    () => listBox.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus(),
    [listBox],
  );

  return { open, act, focusList };
}
