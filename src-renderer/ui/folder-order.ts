/** Folder order in the tree: the special-use folders first in a fixed order, then by name. */
import type { Folder, SpecialUse } from '../../src-main/model';

const ORDER: Record<SpecialUse, number> = {
  inbox: 0,
  drafts: 1,
  sent: 2,
  archive: 3,
  flagged: 4,
  all: 5,
  junk: 6,
  trash: 7,
};

export function compareFolders(a: Folder, b: Folder): number {
  const ra = a.specialUse === null ? 100 : ORDER[a.specialUse];
  const rb = b.specialUse === null ? 100 : ORDER[b.specialUse];
  if (ra !== rb) return ra - rb;
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });
}

export function sortTree(folders: readonly Folder[]): Folder[] {
  return [...folders].sort(compareFolders).map((f) => ({ ...f, children: sortTree(f.children) }));
}

/** The flat list of visible folders, for keyboard movement in the tree. */
export function visibleFolders(
  folders: readonly Folder[],
  collapsed: ReadonlySet<string>,
  accountId: string,
): Folder[] {
  const out: Folder[] = [];
  const walk = (list: readonly Folder[]) => {
    for (const f of list) {
      out.push(f);
      if (f.children.length > 0 && !collapsed.has(`${accountId}\u0000${f.path}`)) walk(f.children);
    }
  };
  walk(folders);
  return out;
}

export function allFolders(folders: readonly Folder[]): Folder[] {
  const out: Folder[] = [];
  const walk = (list: readonly Folder[]) => {
    for (const f of list) {
      out.push(f);
      walk(f.children);
    }
  };
  walk(folders);
  return out;
}
