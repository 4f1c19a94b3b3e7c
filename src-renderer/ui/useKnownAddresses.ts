import { useCallback, useRef } from 'react';
import type { MailAddress, MessageSummary } from '../../src-main/model';
import type { PagedList } from '../state/message-list';

/**
 * Addresses seen in opened messages and loaded rows, offered as suggestions in the
 * composer. Kept in a ref: learning one must not re-render the window.
 */
export function useKnownAddresses(list: PagedList | null) {
  const known = useRef(new Map<string, MailAddress>());

  const learn = useCallback((m: MessageSummary) => {
    for (const a of [...m.from, ...m.to]) known.current.set(a.address.toLowerCase(), a);
  }, []);

  const knownAddresses = (): MailAddress[] => {
    for (const m of list?.loadedRows() ?? []) learn(m);
    return [...known.current.values()];
  };

  return { learn, knownAddresses };
}
