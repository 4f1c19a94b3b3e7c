/**
 * main.ts wired to a recording stand-in for `electron`. Electron's binary cannot run on
 * this machine, so there is no real peer here (e2e/electron/ runs the real one where it
 * is installed); this checks the wiring itself: what is set up before `ready`, which
 * handlers are installed, that the window gets the secure preferences, and that links,
 * mailto: launches and menu clicks end where they should.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requestChannels } from '../ipc/contract';

type Fn = (...args: never[]) => unknown;

const fake = vi.hoisted(() => {
  const calls: string[] = [];
  const appListeners = new Map<string, Fn[]>();
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  const sent: [string, unknown][] = [];
  const windows: FakeWindow[] = [];

  class FakeContents {
    id = 1;
    listeners = new Map<string, Fn[]>();
    windowOpen: Fn | undefined;
    send(channel: string, message: unknown) {
      sent.push([channel, message]);
    }
    on(event: string, fn: Fn) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    }
    setWindowOpenHandler(fn: Fn) {
      this.windowOpen = fn;
    }
    emit(event: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(event) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
    }
  }
  class FakeWindow {
    static getAllWindows = () => windows;
    webContents = new FakeContents();
    listeners = new Map<string, Fn[]>();
    loaded: string | undefined;
    constructor(public options: Record<string, unknown>) {
      calls.push('new BrowserWindow');
      windows.push(this);
    }
    once(event: string, fn: Fn) {
      this.on(event, fn);
    }
    on(event: string, fn: Fn) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    restore() {}
    show() {}
    focus() {
      calls.push('focus');
    }
    maximize() {}
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 20, width: 900, height: 600 });
  }
  return {
    calls,
    sent,
    windows,
    appListeners,
    resolveReady,
    ready,
    FakeContents,
    FakeWindow,
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Fn>(),
    ipcHandles: [] as string[],
    menu: undefined as unknown,
    permissionRequest: undefined as Fn | undefined,
    permissionCheck: undefined as Fn | undefined,
    beforeRequest: undefined as { filter: unknown; fn: Fn } | undefined,
    opened: [] as string[],
    dialogs: [] as unknown[],
    about: undefined as unknown,
  };
});

vi.mock('electron', () => ({
  app: {
    isPackaged: false,
    setName: () => fake.calls.push('setName'),
    setPath: (name: string, path: string) => fake.calls.push(`setPath ${name} ${path}`),
    enableSandbox: () => fake.calls.push('enableSandbox'),
    setAboutPanelOptions: (options: unknown) => (fake.about = options),
    requestSingleInstanceLock: () => {
      fake.calls.push('requestSingleInstanceLock');
      return true;
    },
    on: (event: string, fn: Fn) =>
      fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), fn]),
    whenReady: () => fake.ready,
    quit: () => fake.calls.push('quit'),
  },
  BrowserWindow: fake.FakeWindow,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      fake.calls.push('registerSchemesAsPrivileged');
      fake.schemes.push(...schemes);
    },
    handle: (scheme: string, fn: Fn) => fake.protocolHandlers.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Fn) => (fake.permissionRequest = fn),
      setPermissionCheckHandler: (fn: Fn) => (fake.permissionCheck = fn),
      webRequest: { onBeforeRequest: (filter: unknown, fn: Fn) => (fake.beforeRequest = { filter, fn }) },
    },
  },
  ipcMain: { handle: (name: string) => fake.ipcHandles.push(name) },
  Menu: {
    buildFromTemplate: (template: unknown) => template,
    setApplicationMenu: (menu: unknown) => (fake.menu = menu),
  },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1440, height: 900 } }] },
  Notification: class {
    static isSupported = () => true;
  },
  dialog: { showMessageBox: (options: unknown) => fake.dialogs.push(options) },
  shell: { openExternal: (url: string) => fake.opened.push(url) },
}));

const home = mkdtempSync(join(tmpdir(), 'mailwright-main-'));
const savedEnv = process.env.MAILWRIGHT_HOME;
const savedArgv = process.argv;

function appEmit(event: string, ...args: unknown[]) {
  for (const fn of fake.appListeners.get(event) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
}

beforeAll(async () => {
  process.env.MAILWRIGHT_HOME = home;
  // A first launch by a mailto: link (Linux and Windows pass it as an argument).
  process.argv = [...savedArgv, 'mailto:first@example.org?subject=From%20the%20OS'];
  await import('./main');
  fake.resolveReady();
  await fake.ready;
  await new Promise((r) => setTimeout(r, 0)); // let the whenReady callback run
});

afterAll(() => {
  process.env.MAILWRIGHT_HOME = savedEnv;
  process.argv = savedArgv;
  rmSync(home, { recursive: true, force: true });
});

describe('main.ts wiring (stand-in electron)', () => {
  it('isolates the profile, sandboxes and takes the single-instance lock before anything else', () => {
    expect(fake.calls.slice(0, 5)).toEqual([
      'setName',
      `setPath userData ${join(home, 'chromium')}`,
      'enableSandbox',
      'registerSchemesAsPrivileged',
      'requestSingleInstanceLock',
    ]);
    expect(fake.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('opens one window with the secure preferences on app://', () => {
    expect(fake.windows).toHaveLength(1);
    const win = fake.windows[0];
    expect(win?.loaded).toBe('app://mailwright/index.html');
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win?.options).toMatchObject({ width: 1180, height: 760, minWidth: 720, minHeight: 480 });
  });

  it('registers every contract channel, refuses permissions and network requests', () => {
    expect(fake.ipcHandles).toEqual(requestChannels.map((c) => `mailwright:${c}`));
    let granted: boolean | undefined;
    fake.permissionRequest?.(...([null, 'media', (ok: boolean) => (granted = ok)] as never[]));
    expect(granted).toBe(false);
    expect(fake.permissionCheck?.(...([null, 'notifications'] as never[]))).toBe(false);
    let verdict: unknown;
    fake.beforeRequest?.fn(
      ...([
        { url: 'https://tracker.example/p.gif', resourceType: 'image' },
        (v: unknown) => (verdict = v),
      ] as never[]),
    );
    expect(verdict).toEqual({ cancel: true });
  });

  it('serves app:// with the CSP and 404s what is not there', async () => {
    const handler = fake.protocolHandlers.get('app') as (r: { url: string }) => Promise<Response>;
    const missing = await handler({ url: 'app://mailwright/nope.html' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Security-Policy')).toMatch(/script-src 'self'/);
    expect((await handler({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });

  it('names the app and its version in the About panel', () => {
    expect(fake.about).toMatchObject({
      applicationName: 'Mailwright',
      applicationVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it('builds the menu with the six menus', () => {
    expect((fake.menu as { label?: string }[]).map((m) => m.label)).toEqual([
      'File',
      'Edit',
      'View',
      'Message',
      'Window',
      'Help',
    ]);
  });

  it('holds the launch mailto: until the page has loaded, then sends it', () => {
    const win = fake.windows[0];
    expect(fake.sent).toEqual([]);
    win?.webContents.emit('did-finish-load');
    expect(fake.sent).toEqual([
      [
        'mailwright:event',
        {
          event: 'compose',
          payload: { to: ['first@example.org'], cc: [], bcc: [], subject: 'From the OS', body: '' },
        },
      ],
    ]);
  });

  it('passes a second launch’s mailto: on, and explains a refused one', () => {
    fake.sent.length = 0;
    appEmit('second-instance', {}, ['mailwright', 'mailto:b@example.org'], '/');
    expect(fake.sent).toEqual([
      [
        'mailwright:event',
        { event: 'compose', payload: { to: ['b@example.org'], cc: [], bcc: [], subject: '', body: '' } },
      ],
    ]);
    appEmit('second-instance', {}, ['mailwright'], '/');
    expect(fake.calls.filter((c) => c === 'focus').length).toBeGreaterThanOrEqual(2);
  });

  it('explains a refused mailto: in a dialog and sends nothing', async () => {
    fake.sent.length = 0;
    appEmit('second-instance', {}, ['mailwright', 'mailto:a@example.org?attach=/etc/passwd'], '/');
    await fake.ready;
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.sent).toEqual([]);
    expect(fake.dialogs).toEqual([
      {
        type: 'warning',
        message: 'Mailwright could not open that link.',
        detail: 'The mailto: link was not opened because it asks to attach files.',
      },
    ]);
  });

  it('sends a menu click to the page as a menu-command event', () => {
    fake.sent.length = 0;
    const message = (
      fake.menu as { label: string; submenu: { label?: string; click?: () => void }[] }[]
    ).find((m) => m.label === 'Message');
    const reply = message?.submenu.find((i) => i.label === 'Reply');
    expect(reply).toMatchObject({ accelerator: 'R', registerAccelerator: false });
    reply?.click?.();
    expect(fake.sent).toEqual([
      ['mailwright:event', { event: 'menu-command', payload: { command: 'reply' } }],
    ]);
  });

  it('hardens every webContents: no windows, no navigation away, links go to the browser', () => {
    const contents = new fake.FakeContents();
    appEmit('web-contents-created', {}, contents);
    expect(contents.windowOpen?.(...([{ url: 'https://example.org/a' }] as never[]))).toEqual({
      action: 'deny',
    });
    expect(contents.windowOpen?.(...([{ url: 'javascript:alert(1)' }] as never[]))).toEqual({
      action: 'deny',
    });
    expect(fake.opened).toEqual(['https://example.org/a']);

    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-frame-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(navigate('app://mailwright/index.html')).toBe(false);
    expect(navigate('https://example.org/b')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(fake.opened).toEqual(['https://example.org/a', 'https://example.org/b']);

    let webview = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webview = true) });
    expect(webview).toBe(true);
  });

  it('remembers the window place on close', async () => {
    const { readWindowState } = await import('./window-state');
    const win = fake.windows[0];
    for (const fn of win?.listeners.get('close') ?? []) (fn as () => void)();
    expect(readWindowState(home)).toEqual({ x: 10, y: 20, width: 900, height: 600, maximized: false });
  });
});
