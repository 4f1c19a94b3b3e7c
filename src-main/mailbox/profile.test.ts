import { join, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion, profileHome } from './profile';

describe('profileHome', () => {
  it('uses MAILWRIGHT_HOME when set', () => {
    expect(profileHome({ MAILWRIGHT_HOME: '/tmp/p' }, 'linux', '/home/a')).toBe('/tmp/p');
  });

  it('falls back to each OS app-data folder', () => {
    expect(profileHome({}, 'linux', '/home/a')).toBe(join('/home/a', '.config', 'Mailwright'));
    expect(profileHome({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe(join('/x', 'Mailwright'));
    expect(profileHome({ MAILWRIGHT_HOME: '' }, 'darwin', '/Users/a')).toBe(
      join('/Users/a', 'Library', 'Application Support', 'Mailwright'),
    );
    expect(profileHome({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe(
      win32.join('C:\\Users\\a\\AppData\\Roaming', 'Mailwright'),
    );
  });
});

describe('packageVersion', () => {
  it('finds our package.json from the sources', () => {
    expect(packageVersion(import.meta.url)).toMatch(/^\d+\.\d+\.\d+/);
  });
});
