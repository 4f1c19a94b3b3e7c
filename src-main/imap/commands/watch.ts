/**
 * Waiting for mailbox changes: IDLE where the server offers it (re-issued before the
 * server's 30-minute limit), NOOP polling where it does not. Untagged responses (EXISTS,
 * EXPUNGE, FETCH flag changes, VANISHED) go to `onUntagged` either way.
 */
import type { MailwrightError } from '../../model/errors';
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
  // The session failing (e.g. the connection dropping mid-IDLE) must end the watch now, not
  // when the next renewal or poll finds out, so the caller can reconnect at once.
  let lost: MailwrightError | null = client.failed;
  const offFailure = client.onFailure((e) => {
    lost = e;
    wake?.();
  });
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped || lost !== null) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const check = (): void => {
    if (lost !== null) throw lost;
  };

  const ended = (async () => {
    try {
      if (client.has('IDLE')) {
        while (!stopped) {
          check();
          const handle = await idle(client, onUntagged);
          await sleep(options.renewMs ?? IDLE_RENEW_MS);
          if (lost !== null) {
            await handle.done().catch(() => undefined); // only to unsubscribe: the session is gone
            throw lost;
          }
          await handle.done();
        }
        return;
      }
      const unsubscribe = client.onUntagged(onUntagged);
      try {
        while (!stopped) {
          check();
          await noop(client);
          await sleep(options.pollMs ?? 60_000);
        }
      } finally {
        unsubscribe();
      }
    } finally {
      offFailure();
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
