/**
 * The Electron shell, kept thin: one hardened window showing the renderer from app://,
 * the contract wired through the router with a sender check on every call, and the
 * desktop pieces (single instance, menu, mailto:, window place, notifications). Every
 * decision that matters for security is a pure, unit-tested function in a file that does
 * not import electron (security, links, mailto, menu, remote-content, window-state,
 * notifications, event-hub); this file only wires them to Electron's objects.
 *
 * Electron cannot run on the build machines: this file is type-checked against
 * electron's own .d.ts (tsconfig.app.json) and exercised by e2e/electron/ wherever the
 * binary is installed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  screen,
  session,
  shell,
  type MenuItemConstructorOptions,
  type WebContents,
} from 'electron';
import type { ComposeEvent, EventMessage, EventName, Events } from '../ipc/contract';
import { createRouter } from '../ipc/router';
import { deferredMailboxService } from '../mailbox/deferred';
import { createMailboxService } from '../mailbox/mailbox-service';
import { packageVersion, profileHome } from '../mailbox/profile';
import { registerContract } from './ipc-door';
import type { LinkAction } from './links';
import { mailtoFromArgv, parseMailto } from './mailto';
import { menuTemplate, type MenuItemSpec, type MenuSpec } from './menu';
import { newMailNotification } from './notifications';
import {
  NETWORK_URL_PATTERNS,
  permissionVerdict,
  RemoteImageAllowList,
  requestVerdict,
} from './remote-content';
import {
  APP_ENTRY,
  APP_SCHEME,
  appFileFor,
  appResponseHeaders,
  IPC_EVENT_CHANNEL,
  refusedNavigation,
  secureWebPreferences,
  windowOpenVerdict,
} from './security';
import { MIN_SIZE, placeWindow, readWindowState, writeWindowState } from './window-state';

const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../../dist-renderer/', import.meta.url));

// The same profile folder as the other shells (MAILWRIGHT_HOME or the OS app-data
// folder). Chromium's own files go into a sub-folder so they never mix with the mail,
// and so a second profile (MAILWRIGHT_HOME) is a second, independent instance.
const home = profileHome(process.env);
app.setName('Mailwright');
app.setPath('userData', join(home, 'chromium'));
app.enableSandbox();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const version = packageVersion(import.meta.url);
// Help → About shows these (the name, the version, no credits pulled from anywhere).
app.setAboutPanelOptions({
  applicationName: 'Mailwright',
  applicationVersion: version,
  copyright: 'Copyright © 2026 the Mailwright authors',
});

const router = createRouter({
  appInfo: {
    name: 'Mailwright',
    version,
    shell: 'electron',
    platform: process.platform,
    profileHome: home,
  },
  // The real service on this profile: sync on each account's interval, IDLE, the outbox.
  mailbox: deferredMailboxService(createMailboxService({ home, background: true, env: process.env })),
});

/** Remote images allowed per message (none until the reader asks; see remote-content.ts). */
const remoteImages = new RemoteImageAllowList();

let mainWindow: BrowserWindow | undefined;
/** Events for the page that arrived before it finished loading (a mailto: launch). */
let pageReady = false;
const beforeReady: EventMessage[] = [];

function sendToPage<E extends EventName>(event: E, payload: Events[E]): void {
  const message = { event, payload } as EventMessage;
  if (mainWindow === undefined || mainWindow.isDestroyed() || !pageReady) {
    beforeReady.push(message);
    return;
  }
  mainWindow.webContents.send(IPC_EVENT_CHANNEL, message);
}

/** Set once `ready` has set up the protocol and the door: only then may a window open. */
let started = false;

