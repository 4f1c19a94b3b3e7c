import { MailwrightError } from '../../model/errors';
import type { Pop3Client } from '../client';
import type { ListEntry } from '../parse';
import { fingerprint, numberRepeats } from './fingerprint';

/**
 * What is on the server and how its messages are told apart across sessions: by UIDL, or,
 * on a server without UIDL (RFC 1939 makes it optional), by a fingerprint from `TOP n 0`
 * (Message-ID, Date, size). TOP is optional too: a server with neither gives no ids at all,
 * which only download-and-delete can live with (see without-ids.ts).
 */

export interface ServerMessage {
  n: number;
  uid: string;
  size: number;
}

export type ServerListing =
  { ids: 'uidl' | 'top'; messages: ServerMessage[] } | { ids: 'none'; list: ListEntry[] };

export async function listServer(client: Pop3Client): Promise<ServerListing> {
  const list = await client.list();
  const uidl = await client.uidl();
  if (uidl !== undefined) {
    const byN = new Map(uidl.map((u) => [u.n, u.uid]));
    const messages = list.map((l) => {
      const uid = byN.get(l.n);
      if (uid === undefined) {
        throw new MailwrightError(
          'protocol',
          `The POP3 server listed message ${l.n} without a UIDL; fetch again later.`,
        );
      }
      return { n: l.n, uid, size: l.size };
    });
    return { ids: 'uidl', messages };
  }
  const prints: string[] = [];
  let refused = false;
  // Every response of the pipeline is read even after a refusal, so the session stays in step.
  await client.pipeline(
    list.map((l) => ({ line: `TOP ${l.n} 0`, shape: 'multi' as const })),
    (r, i) => {
      const entry = list[i];
      if (!r.status.ok || r.body === undefined || entry === undefined) refused = true;
      else prints.push(fingerprint(r.body, entry.size));
    },
  );
  if (refused) return { ids: 'none', list };
  const uids = numberRepeats(prints);
  return { ids: 'top', messages: list.map((l, i) => ({ n: l.n, uid: uids[i] ?? '', size: l.size })) };
}

export function noIdsError(): MailwrightError {
  return new MailwrightError(
    'server-said-no',
    'The POP3 server offers neither UIDL nor TOP, so Mailwright cannot tell messages apart while leaving them there: use download-and-delete.',
  );
}

/** The messages on the server with their ids; a server that gives no ids is an error here. */
export async function serverMessages(
  client: Pop3Client,
): Promise<{ messages: ServerMessage[]; fingerprints: boolean }> {
  const listing = await listServer(client);
  if (listing.ids === 'none') throw noIdsError();
  return { messages: listing.messages, fingerprints: listing.ids === 'top' };
}
