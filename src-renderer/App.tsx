import { useEffect, useState } from 'react';
import type { Account } from '../src-main/model';
import type { Connection } from './api/connect';
import type { ConnectionStatus } from './api/ws-client';
import { AccountList } from './components/AccountList';
import { AddAccountDialog } from './components/AddAccountDialog';
import { ConnectionProblem } from './components/ConnectionProblem';
import { EmptyState } from './components/EmptyState';
import iconUrl from '../assets/icon.svg';

export function App({ connection }: { connection: Connection }) {
  if (connection.kind === 'no-token') return <ConnectionProblem reason="no-token" />;
  return <Connected connection={connection} />;
}

function Connected({ connection }: { connection: Extract<Connection, { kind: 'ready' }> }) {
  const { api } = connection;
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  useEffect(() => connection.watch(setStatus), [connection]);

  useEffect(() => {
    let live = true;
    const off = api.on('accounts-changed', ({ accounts: next }) => setAccounts(next));
    void api.accounts.list().then((result) => {
      if (!live) return;
      if (result.ok) setAccounts(result.value);
      else setLoadError(result.error.message);
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);

  if (status === 'refused' || status === 'closed') return <ConnectionProblem reason={status} />;

  return (
    <div className="app">
      <header className="topbar">
        <img className="brand-icon" src={iconUrl} alt="" width={22} height={22} />
        <span className="brand">Mailwright</span>
      </header>
      <div className="body">
        <nav className="sidebar" aria-label="Accounts">
          <h2 className="sidebar-title">Accounts</h2>
          {accounts !== null && accounts.length > 0 ? (
            <AccountList accounts={accounts} />
          ) : (
            <p className="muted small">None yet</p>
          )}
        </nav>
        <main className="content">
          {loadError !== null ? (
            <p role="alert" className="error">
              {loadError}
            </p>
          ) : accounts === null ? (
            <p className="muted" role="status">
              Loading…
            </p>
          ) : accounts.length === 0 ? (
            <EmptyState onAdd={() => setAdding(true)} />
          ) : (
            <p className="muted">Choose a folder to read its mail.</p>
          )}
        </main>
      </div>
      {adding && <AddAccountDialog onClose={() => setAdding(false)} />}
    </div>
  );
}
