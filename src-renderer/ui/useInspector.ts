import { useEffect, useState } from 'react';
import type { Store } from '../state/store';

/** Which account's protocol log the inspector shows (null: closed); its log is read on open. */
export function useInspector(store: Store) {
  const [inspector, setInspector] = useState<string | null>(null);
  useEffect(() => {
    if (inspector !== null) void store.loadLog(inspector);
  }, [inspector, store]);
  return [inspector, setInspector] as const;
}
