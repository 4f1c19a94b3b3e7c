import type { Account } from '../../src-main/model';
import type { Snapshot, Store } from '../state/store';
import { FolderTree, type Selection } from './FolderTree';
import { Icon } from './icons';
import { AccountStatus } from './Status';

/** The accounts, each with its sync status and its folder tree. */
export function Sidebar({
  store,
  snap,
  width,
  selection,
  onSelect,
  onSettings,
  report,
}: {
  store: Store;
  snap: Snapshot;
  width: number;
  selection: Selection | null;
  onSelect: (s: Selection) => void;
  onSettings: (accountId: string) => void;
  report: (r: { ok: boolean; error?: { message: string } }) => void;
}) {
  const backend = store.backend;
  const accounts = snap.accounts ?? [];
  return (
    <nav className="sidebar" aria-label="Accounts" style={{ width }}>
      {snap.loadError !== null && (
        <p role="alert" className="error small">
          {snap.loadError.message}
        </p>
      )}
      {snap.accounts === null && (
        <p className="muted small" role="status">
          Loading…
        </p>
      )}
      {accounts.map((a: Account) => (
        <section key={a.id} className="account" aria-label={a.address}>
          <div className="account-head">
            <div className="account-id">
              <span className="account-name">{a.displayName || a.address}</span>
              {a.displayName && <span className="muted small">{a.address}</span>}
            </div>
            <button
              type="button"
              className="icon-button"
              aria-label={`Sync ${a.address}`}
              title="Check for new mail"
              onClick={() => void backend.sync(a.id).then(report)}
            >
              ↻
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Settings for ${a.address}`}
              title="Account settings"
              onClick={() => onSettings(a.id)}
            >
              <Icon name="gear" />
            </button>
          </div>
          <AccountStatus
            account={a}
            progress={snap.progress[a.id]}
            error={snap.errors[a.id]}
            onRetry={() => {
              store.clearError(a.id);
              void backend.sync(a.id).then(report);
            }}
            onDismiss={() => store.clearError(a.id)}
          />
          <FolderTree account={a} folders={snap.folders[a.id]} selected={selection} onSelect={onSelect} />
        </section>
      ))}
    </nav>
  );
}
