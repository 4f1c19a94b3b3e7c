import { useEffect, useMemo, useState } from 'react';
import type { MessageSortKey, MessageSummary, SortDirection } from '../../src-main/model';
import type { Backend } from '../state/backend';
import { PagedList } from '../state/message-list';
import type { Selection } from './FolderTree';

export interface MessageSort {
  by: MessageSortKey;
  direction: SortDirection;
}

/**
 * The paged list for the open folder, sort and search: a new one whenever any of them
 * changes, kept fresh by the main process's diffs and disposed when replaced.
 */
export function useMessageList(
  backend: Backend,
  selection: Selection | null,
  sort: MessageSort,
  search: string,
): PagedList | null {
  const list = useMemo(
    () =>
      selection === null
        ? null
        : new PagedList(backend, { accountId: selection.accountId, folder: selection.path, sort, search }),
    [backend, selection, sort, search],
  );
  useEffect(() => {
    if (list === null) return;
    const off = backend.on('message-list-diff', (d) => list.applyDiff(d));
    return () => {
      off();
      list.dispose();
    };
  }, [backend, list]);
  return list;
}

/** The selected rows and the open message; both clear when the list is replaced. */
export function useMessageSelection(list: PagedList | null) {
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());
  const [current, setCurrent] = useState<MessageSummary | null>(null);
  useEffect(() => {
    setSelectedIds(new Set());
    setCurrent(null);
  }, [list]);
  return { selectedIds, setSelectedIds, current, setCurrent };
}
