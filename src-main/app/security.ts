/**
 * The Electron shell's security decisions as pure functions: no `electron` import, so
 * they are unit-tested in plain Node. main.ts only wires them in.
 */
import { contentSecurityPolicy } from '../ipc/csp';
import type { RequestChannel } from '../ipc/contract';
import { contentType, resolveStaticPath } from '../web/static-files';
import { linkAction, type LinkAction } from './links';

/** The renderer's origin: a privileged custom scheme, not file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mailwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The IPC name of a request channel, and the one name events are sent on. */
export function ipcChannelName(channel: RequestChannel): string {
  return `mailwright:${channel}`;
}
export const IPC_EVENT_CHANNEL = 'mailwright:event';

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: true;
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    // Custom standard schemes report origin "null" in Node's URL; rebuild it.
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

/**
 * Who may call the contract: our window's main frame, showing our own origin. A
 * sub-frame (a sanitised mail body, later) or any other page is refused.
 */
export function isTrustedSender(sender: { url: string; isMainFrame: boolean } | null): boolean {
  if (sender === null || !sender.isMainFrame) return false;
  return originOf(sender.url) === APP_ORIGIN;
}

/** The window only ever shows our own pages; every other navigation is blocked. */
export function isAllowedNavigation(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}

/**
 * The window never leaves our pages: a navigation elsewhere (a clicked link, a script,
 * a redirect, a form) is cancelled, and so is every window.open. What the person meant
 * by it is then decided by linkAction: open in the browser, compose, or nothing.
 * Undefined means "let it happen" (our own page).
 */
export function refusedNavigation(url: string): LinkAction | undefined {
  return isAllowedNavigation(url) ? undefined : linkAction(url);
}

/** window.open and target=_blank never make a window; the link goes through linkAction. */
export function windowOpenVerdict(url: string): { action: 'deny'; link: LinkAction } {
  return { action: 'deny', link: linkAction(url) };
}

/** The headers every app:// response carries: the same CSP the browser shell serves. */
export function appResponseHeaders(type: string): Record<string, string> {
  return {
    'Content-Type': type,
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** Maps an app:// URL to a file of the built renderer, or undefined for anything else. */
export function appFileFor(rendererDir: string, url: string): { path: string; type: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  const path = resolveStaticPath(rendererDir, u.pathname);
  return path === undefined ? undefined : { path, type: contentType(path) };
}
