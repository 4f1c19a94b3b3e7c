import { describe, expect, it } from 'vitest';
import { permissionVerdict, RemoteImageAllowList, requestVerdict } from './remote-content';

describe('permissionVerdict', () => {
  it('refuses every permission', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
      'unknown',
    ]) {
      expect(permissionVerdict(p), p).toBe(false);
    }
  });
});

describe('requestVerdict', () => {
  const pixel = 'https://tracker.example/p.gif?u=1';

  it('cancels every network request when nothing is allowed', () => {
    const images = new RemoteImageAllowList();
    for (const [url, resourceType] of [
      [pixel, 'image'],
      ['http://tracker.example/p.gif', 'image'],
      ['https://cdn.example/x.js', 'script'],
      ['wss://evil.example/', 'webSocket'],
      ['https://example.org/', 'mainFrame'],
      ['not a url', 'image'],
    ] as const) {
      expect(requestVerdict({ url, resourceType }, images), url).toEqual({ cancel: true });
    }
  });

  it('lets our own app:// files through', () => {
    expect(
      requestVerdict(
        { url: 'app://mailwright/index.html', resourceType: 'mainFrame' },
        new RemoteImageAllowList(),
      ),
    ).toEqual({
      cancel: false,
    });
  });

  it('lets through exactly the images allowed for a message being shown, until it closes', () => {
    const images = new RemoteImageAllowList();
    images.allow('m1', [pixel, 'http://plain.example/a.png', 'https://u:p@x.example/a.png', 'nonsense']);
    expect(requestVerdict({ url: pixel, resourceType: 'image' }, images)).toEqual({ cancel: false });
    // Same URL, another kind of request: still refused.
    expect(requestVerdict({ url: pixel, resourceType: 'xhr' }, images)).toEqual({ cancel: true });
    // Plain http and credentialed URLs were never accepted into the list.
    expect(requestVerdict({ url: 'http://plain.example/a.png', resourceType: 'image' }, images)).toEqual({
      cancel: true,
    });
    expect(requestVerdict({ url: 'https://u:p@x.example/a.png', resourceType: 'image' }, images)).toEqual({
      cancel: true,
    });
    // Another image of the same host was not allowed.
    expect(
      requestVerdict({ url: 'https://tracker.example/other.gif', resourceType: 'image' }, images),
    ).toEqual({
      cancel: true,
    });
    images.forget('m1');
    expect(requestVerdict({ url: pixel, resourceType: 'image' }, images)).toEqual({ cancel: true });
  });

  it('replaces a message’s list when it is allowed again, and ignores fragments', () => {
    const images = new RemoteImageAllowList();
    images.allow('m1', ['https://a.example/1.png#x']);
    expect(images.has('https://a.example/1.png')).toBe(true);
    images.allow('m1', ['https://a.example/2.png']);
    expect(images.has('https://a.example/1.png')).toBe(false);
    expect(images.has('https://a.example/2.png')).toBe(true);
  });
});
