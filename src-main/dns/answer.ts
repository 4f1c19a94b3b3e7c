/** What a lookup yields, whichever way it was resolved, and how to read a CNAME chain in it. */
import type { CachedAnswer } from './cache';
import { RRType, type DnsMessage, type ResourceRecord } from './types';
import { namesEqual } from './codec';

export type Answer = CachedAnswer;

export const MAX_CNAME_CHAIN = 8;

export function answerFromMessage(m: DnsMessage): Answer {
  return {
    rcode: m.header.rcode,
    answers: m.answers,
    authorities: m.authorities,
    // The OPT pseudo-record is about the transport, not the data: never cached or shown.
    additionals: m.additionals.filter((rr) => rr.type !== RRType.OPT),
  };
}

/**
 * Follows the CNAME chain from `name` through `records` (at most MAX_CNAME_CHAIN links,
 * which also stops loops) and returns the records of `type` at its end and the end's name.
 */
export function rrsetAtChainEnd(
  records: readonly ResourceRecord[],
  name: string,
  type: number,
): { name: string; records: ResourceRecord[]; links: number } {
  let current = name;
  for (let links = 0; ; links++) {
    const found = records.filter((rr) => rr.type === type && namesEqual(rr.name, current));
    if (found.length > 0 || type === RRType.CNAME) return { name: current, records: found, links };
    const cname = records.find((rr) => rr.type === RRType.CNAME && namesEqual(rr.name, current));
    if (cname === undefined || cname.data.type !== 'CNAME' || links >= MAX_CNAME_CHAIN) {
      return { name: current, records: [], links };
    }
    current = cname.data.target;
  }
}

/** True when `name` is `zone` or inside it ('' is the root, above everything). Case-insensitive. */
export function isAtOrBelow(name: string, zone: string): boolean {
  if (zone === '') return true;
  const n = name.toLowerCase();
  const z = zone.toLowerCase();
  return n === z || n.endsWith(`.${z}`);
}
