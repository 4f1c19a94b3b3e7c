import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type {
  MailAddress,
  MessageDetail,
  MessageSortKey,
  MessageSummary,
  SortDirection,
} from '../../src-main/model';
import type { ComposeEvent } from '../../src-main/ipc/contract';
import type { Store } from '../state/store';
import { PagedList } from '../state/message-list';
import { composeFrom, type ComposeSeed, type ReplyMode } from '../lib/quote';
import { formatFullDate } from '../lib/format';
import { parseAddresses } from '../lib/addresses';
import { AccountSettingsDialog } from './AccountSettingsDialog';
import { Composer } from './Composer';
import { EmptyState } from '../components/EmptyState';
import type { Selection } from './FolderTree';
import { Icon } from './icons';
import { Inspector } from './Inspector';
import { useLayout } from './layout';
import { MessageList, type ListKeyAction } from './MessageList';
import { Reader, type ReaderActions } from './Reader';
import { SetupWizard } from './SetupWizard';
import { Splitter } from './Splitter';
import { Notices } from './Status';
import { Sidebar } from './Sidebar';
import { useDark } from './useDark';
import { useShortcuts } from './useShortcuts';
import { allFolders } from './folder-order';
import iconUrl from '../../assets/icon.svg';

function Brand() {
  return (
    <span className="brand-wrap">
      <img className="brand-icon" src={iconUrl} alt="" width={22} height={22} />
      <span className="brand">Mailwright</span>
    </span>
  );
}

const SORTS: { by: MessageSortKey; label: string }[] = [
  { by: 'date', label: 'Date' },
  { by: 'from', label: 'Sender' },
  { by: 'subject', label: 'Subject' },
  { by: 'size', label: 'Size' },
];

/**
 * The whole window once connected. The setup wizard lives here, outside the screens:
 * adding the first account swaps the empty state for the three panes, and the wizard
 * (still testing the connection) must keep its state across that swap.
 */
export function MailWindow({ store }: { store: Store }) {
  const [wizard, setWizard] = useState(false);
  return (
    <>
      <Screens store={store} onAddAccount={() => setWizard(true)} />
      {wizard && (
        <SetupWizard
          backend={store.backend}
          onClose={() => setWizard(false)}
          onAdded={() => setWizard(false)}
        />
      )}
    </>
  );
}

