import { useEffect, useMemo, useState } from 'react';
import type { Connection } from './api/connect';
import type { ConnectionStatus } from './api/ws-client';
import { ConnectionProblem } from './components/ConnectionProblem';
import { backendFromApi } from './state/backend';
import { Store } from './state/store';
import { MailWindow } from './ui/MailWindow';

export function App({ connection }: { connection: Connection }) {
  if (connection.kind === 'no-token') return <ConnectionProblem reason="no-token" />;
  return <Connected connection={connection} />;
}

function Connected({ connection }: { connection: Extract<Connection, { kind: 'ready' }> }) {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const store = useMemo(() => new Store(backendFromApi(connection.api)), [connection]);

  useEffect(() => connection.watch(setStatus), [connection]);
  useEffect(() => store.start(), [store]);

  if (status === 'refused' || status === 'closed') return <ConnectionProblem reason={status} />;

  return (
    <div className="app">
      <MailWindow store={store} />
    </div>
  );
}
