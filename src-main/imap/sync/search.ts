/**
 * Server-side search of one cached folder, for the mailbox service's search box: the
 * server has every body, the cache only those opened so far. Runs on the context's own
 * session (after any sync already running on it), so a search opens no connection of its
 * own when a session is alive.
 */
import { MailwrightError } from '../../model/errors';
import { uidSearch } from '../commands/search';
import { select } from '../commands/select';
import { qstring, raw, type Arg } from '../serialize';
import { withSession } from './session';
import type { SyncContext } from './types';

/**
 * The criteria for "every word occurs in the message" (RFC 9051 §6.4.4: criteria side by
 * side are ANDed; TEXT looks in the headers and the body). CHARSET UTF-8 only when a word
 * needs it: US-ASCII is the default every server takes, UTF-8 one that old servers may
 * refuse with BADCHARSET. Pure.
 */
export function textCriteria(words: readonly string[]): Arg[] {
  const ascii = words.every((w) => /^\p{ASCII}*$/u.test(w));
  return [
    ...(ascii ? [] : [raw('CHARSET'), raw('UTF-8')]),
    ...words.flatMap((w) => [raw('TEXT'), qstring(w)]),
  ];
}

export interface ServerSearchOptions {
  /** Reconnects after a network failure (default 1: a session the server timed out is renewed once). */
  reconnects?: number;
  /** Asked when the session's turn comes: true means the caller has gone, so nothing is sent. */
  abandoned?: () => boolean;
}

/**
 * UIDs of the folder's messages that hold every word, in ascending order; null when the
 * caller gave up before the session was free. Throws a MailwrightError when the server
 * cannot be reached or refuses, and (code IMAP_UIDVALIDITY_CHANGED) when the folder's
 * UIDVALIDITY is no longer the cache's: its UIDs would then name other messages.
 */
export function searchFolderOnServer(
  ctx: SyncContext,
  folder: string,
  words: readonly string[],
  options: ServerSearchOptions = {},
): Promise<number[] | null> {
  if (words.length === 0) return Promise.resolve([]);
  return withSession(
    ctx,
    async (client) => {
      if (options.abandoned?.() === true) return null;
      const mbox =
        client.state === 'selected' && client.mailbox?.name === folder
          ? client.mailbox
          : await select(client, folder);
      const cached = ctx.store.folderState(folder)?.uidValidity ?? null;
      if (cached === null || mbox.uidValidity !== cached) {
        throw new MailwrightError(
          'not-found',
          `The folder "${folder}" changed on the server since the last sync; sync it, then search again.`,
          { code: 'IMAP_UIDVALIDITY_CHANGED' },
        );
      }
      return uidSearch(client, textCriteria(words));
    },
    { reconnects: options.reconnects ?? 1 },
  );
}
