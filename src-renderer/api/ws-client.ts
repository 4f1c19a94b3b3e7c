import type { ErrorInfo } from '../../src-main/model';
import type { EventName, Events, MailwrightApi, RequestChannel, Result } from '../../src-main/ipc/contract';
import { buildApi } from './build-api';

export type ConnectionStatus = 'connecting' | 'open' | 'refused' | 'closed';

/**
 * The browser shell's client: the same MailwrightApi as Electron's `window.mailwright`,
 * carried over one WebSocket to /api. The token goes in the subprotocol list
 * (`token.T`), never in the URL, so it stays out of logs and history.
 */
export function createWebSocketClient(
  url: string,
  token: string,
  onStatus: (status: ConnectionStatus) => void,
): MailwrightApi {
  const ws = new WebSocket(url, ['mailwright.v1', `token.${token}`]);
  let opened = false;
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queue: string[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  onStatus('connecting');
  ws.addEventListener('open', () => {
    opened = true;
    onStatus('open');
    for (const text of queue.splice(0)) ws.send(text);
  });
  ws.addEventListener('close', () => {
    onStatus(opened ? 'closed' : 'refused');
    const error: ErrorInfo = {
      kind: 'network',
      message: 'The connection to Mailwright was lost; reload the page to reconnect.',
    };
    for (const settle of pending.values()) settle({ ok: false, error });
    pending.clear();
  });
  ws.addEventListener('message', (e: MessageEvent<unknown>) => {
    if (typeof e.data !== 'string') return;
    let message: { id?: unknown; result?: Result<unknown>; event?: EventName; payload?: unknown };
    try {
      message = JSON.parse(e.data) as typeof message;
    } catch {
      return; // Our own server speaks JSON; anything else is ignored.
    }
    if (typeof message.id === 'number' && message.result !== undefined) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.event !== undefined) {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload as never);
    }
  });

  function invoke(channel: RequestChannel, arg: unknown): Promise<Result<unknown>> {
    const id = nextId++;
    const text = JSON.stringify({ id, channel, arg });
    return new Promise((resolve) => {
      if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) {
        resolve({
          ok: false,
          error: { kind: 'network', message: 'Not connected to Mailwright; reload the page.' },
        });
        return;
      }
      pending.set(id, resolve);
      if (opened) ws.send(text);
      else queue.push(text);
    });
  }

  function on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = listeners.get(event);
    if (set === undefined) listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  return buildApi(invoke, on);
}

/** Reads the token from the URL fragment (`#token=T`); undefined when absent. */
export function tokenFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token === null || token === '' ? undefined : token;
}
