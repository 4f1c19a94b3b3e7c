/**
 * What the window may fetch from the network and which browser permissions it gets:
 * nothing, except remote images a person has allowed for one message. Pure; main.ts
 * installs `requestVerdict` as the session's webRequest.onBeforeRequest filter for
 * http(s) and ws(s), and `permissionVerdict` as the permission request and check
 * handler. The renderer talks to the main process over IPC only, so no legitimate
 * request of the window ever goes to the network.
 *
 * Remote images, the plan: today the CSP (ipc/csp.ts, the same in both shells) allows
 * images only from 'self', data: and blob:, so a remote image never even reaches this
 * filter. When the reader gets a "Load images" button, the renderer will call a contract
 * request (say `images.allow { messageId, urls }`), main.ts will put those URLs into a
 * RemoteImageAllowList and the Electron CSP's img-src gains `https:`. The CSP then only
 * says "remote images are possible"; this filter decides which: exactly the URLs allowed
 * for a message being shown, as images, and nothing else (no tracking pixel of another
 * message, no script, no XHR). The browser shell has no such filter and keeps the strict
 * CSP until it gets its own (e.g. images proxied through its server).
 */

/** Every permission (camera, microphone, geolocation, notifications, MIDI, HID, …) is refused. */
export function permissionVerdict(_permission: string): false {
  return false;
}

/** Remote image URLs a person allowed, per message; forgotten when the message closes. */
export class RemoteImageAllowList {
  readonly #byMessage = new Map<string, Set<string>>();

  /** Allows these https: image URLs while the message is shown; others are ignored. */
  allow(messageId: string, urls: readonly string[]): void {
    const set = new Set<string>();
    for (const raw of urls) {
      const url = normalise(raw);
      if (url !== undefined && url.startsWith('https:')) set.add(url);
    }
    this.#byMessage.set(messageId, set);
  }

  forget(messageId: string): void {
    this.#byMessage.delete(messageId);
  }

  has(url: string): boolean {
    const normalised = normalise(url);
    if (normalised === undefined) return false;
    for (const set of this.#byMessage.values()) if (set.has(normalised)) return true;
    return false;
  }
}

function normalise(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.username !== '' || url.password !== '') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

export interface RequestDetails {
  url: string;
  /** Electron's resourceType: 'mainFrame', 'image', 'xhr', 'webSocket', … */
  resourceType: string;
}

/** True when the request must be cancelled: every network request but an allowed image. */
export function requestVerdict(details: RequestDetails, images: RemoteImageAllowList): { cancel: boolean } {
  let scheme: string;
  try {
    scheme = new URL(details.url).protocol;
  } catch {
    return { cancel: true };
  }
  if (scheme === 'app:') return { cancel: false }; // our own files (not matched by the filter anyway)
  const allowed = scheme === 'https:' && details.resourceType === 'image' && images.has(details.url);
  return { cancel: !allowed };
}

/** The URL patterns main.ts hands to webRequest.onBeforeRequest: all network schemes. */
export const NETWORK_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];
