import { useEffect, useState } from 'react';
import type { Store, Snapshot } from '../state/store';
import type { Selection } from './FolderTree';
import { allFolders } from './folder-order';

/**
 * Which account's folder is open. Each account's folders are read once (events keep them
 * fresh); the first inbox opens by itself, and a removed account's folder closes.
 */
export function useFolderSelection(store: Store, snap: Snapshot) {
  const [selection, setSelection] = useState<Selection | null>(null);
  const accounts = snap.accounts ?? [];

  useEffect(() => {
    for (const a of accounts) if (snap.folders[a.id] === undefined) void store.loadFolders(a.id);
  }, [accounts, snap.folders, store]);

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

  return [selection, setSelection] as const;
}

/** The open folder's display name ('' when none is open). */
export function folderNameOf(snap: Snapshot, selection: Selection | null): string {
  return selection === null
    ? ''
    : (allFolders(snap.folders[selection.accountId] ?? []).find((f) => f.path === selection.path)?.name ??
        selection.path);
}