function focusWindow(): void {
  if (mainWindow === undefined || mainWindow.isDestroyed()) {
    // Before start-up the window is on its way; after it (macOS, all closed) make one.
    if (started) createWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function compose(draft: ComposeEvent): void {
  focusWindow();
  sendToPage('compose', draft);
}

/** A mailto: handed over by the OS (launch argument, second launch, macOS open-url). */
function openMailto(url: string): void {
  const result = parseMailto(url);
  if (result.ok) {
    compose(result.draft);
    return;
  }
  // The person clicked something and expects a window: say why nothing opened.
  void app.whenReady().then(() =>
    dialog.showMessageBox({
      type: 'warning',
      message: 'Mailwright could not open that link.',
      detail: result.problem,
    }),
  );
}

/** Carries out the decision about a link the page tried to follow. */
function followLink(action: LinkAction): void {
  if (action.kind === 'open') void shell.openExternal(action.url);
  else if (action.kind === 'compose') compose(action.draft);
  else console.warn(`mailwright: link not opened: ${action.reason}`);
}

/** The same hardening for every webContents that could ever exist, not just ours. */
function harden(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    const verdict = windowOpenVerdict(url);
    followLink(verdict.link);
    return { action: verdict.action };
  });
  contents.on('will-frame-navigate', (details) => {
    const refused = refusedNavigation(details.url);
    if (refused === undefined) return;
    details.preventDefault();
    followLink(refused);
  });
  contents.on('will-redirect', (details) => {
    if (refusedNavigation(details.url) !== undefined) details.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function toElectronMenu(menus: MenuSpec[]): MenuItemConstructorOptions[] {
  const item = (spec: MenuItemSpec): MenuItemConstructorOptions => {
    if (spec.kind === 'separator') return { type: 'separator' };
    if (spec.kind === 'role') return { role: spec.role };
    return {
      label: spec.label,
      ...(spec.accelerator === undefined ? {} : { accelerator: spec.accelerator }),
      registerAccelerator: spec.registerAccelerator,
      click: () => sendToPage('menu-command', { command: spec.command }),
    };
  };
  // A menu with a role and no items is Electron's own (the macOS app and Window menus);
  // Help keeps its role so macOS adds the search field.
  return menus.map((menu) =>
    menu.role !== undefined && menu.items.length === 0
      ? { role: menu.role }
      : {
          label: menu.label,
          ...(menu.role === 'help' ? { role: 'help' } : {}),
          submenu: menu.items.map(item),
        },
  );
}

function createWindow(): BrowserWindow {
  const place = placeWindow(
    readWindowState(home),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(place.kind === 'saved' ? place.bounds : { width: place.width, height: place.height }),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Mailwright',
    show: false,
    webPreferences: secureWebPreferences(preload),
  });
  mainWindow = win;
  pageReady = false;
  if (place.kind === 'saved' && place.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    for (const message of beforeReady.splice(0)) win.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  win.on('close', () => {
    try {
      writeWindowState(home, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (e) {
      console.warn(`mailwright: could not remember the window's place: ${String(e)}`);
    }
  });
  const unsubscribe = router.subscribe((message) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, message);
    if (message.event === 'new-mail') notifyNewMail(message.payload as Events['new-mail']);
  });
  win.on('closed', () => {
    unsubscribe();
    if (mainWindow === win) mainWindow = undefined;
  });
  void win.loadURL(APP_ENTRY);
  return win;
}

function notifyNewMail(payload: Events['new-mail']): void {
  const spec = newMailNotification(payload);
  if (spec === undefined || !Notification.isSupported()) return;
  const notification = new Notification({ title: spec.title, body: spec.body });
  notification.on('click', focusWindow);
  notification.show();
}

function start(): void {
  // macOS hands mailto: links over with open-url, possibly before `ready`.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openMailto(url);
  });
  app.on('second-instance', (_event, argv) => {
    const mailto = mailtoFromArgv(argv);
    if (mailto === undefined) focusWindow();
    else openMailto(mailto);
  });
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const launchMailto = mailtoFromArgv(process.argv);
  if (launchMailto !== undefined) openMailto(launchMailto);

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const file = appFileFor(rendererDir, request.url);
      const body = file === undefined ? undefined : await readFile(file.path).catch(() => undefined);
      if (file === undefined || body === undefined) {
        return new Response('Not found', {
          status: 404,
          headers: appResponseHeaders('text/plain; charset=utf-8'),
        });
      }
      return new Response(body, { status: 200, headers: appResponseHeaders(file.type) });
    });
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, permission, callback) =>
      callback(permissionVerdict(permission)),
    );
    ses.setPermissionCheckHandler((_contents, permission) => permissionVerdict(permission));
    ses.webRequest.onBeforeRequest({ urls: NETWORK_URL_PATTERNS }, (details, callback) =>
      callback(requestVerdict(details, remoteImages)),
    );

    registerContract(ipcMain, router, (id) => mainWindow !== undefined && mainWindow.webContents.id === id);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        toElectronMenu(menuTemplate({ platform: process.platform, packaged: app.isPackaged })),
      ),
    );

    started = true;
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
}

// One Mailwright per profile: a second launch hands its arguments (a mailto: link) to
// the first through 'second-instance' and quits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
