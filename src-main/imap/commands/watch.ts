/**
 * Waiting for mailbox changes: IDLE where the server offers it (re-issued before the
 * server's 30-minute limit), NOOP polling where it does not. Untagged responses (EXISTS,
 * EXPUNGE, FETCH flag changes, VANISHED) go to `onUntagged` either way.
 */
import type { ImapClient, UntaggedListener } from '../client';
import { noop } from './capability';
import { idle, IDLE_RENEW_MS } from './idle';

export interface WatchOptions {
  /** NOOP interval without IDLE. Default 60 s. */
  pollMs?: number;
  /** IDLE renewal interval. Default IDLE_RENEW_MS (28 minutes: re-issued before RFC 2177's 29). */
  renewMs?: number;
}

export interface Watcher {
  /** Stops watching; resolves once the session is free for other commands. */
  stop(): Promise<void>;
  /** Rejects when the session fails while watching (e.g. the connection drops). */
  readonly ended: Promise<void>;
}

export function watch(client: ImapClient, onUntagged: UntaggedListener, options: WatchOptions = {}): Watcher {
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const ended = (async () => {
    if (client.has('IDLE')) {
      while (!stopped) {
        const handle = await idle(client, onUntagged);
        await sleep(options.renewMs ?? IDLE_RENEW_MS);
        await handle.done();
      }
      return;
    }
    const unsubscribe = client.onUntagged(onUntagged);
    try {
      while (!stopped) {
        await noop(client);
        await sleep(options.pollMs ?? 60_000);
      }
    } finally {
      unsubscribe();
    }
  })();
  ended.catch(() => {});

  return {
    ended,
    async stop() {
      stopped = true;
      wake?.();
      await ended.catch(() => {});
    },
  };
}
