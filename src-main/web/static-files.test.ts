import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentType, resolveStaticPath } from './static-files';

const root = resolve('/srv/renderer');

describe('resolveStaticPath', () => {
  it('maps / to index.html and paths inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveStaticPath(root, '/assets/a%20b.svg')).toBe(join(root, 'assets', 'a b.svg'));
  });

  it('refuses anything that would leave the root or is malformed', () => {
    for (const bad of [
      '/../secret',
      '/assets/../../x',
      '/%2e%2e/x',
      '/..%2fx',
      '/a%00b',
      '/a\\b',
      '/%E0%A4%A',
      'x',
      '/./x',
    ]) {
      expect(resolveStaticPath(root, bad), bad).toBeUndefined();
    }
  });
});

describe('contentType', () => {
  it('names the types the renderer ships', () => {
    expect(contentType('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('a/x.css')).toBe('text/css; charset=utf-8');
    expect(contentType('a/x.svg')).toBe('image/svg+xml');
    expect(contentType('a/x.unknown')).toBe('application/octet-stream');
  });
});
