import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Account, Folder } from '../../src-main/model';
import { Icon, folderIcon } from './icons';
import { sortTree, visibleFolders } from './folder-order';

export interface Selection {
  accountId: string;
  path: string;
}

const COLLAPSED_KEY = 'mailwright.collapsed';

function readCollapsed(): Set<string> {
  try {
    const raw = globalThis.localStorage?.getItem(COLLAPSED_KEY);
    return new Set(raw ? (JSON.parse(raw) as string[]) : []);
  } catch {
    return new Set();
  }
}

/**
 * One account's folders as a WAI-ARIA tree: arrows move, Right/Left open and close,
 * Enter or Space opens the folder. Collapsed branches are remembered.
 */
export function FolderTree({
  account,
  folders,
  selected,
  onSelect,
}: {
  account: Account;
  folders: Folder[] | undefined;
  selected: Selection | null;
  onSelect: (s: Selection) => void;
}) {
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const tree = useMemo(() => sortTree(folders ?? []), [folders]);
  const visible = useMemo(() => visibleFolders(tree, collapsed, account.id), [tree, collapsed, account.id]);
  const [focusPath, setFocusPath] = useState<string | null>(null);

  const key = (path: string) => `${account.id}\u0000${path}`;
  const toggle = (path: string, open?: boolean) => {
    setCollapsed((old) => {
      const next = new Set(old);
      const isOpen = !next.has(key(path));
      if (open ?? !isOpen) next.delete(key(path));
      else next.add(key(path));
      try {
        globalThis.localStorage?.setItem(COLLAPSED_KEY, JSON.stringify([...next]));
      } catch {
        // Only the remembered state is lost.
      }
      return next;
    });
  };

  const current =
    focusPath ?? (selected?.accountId === account.id ? selected.path : (visible[0]?.path ?? null));

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const i = visible.findIndex((f) => f.path === current);
    const f = visible[i];
    let next: Folder | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = visible[i + 1];
        break;
      case 'ArrowUp':
        next = visible[i - 1];
        break;
      case 'Home':
        next = visible[0];
        break;
      case 'End':
        next = visible[visible.length - 1];
        break;
      case 'ArrowRight':
        if (f !== undefined && f.children.length > 0) toggle(f.path, true);
        break;
      case 'ArrowLeft':
        if (f !== undefined && f.children.length > 0) toggle(f.path, false);
        break;
      case 'Enter':
      case ' ':
        if (f?.selectable) onSelect({ accountId: account.id, path: f.path });
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    if (next !== undefined) {
      setFocusPath(next.path);
      document.getElementById(itemId(account.id, next.path))?.focus();
    }
  }

  if (folders === undefined) {
    return (
      <p className="muted small tree-note" role="status">
        Loading folders…
      </p>
    );
  }
  if (folders.length === 0) {
    return <p className="muted small tree-note">No folders yet — they appear after the first sync.</p>;
  }

  const render = (list: Folder[], level: number) =>
    list.map((f) => {
      const open = !collapsed.has(key(f.path));
      const isSelected = selected?.accountId === account.id && selected.path === f.path;
      const unread = f.counts?.unread ?? 0;
      return (
        <li
          key={f.path}
          id={itemId(account.id, f.path)}
          role="treeitem"
          aria-level={level}
          aria-selected={isSelected}
          aria-expanded={f.children.length > 0 ? open : undefined}
          aria-disabled={!f.selectable || undefined}
          aria-label={unread > 0 ? `${f.name}, ${unread} unread` : f.name}
          tabIndex={f.path === current ? 0 : -1}
          className="tree-item"
          onFocus={(e) => {
            if (e.target === e.currentTarget) setFocusPath(f.path);
          }}
          onClick={(e) => {
            e.stopPropagation();
            if (f.selectable) onSelect({ accountId: account.id, path: f.path });
            else if (f.children.length > 0) toggle(f.path);
          }}
        >
          <div
            className={`tree-row${isSelected ? ' selected' : ''}`}
            style={{ paddingLeft: 8 + (level - 1) * 14 }}
          >
            {f.children.length > 0 ? (
              <span
                className={`twisty${open ? ' open' : ''}`}
                aria-hidden="true"
                onClick={(e) => {
                  e.stopPropagation();
                  toggle(f.path);
                }}
              >
                <Icon name="chevron" size={12} />
              </span>
            ) : (
              <span className="twisty" aria-hidden="true" />
            )}
            <Icon name={folderIcon(f.specialUse)} />
            <span className={`tree-name${f.selectable ? '' : ' muted'}`}>{f.name}</span>
            {unread > 0 && (
              <span className="badge" aria-hidden="true">
                {unread}
              </span>
            )}
          </div>
          {f.children.length > 0 && open && <ul role="group">{render(f.children, level + 1)}</ul>}
        </li>
      );
    });

  return (
    <ul role="tree" aria-label={`Folders of ${account.address}`} className="tree" onKeyDown={onKeyDown}>
      {render(tree, 1)}
    </ul>
  );
}

function itemId(accountId: string, path: string): string {
  return `folder-${accountId}-${encodeURIComponent(path)}`;
}
