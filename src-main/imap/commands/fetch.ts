/**
 * UID FETCH (RFC 9051 §6.4.5, with CHANGEDSINCE from RFC 7162). Results are matched to the
 * command by UID range, so several UID FETCHes may be pipelined side by side.
 */
import type { ImapClient } from '../client';
import { setMatcher } from '../sequence-set';
import { list, raw, type Arg } from '../serialize';
import type { FetchAttributes, UntaggedData } from '../types';

export interface FetchedMessage {
  seq: number;
  uid: number;
  attributes: FetchAttributes;
}

export interface FetchOptions {
  /** Only messages whose mod-sequence is above this (CONDSTORE). */
  changedSince?: bigint;
  /**
   * Stream: each FETCH response is handed over as it arrives and not kept, so a large
   * folder's first messages can be shown (or stored) before the last one is read. The
   * result array is then empty. Items a server splits over several responses arrive split.
   */
  onMessage?: (message: FetchedMessage) => void;
}

/** Items like `['UID', 'FLAGS', 'ENVELOPE', 'BODY.PEEK[]']`; UID is always added. */
export async function uidFetch(
  client: ImapClient,
  uidSet: string,
  items: readonly string[],
  options: FetchOptions = {},
): Promise<FetchedMessage[]> {
  const wanted = items.some((i) => i.toUpperCase() === 'UID') ? items : ['UID', ...items];
  const inSet = setMatcher(uidSet);
  const args: Arg[] = [raw(uidSet), list(...wanted.map(raw))];
  if (options.changedSince !== undefined)
    args.push(list(raw('CHANGEDSINCE'), raw(options.changedSince.toString())));
  const onMessage = options.onMessage;
  const result = await client.execute('UID FETCH', args, {
    collect: (d: UntaggedData) => {
      if (d.type !== 'fetch' || d.attributes.uid === undefined || !inSet(d.attributes.uid)) return false;
      if (onMessage === undefined) return true;
      onMessage({ seq: d.seq, uid: d.attributes.uid, attributes: d.attributes });
      return false;
    },
  });
  // A server may send one message's items in several FETCH responses: merge them by UID.
  const byUid = new Map<number, FetchedMessage>();
  for (const d of result.untagged) {
    if (d.type !== 'fetch' || d.attributes.uid === undefined) continue;
    const known = byUid.get(d.attributes.uid);
    if (known === undefined)
      byUid.set(d.attributes.uid, { seq: d.seq, uid: d.attributes.uid, attributes: d.attributes });
    else {
      const sections = [...(known.attributes.sections ?? []), ...(d.attributes.sections ?? [])];
      known.attributes = {
        ...known.attributes,
        ...d.attributes,
        ...(sections.length > 0 ? { sections } : {}),
      };
    }
  }
  return [...byUid.values()];
}
