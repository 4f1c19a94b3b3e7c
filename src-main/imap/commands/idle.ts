/**
 * IDLE (RFC 2177): the server pushes EXISTS / EXPUNGE / FETCH while we wait. The caller
 * ends it with `done()`; servers drop an IDLE after 30 minutes, so a long wait must end
 * and re-issue it before then (IDLE_RENEW_MS).
 */
import { MailwrightError } from '../../model/errors';
import type { ImapClient, UntaggedListener } from '../client';

/**
 * RFC 2177 asks for a new IDLE at least every 29 minutes; the renewal (DONE, tagged OK, IDLE)
 * starts after this wait, so it is a minute short of that, not 29 minutes exactly.
 */
export const IDLE_RENEW_MS = 28 * 60 * 1000;

export interface IdleHandle {
  /** Sends DONE and waits for the tagged completion. */
  done(): Promise<void>;
}

export async function idle(client: ImapClient, onUntagged: UntaggedListener): Promise<IdleHandle> {
  if (!client.has('IDLE')) {
    throw new MailwrightError(
      'server-said-no',
      'The IMAP server does not offer IDLE; poll with NOOP instead.',
      { code: 'IMAP_NO_IDLE' },
    );
  }
  const unsubscribe = client.onUntagged(onUntagged);
  client.connection.setIdleTimeout(IDLE_RENEW_MS + 60_000);
  let idling!: () => void;
  const started = new Promise<void>((resolve) => (idling = resolve));
  const completed = client.execute('IDLE', [], { onContinuation: () => idling() });
  // Until done() awaits it, a dropped connection must not become an unhandled rejection.
  completed.catch(() => {});
  // If the server refuses IDLE outright, `completed` rejects before any continuation.
  await Promise.race([started, completed]);
  let finished = false;
  return {
    async done() {
      if (finished) return;
      finished = true;
      try {
        await client.writeContinuation('DONE\r\n');
        await completed;
      } finally {
        unsubscribe();
        client.connection.setIdleTimeout(client.idleTimeoutMs);
      }
    },
  };
}
