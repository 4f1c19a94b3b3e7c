/** The pane widths, remembered across sessions (localStorage: no secret, just numbers). */
import { useCallback, useState } from 'react';

export interface Layout {
  sidebar: number;
  list: number;
}

const KEY = 'mailwright.layout';
const DEFAULT: Layout = { sidebar: 250, list: 400 };
const LIMITS = { sidebar: [180, 480], list: [280, 900] } as const;

export function clampLayout(l: Partial<Layout>): Layout {
  const clamp = (v: unknown, [lo, hi]: readonly [number, number], d: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : d;
  return {
    sidebar: clamp(l.sidebar, LIMITS.sidebar, DEFAULT.sidebar),
    list: clamp(l.list, LIMITS.list, DEFAULT.list),
  };
}

export function readLayout(storage: Storage | undefined): Layout {
  try {
    const raw = storage?.getItem(KEY);
    return raw ? clampLayout(JSON.parse(raw) as Partial<Layout>) : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

export function useLayout(): [Layout, (patch: Partial<Layout>) => void] {
  const [layout, setLayout] = useState(() => readLayout(globalThis.localStorage));
  const update = useCallback((patch: Partial<Layout>) => {
    setLayout((old) => {
      const next = clampLayout({ ...old, ...patch });
      try {
        globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
      } catch {
        // A full or disabled storage only loses the remembered widths.
      }
      return next;
    });
  }, []);
  return [layout, update];
}
