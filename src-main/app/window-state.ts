/**
 * The window's size and position, remembered in `window-state.json` in the profile
 * folder. Reading is forgiving (a missing, broken or foreign file means "use the
 * defaults"), placing is defensive (a window saved on a monitor that is gone comes back
 * on a visible one), writing is atomic (temporary file, fsync, rename), so a crash
 * mid-write leaves the old file, never half a file. No electron import.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const WINDOW_STATE_FILE = 'window-state.json';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1180, height: 760 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** How much of the window must lie on a display for the saved place to be used. */
const MIN_VISIBLE = { width: 120, height: 80 } as const;
/** Larger than any real desktop: a bigger number in the file is garbage. */
const MAX_COORD = 100_000;

function isCoord(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_COORD;
}

/** The state from the file's text, or undefined when it is not one we wrote. */
export function parseWindowState(text: string): WindowState | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isCoord(v.x, -MAX_COORD) || !isCoord(v.y, -MAX_COORD)) return undefined;
  if (!isCoord(v.width, 1) || !isCoord(v.height, 1)) return undefined;
  if (typeof v.maximized !== 'boolean') return undefined;
  return { x: v.x, y: v.y, width: v.width, height: v.height, maximized: v.maximized };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

export type Placement =
  | { kind: 'saved'; bounds: Rect; maximized: boolean }
  /** No usable saved place: the default size, centred by the OS. */
  | { kind: 'default'; width: number; height: number };

/**
 * Where to open the window, given what was saved and the displays' work areas now. The
 * saved place is used when enough of it is on one display; its size is then cut to that
 * display and never below the minimum.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[]): Placement {
  const fallback: Placement = { kind: 'default', ...DEFAULT_SIZE };
  if (saved === undefined) return fallback;
  const area = workAreas.find((a) => {
    const o = overlap(saved, a);
    return o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height;
  });
  if (area === undefined) return fallback;
  const width = Math.max(MIN_SIZE.width, Math.min(saved.width, area.width));
  const height = Math.max(MIN_SIZE.height, Math.min(saved.height, area.height));
  // Keep the title bar reachable: never above the work area's top edge.
  const y = Math.max(saved.y, area.y);
  return { kind: 'saved', bounds: { x: saved.x, y, width, height }, maximized: saved.maximized };
}

/** Reads the saved state from the profile folder; undefined when there is none usable. */
export function readWindowState(profileDir: string): WindowState | undefined {
  try {
    return parseWindowState(readFileSync(join(profileDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return undefined; // not there yet, or unreadable: start with the defaults
  }
}

/** Writes the state atomically: temporary file in the same folder, fsync, rename. */
export function writeWindowState(profileDir: string, state: WindowState): void {
  const file = join(profileDir, WINDOW_STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(state)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  // Make the rename itself durable; directories cannot be fsynced on Windows.
  if (process.platform !== 'win32') {
    const dir = openSync(dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}
