import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import type { MessageSummary } from '../../src-main/model';
import type { PagedList } from '../state/message-list';
import { displayName } from '../lib/addresses';
import { formatListDate, formatSize } from '../lib/format';
import { Icon } from './icons';

export const ROW_HEIGHT = 68;
const OVERSCAN = 8;

export type ListKeyAction = 'delete' | 'reply' | 'reply-all' | 'forward' | 'flag' | 'unread' | 'open';

/**
 * The message list, virtualised by hand: only the rows in view (plus a few) exist in the
 * DOM, positioned inside a spacer as tall as the whole folder, so 100,000 rows cost what
 * 20 do. Rows come from PagedList, which fetches the pages that cover them.
 * A WAI-ARIA listbox: multi-select with Ctrl/Cmd and Shift, j/k and the arrows move.
 */
export function MessageList({
  list,
  selected,
  onSelect,
  onAction,
  label,
}: {
  list: PagedList;
  selected: ReadonlySet<string>;
  /** ids in the new selection and the one that is "current" (opened in the reader). */
  onSelect: (ids: Set<string>, current: MessageSummary | null) => void;
  onAction: (action: ListKeyAction) => void;
  label: string;
}) {
  useSyncExternalStore(list.subscribe, list.getVersion);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [cursor, setCursor] = useState(0);
  const anchor = useRef(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    setHeight(el.clientHeight || 600);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const total = list.total ?? 0;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  useEffect(() => {
    list.ensure(first, Math.max(last, first + 1));
  }, [list, first, last, list.version]);

  function select(index: number, mode: 'single' | 'toggle' | 'range') {
    const row = list.rowAt(index);
    if (row === undefined) return;
    setCursor(index);
    let ids: Set<string>;
    if (mode === 'toggle') {
      ids = new Set(selected);
      if (ids.has(row.id)) ids.delete(row.id);
      else ids.add(row.id);
      anchor.current = index;
    } else if (mode === 'range') {
      ids = new Set<string>();
      const [lo, hi] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
      for (let i = lo; i <= hi; i++) {
        const r = list.rowAt(i);
        if (r !== undefined) ids.add(r.id);
      }
    } else {
      ids = new Set([row.id]);
      anchor.current = index;
    }
    onSelect(ids, mode === 'single' ? row : ids.size === 1 ? row : null);
    scrollIntoView(index);
  }

  function scrollIntoView(index: number) {
    const el = scroller.current;
    if (el === null) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.altKey || e.metaKey || (e.ctrlKey && e.key !== 'a')) return;
    const move = (to: number) =>
      select(Math.max(0, Math.min(total - 1, to)), e.shiftKey ? 'range' : 'single');
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        move(cursor + 1);
        break;
      case 'ArrowUp':
      case 'k':
        move(cursor - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(total - 1);
        break;
      case 'PageDown':
        move(cursor + Math.floor(height / ROW_HEIGHT));
        break;
      case 'PageUp':
        move(cursor - Math.floor(height / ROW_HEIGHT));
        break;
      case 'Enter':
        onAction('open');
        break;
      case 'Delete':
      case 'Backspace':
        onAction('delete');
        break;
      case 'r':
        onAction('reply');
        break;
      case 'a':
        onAction(e.ctrlKey ? 'open' : 'reply-all');
        break;
      case 'f':
        onAction('forward');
        break;
      case 's':
        onAction('flag');
        break;
      case 'u':
        onAction('unread');
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  if (list.error !== null && list.total === null) {
    return (
      <div className="list-empty" role="alert">
        <p>{list.error.message}</p>
        <button type="button" onClick={() => list.reload()}>
          Try again
        </button>
      </div>
    );
  }

  const rows = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i, list.rowAt(i)));

  function renderRow(index: number, row: MessageSummary | undefined) {
    const isSelected = row !== undefined && selected.has(row.id);
    return (
      <div
        key={row?.id ?? `loading-${index}`}
        role="option"
        id={`msg-row-${index}`}
        aria-selected={isSelected}
        aria-posinset={index + 1}
        aria-setsize={total}
        aria-label={row === undefined ? 'Loading' : rowLabel(row)}
        className={`msg-row${isSelected ? ' selected' : ''}${row !== undefined && !row.flags.seen ? ' unread' : ''}${index === cursor ? ' cursor' : ''}`}
        style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
        onClick={(e) => select(index, e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single')}
      >
        {row === undefined ? (
          <div className="msg-skeleton" aria-hidden="true" />
        ) : (
          <>
            <div className="msg-line1">
              <span className="msg-dot" aria-hidden="true" />
              <span className="msg-from">{displayName(row.from)}</span>
              {row.hasAttachments && (
                <span className="msg-mark" title="Has attachments">
                  <Icon name="paperclip" size={14} />
                </span>
              )}
              {row.flags.flagged && (
                <span className="msg-mark flag" title="Flagged">
                  <Icon name="star" size={14} filled />
                </span>
              )}
              <span className="msg-date">{formatListDate(row.date)}</span>
            </div>
            <div className="msg-line2">
              <span className="msg-subject">{row.subject || '(no subject)'}</span>
              <span className="msg-size">{formatSize(row.size)}</span>
            </div>
            <div className="msg-snippet">{row.snippet}</div>
          </>
        )}
      </div>
    );
  }

  const scrollerView = (
    <div
      ref={scroller}
      className="msg-scroller"
      role="listbox"
      aria-label={label}
      aria-multiselectable="true"
      aria-activedescendant={total > 0 ? `msg-row-${cursor}` : undefined}
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      {list.total === 0 ? (
        <div className="list-empty">
          <p className="muted">
            {list.query.search !== '' ? 'Nothing matches that search.' : 'No messages in this folder.'}
          </p>
        </div>
      ) : (
        <div className="msg-spacer" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
      )}
    </div>
  );
  if (!list.localOnly) return scrollerView;
  return (
    <>
      <p className="list-note muted" role="status">
        The server could not be searched: these are the matches on this computer only.
      </p>
      {scrollerView}
    </>
  );
}

export function rowLabel(m: MessageSummary): string {
  const parts = [displayName(m.from), m.subject || '(no subject)', formatListDate(m.date)];
  if (!m.flags.seen) parts.unshift('Unread');
  if (m.flags.flagged) parts.push('flagged');
  if (m.hasAttachments) parts.push('with attachments');
  return parts.join(', ');
}
