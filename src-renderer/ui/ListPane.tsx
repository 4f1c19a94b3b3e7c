import type { RefObject } from 'react';
import type { MessageSortKey, MessageSummary } from '../../src-main/model';
import type { PagedList } from '../state/message-list';
import { formatCount } from '../lib/format';
import { MessageList, type ListKeyAction } from './MessageList';
import type { MessageSort } from './useMessageList';

const SORTS: { by: MessageSortKey; label: string }[] = [
  { by: 'date', label: 'Date' },
  { by: 'from', label: 'Sender' },
  { by: 'subject', label: 'Subject' },
  { by: 'size', label: 'Size' },
];

/** The middle pane: the folder (or search) title, its count, the sort controls and the list. */
export function ListPane({
  paneRef,
  width,
  list,
  listKey,
  folderName,
  search,
  sort,
  onSort,
  selected,
  onSelect,
  onAction,
}: {
  /** The pane itself, so actions can give the list back its focus. */
  paneRef: RefObject<HTMLElement | null>;
  width: number;
  list: PagedList | null;
  /** A new key per folder, sort and search: the list starts at the top again. */
  listKey: string;
  folderName: string;
  search: string;
  sort: MessageSort;
  onSort: (sort: MessageSort) => void;
  selected: Set<string>;
  onSelect: (ids: Set<string>, row: MessageSummary | null) => void;
  onAction: (action: ListKeyAction) => void;
}) {
  return (
    <section className="list-pane" aria-label="Messages" style={{ width }} ref={paneRef}>
      <div className="list-head">
        <h2 className="list-title">{search !== '' ? `Search: ${search}` : folderName}</h2>
        <span className="muted small">{list?.total != null ? formatCount(list.total, 'message') : ''}</span>
        <span className="spacer" />
        <select
          aria-label="Sort by"
          value={sort.by}
          onChange={(e) => onSort({ ...sort, by: e.target.value as MessageSortKey })}
        >
          {SORTS.map((s) => (
            <option key={s.by} value={s.by}>
              {s.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="icon-button"
          aria-label={
            sort.direction === 'desc'
              ? 'Sort descending (click for ascending)'
              : 'Sort ascending (click for descending)'
          }
          onClick={() => onSort({ ...sort, direction: sort.direction === 'desc' ? 'asc' : 'desc' })}
        >
          {sort.direction === 'desc' ? '↓' : '↑'}
        </button>
      </div>
      {list === null ? (
        <p className="muted list-empty">Choose a folder on the left.</p>
      ) : (
        <MessageList
          key={listKey}
          list={list}
          label={`Messages in ${folderName}`}
          selected={selected}
          onSelect={onSelect}
          onAction={onAction}
        />
      )}
    </section>
  );
}
