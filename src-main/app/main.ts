/**
 * The Electron shell, kept thin: one hardened window showing the renderer from app://,
 * and the contract wired through the router with a sender check on every call. The
 * security decisions live in security.ts (pure, unit-tested); issue 9 hardens the rest
 * (single instance, menu, mailto:, window state).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { createRouter } from '../ipc/router';
import { createMemoryMailboxService } from '../mailbox/memory';
import { packageVersion, profileHome } from '../mailbox/profile';
import {
  APP_ENTRY,
  APP_SCHEME,
  appFileFor,
  appResponseHeaders,
  IPC_EVENT_CHANNEL,
  isAllowedNavigation,
  secureWebPreferences,
} from './security';
import { registerContract } from './ipc-door';

const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const rendererDir = fileURLToPath(new URL('../../dist-renderer/', import.meta.url));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// The same profile folder as the other shells (MAILWRIGHT_HOME or the OS app-data folder).
const home = profileHome(process.env);

const router = createRouter({
  appInfo: {
    name: 'Mailwright',
    version: packageVersion(import.meta.url),
    shell: 'electron',
    platform: process.platform,
    profileHome: home,
  },
  // The mailbox issue replaces this stand-in with the real service for `home`.
  mailbox: createMemoryMailboxService(),
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    title: 'Mailwright',
    show: false,
    webPreferences: secureWebPreferences(preload),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  const unsubscribe = router.subscribe((message) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  win.on('closed', unsubscribe);
  void win.loadURL(APP_ENTRY);
  return win;
}

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
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  registerContract(ipcMain, router);

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