/** Sidebar, message list, reader, and the other dialogs. */
function Screens({ store, onAddAccount }: { store: Store; onAddAccount: () => void }) {
  const backend = store.backend;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const dark = useDark();
  const [layout, setLayout] = useLayout();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [sort, setSort] = useState<{ by: MessageSortKey; direction: SortDirection }>({
    by: 'date',
    direction: 'desc',
  });
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());
  const [current, setCurrent] = useState<MessageSummary | null>(null);
  const [composer, setComposer] = useState<{
    accountId: string;
    seed: ComposeSeed | null;
    key: number;
  } | null>(null);
  const [settingsFor, setSettingsFor] = useState<string | null>(null);
  const [inspector, setInspector] = useState<string | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const listBox = useRef<HTMLDivElement>(null);
  const known = useRef(new Map<string, MailAddress>());

  const accounts = snap.accounts ?? [];
  const account = accounts.find((a) => a.id === selection?.accountId) ?? null;

  // Each account's folders are read once; events keep them fresh.
  useEffect(() => {
    for (const a of accounts) if (snap.folders[a.id] === undefined) void store.loadFolders(a.id);
  }, [accounts, snap.folders, store]);

  // The first inbox opens by itself; a removed account's folder closes.
  useEffect(() => {
    if (selection !== null && accounts.some((a) => a.id === selection.accountId)) return;
    for (const a of accounts) {
      const inbox =
        allFolders(snap.folders[a.id] ?? []).find((f) => f.specialUse === 'inbox') ?? snap.folders[a.id]?.[0];
      if (inbox !== undefined) {
        setSelection({ accountId: a.id, path: inbox.path });
        return;
      }
    }
    if (selection !== null) setSelection(null);
  }, [accounts, snap.folders, selection]);

  useEffect(() => {
    const t = setTimeout(() => setSearch(searchText.trim()), 250);
    return () => clearTimeout(t);
  }, [searchText]);

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
  useEffect(() => {
    setSelectedIds(new Set());
    setCurrent(null);
  }, [list]);

  useEffect(() => {
    if (inspector !== null) void store.loadLog(inspector);
  }, [inspector, store]);

  const refs = useCallback(
    (ids: Iterable<string>) => ({
      accountId: selection?.accountId ?? '',
      folder: selection?.path ?? '',
      ids: [...ids],
    }),
    [selection],
  );

  const report = useCallback(
    (r: { ok: boolean; error?: { message: string } }) => {
      if (!r.ok && r.error !== undefined) store.notify(r.error.message);
    },
    [store],
  );

  const open = useCallback(
    (m: MessageSummary | null) => {
      setCurrent(m);
      if (m === null || list === null) return;
      for (const a of [...m.from, ...m.to]) known.current.set(a.address.toLowerCase(), a);
    },
    [list],
  );

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

  const startCompose = useCallback(
    (mode: ReplyMode | 'new', detail?: MessageDetail) => {
      const accountId = selection?.accountId ?? accounts[0]?.id;
      if (accountId === undefined) return;
      const me = accounts.find((a) => a.id === accountId)?.address ?? '';
      const seed =
        mode === 'new' || detail === undefined
          ? null
          : composeFrom(detail, mode, me, formatFullDate(detail.summary.date));
      setComposer({ accountId, seed, key: Date.now() });
    },
    [selection, accounts],
  );

  const targetIds = useCallback(
    () => (selectedIds.size > 0 ? [...selectedIds] : current !== null ? [current.id] : []),
    [selectedIds, current],
  );

  const act = useCallback(
    async (action: ListKeyAction | 'compose' | 'search') => {
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
    [list, targetIds, current, backend, startCompose, refs, report, open],
  );

  const focusList = useCallback(
    () => listBox.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus(),
    [],
  );
  const composeFromEvent = useCallback(
    (c: ComposeEvent) => {
      const accountId = selection?.accountId ?? accounts[0]?.id;
      if (accountId === undefined) return;
      const list = (xs: string[]) => parseAddresses(xs.join(', ')).valid;
      setComposer({
        accountId,
        seed: {
          to: list(c.to),
          cc: list(c.cc),
          subject: c.subject,
          text: c.body,
          inReplyTo: null,
          references: [],
        },
        key: Date.now(),
      });
    },
    [selection, accounts],
  );
  useShortcuts({ backend, act, focusList, onAddAccount, composeFromEvent });

  const dismiss = useCallback((id: number) => store.dismiss(id), [store]);

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

  const knownAddresses = (): MailAddress[] => {
    for (const m of list?.loadedRows() ?? []) {
      for (const a of [...m.from, ...m.to]) known.current.set(a.address.toLowerCase(), a);
    }
    return [...known.current.values()];
  };

  if (snap.accounts === null && snap.loadError === null) {
    return (
      <>
        <header className="topbar">
          <Brand />
        </header>
        <main className="content center">
          <p className="muted" role="status">
            Loading…
          </p>
        </main>
      </>
    );
  }

  if (snap.accounts !== null && snap.accounts.length === 0 && snap.loadError === null) {
    return (
      <>
        <header className="topbar">
          <Brand />
        </header>
        <main className="content center">
          <EmptyState onAdd={() => onAddAccount()} />
        </main>
      </>
    );
  }

  const folderName =
    selection === null
      ? ''
      : (allFolders(snap.folders[selection.accountId] ?? []).find((f) => f.path === selection.path)?.name ??
        selection.path);

  return (
    <>
      <header className="topbar">
        <Brand />
        <div className="toolbar" role="toolbar" aria-label="Mail">
          <button
            type="button"
            className="primary compose-button"
            onClick={() => startCompose('new')}
            disabled={accounts.length === 0}
          >
            <Icon name="compose" /> Compose
          </button>
          <div className="search" role="search">
            <Icon name="search" />
            <input
              ref={searchBox}
              type="search"
              aria-label="Search mail"
              placeholder="Search this folder"
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setSearchText('');
                if (e.key === 'Enter') setSearch(searchText.trim());
              }}
            />
          </div>
          <span className="spacer" />
          <button
            type="button"
            aria-pressed={inspector !== null}
            onClick={() =>
              setInspector(inspector === null ? (selection?.accountId ?? accounts[0]?.id ?? null) : null)
            }
          >
            <Icon name="terminal" /> Inspector
          </button>
          <button type="button" onClick={() => onAddAccount()}>
            <Icon name="plus" /> Add account
          </button>
        </div>
      </header>
      <div className="body">
        <Sidebar
          store={store}
          snap={snap}
          width={layout.sidebar}
          selection={selection}
          onSelect={setSelection}
          onSettings={setSettingsFor}
          report={report}
        />
        <Splitter
          label="Resize the folder pane"
          value={layout.sidebar}
          min={180}
          max={480}
          onChange={(sidebar) => setLayout({ sidebar })}
        />
        <section className="list-pane" aria-label="Messages" style={{ width: layout.list }} ref={listBox}>
          <div className="list-head">
            <h2 className="list-title">{search !== '' ? `Search: ${search}` : folderName}</h2>
            <span className="muted small">
              {list?.total != null ? `${list.total.toLocaleString()} messages` : ''}
            </span>
            <span className="spacer" />
            <select
              aria-label="Sort by"
              value={sort.by}
              onChange={(e) => setSort({ ...sort, by: e.target.value as MessageSortKey })}
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
              onClick={() => setSort({ ...sort, direction: sort.direction === 'desc' ? 'asc' : 'desc' })}
            >
              {sort.direction === 'desc' ? '↓' : '↑'}
            </button>
          </div>
          {list === null ? (
            <p className="muted list-empty">Choose a folder on the left.</p>
          ) : (
            <MessageList
              key={`${selection?.accountId}/${selection?.path}/${sort.by}/${sort.direction}/${search}`}
              list={list}
              label={`Messages in ${folderName}`}
              selected={selectedIds}
              onSelect={(ids, row) => {
                setSelectedIds(ids);
                open(row);
              }}
              onAction={(a) => void act(a)}
            />
          )}
        </section>
        <Splitter
          label="Resize the message list"
          value={layout.list}
          min={280}
          max={900}
          onChange={(w) => setLayout({ list: w })}
        />
        <section className="reader-pane" aria-label="Reader">
          {current !== null && selection !== null ? (
            <Reader
              backend={backend}
              target={{ accountId: current.accountId, folder: current.folder, id: current.id }}
              folders={snap.folders[current.accountId] ?? []}
              dark={dark}
              actions={readerActions}
              onShown={shown}
              openLink={(href) => window.open(href, '_blank', 'noopener,noreferrer')}
            />
          ) : (
            <div className="reader-empty">
              <p className="muted">
                {selectedIds.size > 1
                  ? `${selectedIds.size} messages selected.`
                  : 'Choose a message to read it here.'}
              </p>
              <p className="muted small">
                <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>r</kbd> reply · <kbd>c</kbd> compose · <kbd>/</kbd>{' '}
                search
              </p>
            </div>
          )}
        </section>
      </div>
      {inspector !== null && (
        <Inspector
          accounts={accounts}
          accountId={inspector}
          onAccount={setInspector}
          lines={snap.log[inspector] ?? []}
          onClose={() => setInspector(null)}
        />
      )}
      <Notices notices={snap.notices} onDismiss={dismiss} />
      {composer !== null && (
        <Composer
          key={composer.key}
          backend={backend}
          accounts={accounts}
          accountId={composer.accountId}
          seed={composer.seed}
          known={knownAddresses()}
          progress={snap.progress[composer.accountId]}
          onClose={() => setComposer(null)}
          onSent={(text) => {
            setComposer(null);
            store.notify(text);
          }}
        />
      )}
      {settingsFor !== null &&
        account !== undefined &&
        accounts.find((a) => a.id === settingsFor) !== undefined && (
          <AccountSettingsDialog
            backend={backend}
            account={accounts.find((a) => a.id === settingsFor)!}
            onClose={() => setSettingsFor(null)}
          />
        )}
    </>
  );
}
