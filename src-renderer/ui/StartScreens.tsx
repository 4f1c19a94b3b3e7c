import { EmptyState } from '../components/EmptyState';
import { Brand } from './Brand';

/** Shown while the account list is still being read. */
export function LoadingScreen() {
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

/** Shown when there is no account yet: the only thing to do is add one. */
export function NoAccountsScreen({ onAddAccount }: { onAddAccount: () => void }) {
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
