import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronPackageDir, findElectronBinary as find } from '../scripts/electron-binary.mjs';

const dirs: string[] = [];
function fakeElectron(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mailwright-electron-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('findElectronBinary (what npm start checks, without downloading)', () => {
  it('reports nothing for a package without a downloaded binary', () => {
    expect(find(undefined, {})).toBeUndefined();
    const dir = fakeElectron();
    expect(find(dir, {})).toBeUndefined(); // no path.txt: never installed
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(find(dir, {})).toBeUndefined(); // path.txt but no dist/electron
  });

  it('finds an installed binary, or one under ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = fakeElectron();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(find(dir, {})).toBe(join(dir, 'dist', 'electron'));
    const override = fakeElectron();
    expect(find(dir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBeUndefined();
    writeFileSync(join(override, 'electron'), '');
    expect(find(dir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toBe(join(override, 'electron'));
  });

  it('finds the electron package of this project', () => {
    expect(electronPackageDir()).toMatch(/node_modules[\\/]electron$/);
  });
});
