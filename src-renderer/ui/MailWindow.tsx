import { useCallback, useRef, useState, useSyncExternalStore } from 'react';
import type { Store } from '../state/store';
import { AccountSettingsDialog } from './AccountSettingsDialog';
import { Composer } from './Composer';
import { Inspector } from './Inspector';
import { useLayout } from './layout';
import { ListPane } from './ListPane';
import { MailToolbar } from './MailToolbar';
import { ReaderPane } from './ReaderPane';
import { SetupWizard } from './SetupWizard';
import { Splitter } from './Splitter';
import { LoadingScreen, NoAccountsScreen } from './StartScreens';
import { Notices } from './Status';
import { Sidebar } from './Sidebar';
import { useCompose } from './useCompose';
import { useDark } from './useDark';
import { folderNameOf, useFolderSelection } from './useFolderSelection';
import { useInspector } from './useInspector';
import { useKnownAddresses } from './useKnownAddresses';
import { useMailActions, useRefs, useReport } from './useMailActions';
import { useMessageList, useMessageSelection, type MessageSort } from './useMessageList';
import { useReaderActions } from './useReaderActions';
import { useSearch } from './useSearch';
import { useShortcuts } from './useShortcuts';

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

/** Sidebar, message list, reader, and the other dialogs: wires the state hooks to the panes. */
function Screens({ store, onAddAccount }: { store: Store; onAddAccount: () => void }) {
  const backend = store.backend;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const dark = useDark();
  const [layout, setLayout] = useLayout();
  const [selection, setSelection] = useFolderSelection(store, snap);
  const [sort, setSort] = useState<MessageSort>({ by: 'date', direction: 'desc' });
  const { searchText, setSearchText, search, setSearch } = useSearch();
  const list = useMessageList(backend, selection, sort, search);
  const { selectedIds, setSelectedIds, current, setCurrent } = useMessageSelection(list);
  const [inspector, setInspector] = useInspector(store);
  const [settingsFor, setSettingsFor] = useState<string | null>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const listBox = useRef<HTMLElement>(null);

  const accounts = snap.accounts ?? [];

  const report = useReport(store);
  const refs = useRefs(selection);
  const { learn, knownAddresses } = useKnownAddresses(list);
  const { composer, startCompose, composeFromEvent, closeComposer } = useCompose(selection, accounts);
  const { open, act, focusList } = useMailActions({
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
  });
  const { shown, readerActions } = useReaderActions({
    backend,
    list,
    refs,
    report,
    setSelectedIds,
    setCurrent,
    startCompose,
  });
  useShortcuts({ backend, act, focusList, onAddAccount, composeFromEvent });

  const dismiss = useCallback((id: number) => store.dismiss(id), [store]);

  if (snap.accounts === null && snap.loadError === null) return <LoadingScreen />;
  if (snap.accounts !== null && snap.accounts.length === 0 && snap.loadError === null) {
    return <NoAccountsScreen onAddAccount={onAddAccount} />;
  }

  const folderName = folderNameOf(snap, selection);
  const settingsAccount = accounts.find((a) => a.id === settingsFor);

  return (
    <>
      <MailToolbar
        canCompose={accounts.length !== 0}
        onCompose={() => startCompose('new')}
        searchBox={searchBox}
        searchText={searchText}
        onSearchText={setSearchText}
        onSearchNow={() => setSearch(searchText.trim())}
        inspectorOpen={inspector !== null}
        onToggleInspector={() =>
          setInspector(inspector === null ? (selection?.accountId ?? accounts[0]?.id ?? null) : null)
        }
        onAddAccount={onAddAccount}
      />
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
        <ListPane
          paneRef={listBox}
          width={layout.list}
          list={list}
          listKey={`${selection?.accountId}/${selection?.path}/${sort.by}/${sort.direction}/${search}`}
          folderName={folderName}
          search={search}
          sort={sort}
          onSort={setSort}
          selected={selectedIds}
          onSelect={(ids, row) => {
            setSelectedIds(ids);
            open(row);
          }}
          onAction={(a) => void act(a)}
        />
        <Splitter
          label="Resize the message list"
          value={layout.list}
          min={280}
          max={900}
          onChange={(w) => setLayout({ list: w })}
        />
        <ReaderPane
          backend={backend}
          current={selection !== null ? current : null}
          folders={current === null ? [] : (snap.folders[current.accountId] ?? [])}
          dark={dark}
          actions={readerActions}
          onShown={shown}
          selectedCount={selectedIds.size}
        />
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
          onClose={closeComposer}
          onSent={(text) => {
            closeComposer();
            store.notify(text);
          }}
        />
      )}
      {settingsFor !== null && settingsAccount !== undefined && (
        <AccountSettingsDialog
          backend={backend}
          account={settingsAccount}
          onClose={() => setSettingsFor(null)}
        />
      )}
    </>
  );
}
