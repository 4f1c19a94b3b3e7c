import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  appFileFor,
  appResponseHeaders,
  ipcChannelName,
  isAllowedNavigation,
  isTrustedSender,
  refusedNavigation,
  secureWebPreferences,
  windowOpenVerdict,
} from './security';

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer, with no Node in any frame', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('isTrustedSender', () => {
  it('trusts only our main frame on app://mailwright', () => {
    expect(isTrustedSender({ url: APP_ENTRY, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://mailwright/', isMainFrame: true })).toBe(true);
  });

  it('refuses sub-frames, other origins and missing frames', () => {
    expect(isTrustedSender({ url: APP_ENTRY, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'app://mailwright.evil/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'not a url', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('navigation', () => {
  it('allows only our own pages', () => {
    expect(isAllowedNavigation('app://mailwright/index.html#x')).toBe(true);
    for (const url of [
      'https://example.org/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,x',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });
});

describe('app:// files', () => {
  const root = resolve('/opt/mailwright/dist-renderer');

  it('maps our URLs into the renderer folder with their type', () => {
    expect(appFileFor(root, 'app://mailwright/index.html')).toEqual({
      path: join(root, 'index.html'),
      type: 'text/html; charset=utf-8',
    });
    expect(appFileFor(root, 'app://mailwright/assets/x.js')?.type).toBe('text/javascript; charset=utf-8');
  });

  it('refuses other hosts, schemes and traversal', () => {
    expect(appFileFor(root, 'app://other/index.html')).toBeUndefined();
    expect(appFileFor(root, 'https://mailwright/index.html')).toBeUndefined();
    // The URL parser resolves dot segments itself: the result stays inside the root.
    expect(appFileFor(root, 'app://mailwright/%2e%2e/%2e%2e/etc/passwd')?.path).toBe(
      join(root, 'etc', 'passwd'),
    );
    // Encoded slashes survive the parser; the decoded `..` segment is refused.
    expect(appFileFor(root, 'app://mailwright/a%2f..%2f..%2fx')).toBeUndefined();
  });

  it('serves every file with the strict CSP', () => {
    const headers = appResponseHeaders('text/html');
    expect(headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(headers['Content-Security-Policy']).not.toMatch(/unsafe-(inline|eval)/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('ipc names', () => {
  it('prefixes every channel', () => {
    expect(ipcChannelName('accounts.list')).toBe('mailwright:accounts.list');
  });
});

describe('refusedNavigation and windowOpenVerdict', () => {
  it('lets our own pages load and turns everything else into a link decision', () => {
    expect(refusedNavigation('app://mailwright/index.html')).toBeUndefined();
    expect(refusedNavigation('https://example.org/')).toEqual({ kind: 'open', url: 'https://example.org/' });
    expect(refusedNavigation('javascript:alert(1)')).toMatchObject({ kind: 'refuse' });
    expect(refusedNavigation('file:///etc/passwd')).toMatchObject({ kind: 'refuse' });
    expect(refusedNavigation('data:text/html,x')).toMatchObject({ kind: 'refuse' });
    expect(refusedNavigation('app://mailwright.evil/')).toMatchObject({ kind: 'refuse' });
  });

  it('never opens a window, even for our own origin', () => {
    expect(windowOpenVerdict('app://mailwright/index.html')).toMatchObject({
      action: 'deny',
      link: { kind: 'refuse' },
    });
    expect(windowOpenVerdict('https://example.org/x')).toEqual({
      action: 'deny',
      link: { kind: 'open', url: 'https://example.org/x' },
    });
    expect(windowOpenVerdict('mailto:a@x.example')).toMatchObject({
      action: 'deny',
      link: { kind: 'compose' },
    });
  });
});
