import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  parseWindowState,
  placeWindow,
  readWindowState,
  WINDOW_STATE_FILE,
  writeWindowState,
  type WindowState,
} from './window-state';

const saved: WindowState = { x: 100, y: 50, width: 1000, height: 700, maximized: false };
const laptop = { x: 0, y: 0, width: 1440, height: 876 };

describe('parseWindowState', () => {
  it('reads what we write', () => {
    expect(parseWindowState(JSON.stringify(saved))).toEqual(saved);
    expect(parseWindowState('{"x":-1200,"y":0,"width":800,"height":600,"maximized":true,"extra":1}')).toEqual(
      {
        x: -1200,
        y: 0,
        width: 800,
        height: 600,
        maximized: true,
      },
    );
  });

  it('gives up on anything else', () => {
    for (const text of [
      '',
      'null',
      '[]',
      '{"x":1}',
      '{"x":"1","y":0,"width":800,"height":600,"maximized":false}',
      '{"x":1.5,"y":0,"width":800,"height":600,"maximized":false}',
      '{"x":0,"y":0,"width":0,"height":600,"maximized":false}',
      '{"x":0,"y":0,"width":1e9,"height":600,"maximized":false}',
      '{"x":0,"y":0,"width":800,"height":600,"maximized":"yes"}',
      '{"x":0,"y":0,"width":800,"height":600',
    ]) {
      expect(parseWindowState(text), text).toBeUndefined();
    }
  });
});

describe('placeWindow', () => {
  it('uses the saved place when it is on a display', () => {
    expect(placeWindow(saved, [laptop])).toEqual({
      kind: 'saved',
      bounds: { x: 100, y: 50, width: 1000, height: 700 },
      maximized: false,
    });
  });

  it('finds the saved place on a second display to the left', () => {
    const left = { x: -1920, y: 0, width: 1920, height: 1050 };
    const onLeft = { ...saved, x: -1500, maximized: true };
    expect(placeWindow(onLeft, [laptop, left])).toMatchObject({
      kind: 'saved',
      bounds: { x: -1500 },
      maximized: true,
    });
  });

  it('falls back to the default size when the display is gone or nothing was saved', () => {
    const onGoneMonitor = { ...saved, x: 3000 };
    expect(placeWindow(onGoneMonitor, [laptop])).toEqual({ kind: 'default', ...DEFAULT_SIZE });
    expect(placeWindow(undefined, [laptop])).toEqual({ kind: 'default', ...DEFAULT_SIZE });
    // A sliver of 40 px on screen is not enough to find the window again.
    expect(placeWindow({ ...saved, x: 1400 }, [laptop])).toEqual({ kind: 'default', ...DEFAULT_SIZE });
  });

  it('shrinks to the display, never below the minimum, and keeps the title bar reachable', () => {
    const small = { x: 0, y: 24, width: 1024, height: 600 };
    expect(placeWindow({ ...saved, x: 0, y: 0, width: 2000, height: 1500 }, [small])).toEqual({
      kind: 'saved',
      bounds: { x: 0, y: 24, width: 1024, height: 600 },
      maximized: false,
    });
    expect(placeWindow({ ...saved, width: 200, height: 100 }, [laptop])).toMatchObject({
      bounds: { width: 720, height: 480 },
    });
  });
});

describe('reading and writing the file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const profile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailwright-window-'));
    dirs.push(dir);
    return dir;
  };

  it('round-trips through the profile folder and leaves no temporary file', () => {
    const dir = profile();
    expect(readWindowState(dir)).toBeUndefined();
    writeWindowState(dir, saved);
    expect(readWindowState(dir)).toEqual(saved);
    writeWindowState(dir, { ...saved, maximized: true });
    expect(readWindowState(dir)).toEqual({ ...saved, maximized: true });
    expect(readdirSync(dir)).toEqual([WINDOW_STATE_FILE]);
    expect(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8')).toMatch(/\n$/);
  });

  it('treats a damaged file as no file', () => {
    const dir = profile();
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"x": 1, "y"');
    expect(readWindowState(dir)).toBeUndefined();
  });

  it('throws when the folder cannot be written, so the caller can log it', () => {
    expect(() => writeWindowState(join(profile(), 'missing', 'deeper'), saved)).toThrow(/ENOENT/);
  });
});
