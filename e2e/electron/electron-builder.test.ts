/**
 * electron-builder.yml, read and validated by electron-builder's own loader and schema
 * (no Electron download needed), then checked for what issue 9 asks: identity, asar
 * with the native modules unpacked, the three platforms' targets, mailto: registration,
 * the hardened runtime's entitlements, the fuses, and icon files that really are icons.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

interface Config {
  appId?: string;
  productName?: string;
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  files?: { filter?: string[] }[];
  directories?: { output?: string; buildResources?: string };
  electronFuses?: Record<string, boolean>;
  protocols?: { name: string; schemes: string[] }[];
  linux?: { target?: string[]; category?: string; mimeTypes?: string[]; icon?: string };
  mac?: {
    target?: string[];
    category?: string;
    icon?: string;
    hardenedRuntime?: boolean;
    entitlements?: string;
    entitlementsInherit?: string;
  };
  win?: { target?: string[]; icon?: string };
}

let config: Config;
beforeAll(async () => {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(dir: string, path: string, extra: null): Promise<Config>;
    validateConfiguration(config: Config, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  config = await getConfig(root, 'electron-builder.yml', null);
  // Throws on an unknown or misplaced key, with electron-builder's own message.
  await validateConfiguration(config, new DebugLogger(false));
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('names the app and packs it into an asar with native modules unpacked', () => {
    expect(config.appId).toBe('net.mailwright.app');
    expect(config.productName).toBe('Mailwright');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(true);
    expect(config.directories).toMatchObject({ output: 'release', buildResources: 'assets' });
    const filters = (config.files ?? []).flatMap((f) => f.filter ?? []);
    expect(filters).toEqual(
      expect.arrayContaining(['package.json', 'dist/app/**/*', 'dist-renderer/**/*', '!**/*.map']),
    );
    // Sources and tests never go into the package.
    expect(filters.some((f) => /^(src-|e2e|bench)/.test(f))).toBe(false);
  });

  it('flips the fuses that close Node-level side doors in the packaged binary', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb for Linux, registered for mailto:', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Network;Email');
    expect(config.linux?.mimeTypes).toEqual(['x-scheme-handler/mailto']);
    expect(config.protocols).toEqual([{ name: 'Email', schemes: ['mailto'] }]);
  });

  it('builds a hardened dmg for macOS with a minimal entitlements file', () => {
    expect(config.mac).toMatchObject({
      target: ['dmg'],
      category: 'public.app-category.productivity',
      hardenedRuntime: true,
      entitlements: 'assets/entitlements.mac.plist',
      entitlementsInherit: 'assets/entitlements.mac.plist',
    });
    const plist = readFileSync(join(root, 'assets/entitlements.mac.plist'), 'utf8');
    expect(plist).toMatch(/<plist version="1.0">/);
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('builds an nsis installer for Windows', () => {
    expect(config.win?.target).toEqual(['nsis']);
  });
});

describe('icons', () => {
  it('has the SVG source and PNGs from 16 to 512 (and 1024) in the Linux icon folder', () => {
    expect(readFileSync(join(root, 'assets/icon.svg'), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 512 512"/);
    expect(config.linux?.icon).toBe('assets/icons');
    const dir = join(root, 'assets/icons');
    const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
    expect(readdirSync(dir).sort()).toEqual(sizes.map((s) => `${s}x${s}.png`).sort());
    for (const s of sizes) {
      expect(pngSize(readFileSync(join(dir, `${s}x${s}.png`))), `${s}`).toEqual({ width: s, height: s });
    }
  });

  it('has an .icns whose entries are PNGs of the sizes their types promise', () => {
    expect(config.mac?.icon).toBe('assets/icon.icns');
    const icns = readFileSync(join(root, 'assets/icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      ic11: 32,
      icp6: 64,
      ic12: 64,
      ic07: 128,
      ic08: 256,
      ic13: 256,
      ic09: 512,
      ic14: 512,
      ic10: 1024,
    };
    const seen: string[] = [];
    // Bounded by the file: every entry is at least its 8-byte header long.
    for (let at = 8; at < icns.length;) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      expect(length).toBeGreaterThan(8);
      const size = expected[type];
      expect(size, type).toBeDefined();
      expect(pngSize(icns.subarray(at + 8, at + length))).toEqual({ width: size, height: size });
      seen.push(type);
      at += length;
    }
    expect(seen.sort()).toEqual(Object.keys(expected).sort());
  });

  it('has an .ico with 16 to 256 pixel images', () => {
    expect(config.win?.icon).toBe('assets/icon.ico');
    const ico = readFileSync(join(root, 'assets/icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1); // an icon, not a cursor
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const width = ico[entry] === 0 ? 256 : (ico[entry] ?? -1); // 0 means 256
      const bytes = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + bytes).toBeLessThanOrEqual(ico.length);
      sizes.push(width);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect(statSync(join(root, 'assets/icon.ico')).size).toBe(ico.length);
  });
});

describe('package.json scripts', () => {
  it('has dist and dist:dir, which build first and never publish', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.dist).toBe('node scripts/build.mjs && electron-builder --publish never');
    expect(pkg.scripts['dist:dir']).toBe('node scripts/build.mjs && electron-builder --dir --publish never');
    expect(existsSync(join(root, 'scripts/build.mjs'))).toBe(true);
  });
});
