/**
 * Packs the app for real with electron-builder (`--linux dir`) and checks what went into
 * app.asar. Electron's own binary cannot be downloaded here, so a stand-in Electron
 * folder is used: a shell script carrying Electron's fuse sentinel and the fuse wire of
 * a stock binary, a version file and a LICENSE. That is enough for electron-builder to
 * copy, pack the asar, unpack the native modules and flip the fuses, which is all this
 * test looks at. npmRebuild is off: here its rebuild would target Node 20, not Electron.
 * Takes about 15 s; bounded by a 120 s timeout.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'mailwright-pack-'));
const appDir = join(work, 'out', 'linux-unpacked');
const asarPath = join(appDir, 'resources', 'app.asar');

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A stock Electron 45 binary's fuse wire: RunAsNode … GrantFileProtocolExtraPrivileges. */
const STOCK_WIRE = '10111001';

function stubElectron(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, 'electron');
  writeFileSync(
    exe,
    Buffer.concat([
      Buffer.from(`#!/bin/sh\nexit 0\n# ${SENTINEL}`),
      Buffer.from([1, 8]),
      Buffer.from(`${STOCK_WIRE}\n`),
    ]),
  );
  chmodSync(exe, 0o755);
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  };
  writeFileSync(join(dir, 'version'), pkg.version);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in for the test\n');
}

let entries: string[] = [];
let log = '';

beforeAll(() => {
  const built = ['dist/app/main.js', 'dist/app/preload.cjs', 'dist-renderer/index.html'];
  if (!built.every((f) => existsSync(join(root, f)))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(build.status, build.stderr).toBe(0);
  }
  stubElectron(join(work, 'electron'));
  const result = spawnSync(
    join(root, 'node_modules/.bin/electron-builder'),
    [
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${join(work, 'electron')}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${join(work, 'out')}`,
    ],
    { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } },
  );
  log = `${result.stdout}\n${result.stderr}`;
  expect(result.status, log).toBe(0);
  entries = listPackage(asarPath, { isPack: false });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed app (electron-builder --linux dir, stand-in Electron)', () => {
  it('holds the built main process, preload and renderer, and a package.json pointing at main', () => {
    for (const file of [
      '/package.json',
      '/dist/app/main.js',
      '/dist/app/preload.cjs',
      '/dist-renderer/index.html',
    ]) {
      expect(entries, file).toContain(file);
    }
    expect(entries.some((e) => /^\/dist-renderer\/assets\/[^/]+\.js$/.test(e))).toBe(true);
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main: string };
    expect(pkg.main).toBe('dist/app/main.js');
  });

  it('holds no sources, tests, maps, dev tools or renderer-only libraries', () => {
    const unwanted = entries.filter(
      (e) =>
        /^\/(src-main|src-renderer|e2e|bench|scripts|release|test-results|\.tmp)(\/|$)/.test(e) ||
        /\.(map|ts|tsx)$/.test(e) ||
        /^\/node_modules\/(electron|electron-builder|vitest|typescript|vite|@playwright|playwright|react|react-dom|dompurify|imapflow)(\/|$)/.test(
          e,
        ) ||
        /^\/dist\/(web|cli)\.js$/.test(e),
    );
    expect(unwanted).toEqual([]);
  });

  it('unpacks the native modules next to the asar', () => {
    for (const file of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/keytar/build/Release/keytar.node',
    ]) {
      expect(statFile(asarPath, file), file).toMatchObject({ unpacked: true });
      expect(existsSync(join(`${asarPath}.unpacked`, file)), file).toBe(true);
    }
    // No compiler leftovers or test extensions travel with them.
    expect(
      existsSync(
        join(`${asarPath}.unpacked`, 'node_modules/better-sqlite3/build/Release/test_extension.node'),
      ),
    ).toBe(false);
    expect(entries.filter((e) => /\/(deps|src)\/.*\.(c|cc|h)$/.test(e))).toEqual([]);
  });

  it("contains the main side's dependencies and every package the main process imports", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const rendererOnly = new Set(['react', 'react-dom', 'dompurify']);
    const mainSide = Object.keys(pkg.dependencies).filter((d) => !rendererOnly.has(d));
    expect(mainSide).toEqual(expect.arrayContaining(['better-sqlite3', 'keytar']));
    for (const name of mainSide) expect(entries, name).toContain(`/node_modules/${name}/package.json`);
    // Today main.js imports only electron and node: (the in-memory mailbox); the real
    // mailbox brings packages, and each must then be in the asar too.
    const main = readFileSync(join(root, 'dist/app/main.js'), 'utf8');
    const specifiers = [...main.matchAll(/(?:^|\n)import\s[^;]*?from\s*"([^"]+)"|import\("([^"]+)"\)/g)].map(
      (m) => m[1] ?? m[2] ?? '',
    );
    const packages = new Set(
      specifiers
        .filter((s) => !s.startsWith('node:') && s !== 'electron' && !s.startsWith('.'))
        .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s))),
    );
    for (const name of packages) {
      expect(entries, name).toContain(`/node_modules/${name}/package.json`);
    }
  });

  it('flips the fuses in the packaged binary as electron-builder.yml says', () => {
    const exe = readFileSync(join(appDir, 'mailwright'));
    const at = exe.indexOf(SENTINEL) + SENTINEL.length;
    expect(at).toBeGreaterThan(SENTINEL.length);
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar
    // integrity on, only app.asar on, browser snapshot untouched, file:// extras off.
    expect(exe.toString('ascii', at + 2, at + 10)).toBe('01001100');
  });
});
