import { useCallback, type Dispatch, type SetStateAction } from 'react';
import type { MessageDetail, MessageSummary } from '../../src-main/model';
import type { Backend } from '../state/backend';
import type { PagedList } from '../state/message-list';
import type { ReplyMode } from '../lib/quote';
import type { ReaderActions } from './Reader';
import type { Refs, Report } from './useMailActions';

/**
 * What the reader's buttons do to the open message, and marking it read once shown.
 * Each patches the list at once and tells the backend; a failure becomes a notice.
 */
export function useReaderActions({
  backend,
  list,
  refs,
  report,
  setSelectedIds,
  setCurrent,
  startCompose,
}: {
  backend: Backend;
  list: PagedList | null;
  refs: Refs;
  report: Report;
  setSelectedIds: Dispatch<SetStateAction<Set<string>>>;
  setCurrent: Dispatch<SetStateAction<MessageSummary | null>>;
  startCompose: (mode: ReplyMode, detail: MessageDetail) => void;
}) {
  // Read once it is on screen: marking it seen while it is still being fetched races
  // the store's own file move (new/ → cur/) in the main process.
  const shown = useCallback(
    (d: MessageDetail) => {
      const m = d.summary;
      if (m.flags.seen || list === null) return;
      list.patch([m.id], (x) => ({ ...x, flags: { ...x.flags, seen: true } }));
      void backend
        .setFlag({ accountId: m.accountId, folder: m.folder, ids: [m.id] }, 'seen', true)
        .then(report);
    },
    [backend, list, report],
  );

  const readerActions: ReaderActions = {
    compose: (mode, m) => startCompose(mode, m),
    downloadFull: (m) => {
      const { accountId, folder, id } = m.summary;
      void backend.downloadFull({ accountId, folder, id }).then((r) => {
        report(r);
        if (r.ok) {
          // The full copy has a new id (its diff reloads the list); open it.
          setSelectedIds(new Set([r.value.id]));
          setCurrent(r.value);
        }
      });
    },
    flag: (m) => {
      list?.patch([m.summary.id], (x) => ({
        ...x,
        flags: { ...x.flags, flagged: !m.summary.flags.flagged },
      }));
      setCurrent((c) =>
        c === null ? c : { ...c, flags: { ...c.flags, flagged: !m.summary.flags.flagged } },
      );
      void backend.setFlag(refs([m.summary.id]), 'flagged', !m.summary.flags.flagged).then(report);
    },
    markUnread: (m) => {
      list?.patch([m.summary.id], (x) => ({ ...x, flags: { ...x.flags, seen: false } }));
      void backend.setFlag(refs([m.summary.id]), 'seen', false).then(report);
    },
    move: (m, to) => {
      void backend.move(refs([m.summary.id]), to).then((r) => {
        report(r);
        if (r.ok) {
          setCurrent(null);
          setSelectedIds(new Set());
          list?.reload();
        }
      });
    },
    remove: (m) => {
      setSelectedIds(new Set([m.summary.id]));
      void backend.remove(refs([m.summary.id])).then((r) => {
        report(r);
        if (r.ok) {
          setCurrent(null);
          setSelectedIds(new Set());
          list?.reload();
        }
      });
    },
  };

  return { shown, readerActions };
}
