import type { MailwrightApi } from '../../src-main/ipc/contract';
import { createWebSocketClient, tokenFromHash, type ConnectionStatus } from './ws-client';

export type StatusListener = (status: ConnectionStatus) => void;

export type Connection =
  | { kind: 'ready'; api: MailwrightApi; watch(listener: StatusListener): () => void }
  /** Opened without the token from `npm run web`'s line: nothing to talk to. */
  | { kind: 'no-token' };

/** Electron's preload API when present, else the browser shell's WebSocket client. */
export function connect(win: Window): Connection {
  if (win.mailwright !== undefined) {
    const api = win.mailwright;
    return { kind: 'ready', api, watch: () => () => {} };
  }
  const token = tokenFromHash(win.location.hash);
  if (token === undefined) return { kind: 'no-token' };
  const listeners = new Set<StatusListener>();
  let last: ConnectionStatus = 'connecting';
  const url = `${win.location.protocol === 'https:' ? 'wss' : 'ws'}://${win.location.host}/api`;
  const api = createWebSocketClient(url, token, (status) => {
    last = status;
    for (const listener of listeners) listener(status);
  });
  return {
    kind: 'ready',
    api,
    watch(listener) {
      listeners.add(listener);
      listener(last);
      return () => listeners.delete(listener);
    },
  };
}
