/**
 * Where to deliver mail for a domain (RFC 5321 §5.1, RFC 7505):
 * - MX records sorted by preference, equal preferences shuffled (spreads load, §5.1);
 * - each exchange's addresses from the additional section when it has them, else A
 *   then AAAA lookups;
 * - no MX → the implicit MX: the domain itself at preference 0 (only when the domain has
 *   an address); when MX records exist the domain's own address is never used;
 * - a null MX (`MX 0 .`) → the domain accepts no mail: error kind 'no-mail', no fallback;
 * - NXDOMAIN → a 'dns' error.
 */
import { MailwrightError } from '../model/errors';
import { rrsetAtChainEnd } from './answer';
import { nxdomainError } from './errors';
import { displayName } from './present';
import type { Querier, QueryResult } from './resolver';
import type { TraceStep } from './trace';
import { Rcode, RRType, type ResourceRecord } from './types';
import { namesEqual } from './codec';

export interface MxRecord {
  preference: number;
  exchange: string;
}

export interface MxExchange extends MxRecord {
  addresses: string[];
}

export interface MxResult {
  domain: string;
  nullMx: boolean;
  implicit: boolean;
  /** In delivery order. */
  exchanges: MxExchange[];
}

/** Pure: preference order, with each run of equal preferences shuffled (Fisher–Yates). */
export function orderMx<T extends MxRecord>(records: readonly T[], random: () => number = Math.random): T[] {
  const sorted = [...records].sort((a, b) => a.preference - b.preference);
  let start = 0;
  while (start < sorted.length) {
    let end = start + 1;
    while (end < sorted.length && sorted[end]!.preference === sorted[start]!.preference) end++;
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(random() * (i - start + 1));
      [sorted[i], sorted[j]] = [sorted[j]!, sorted[i]!];
    }
    start = end;
  }
  return sorted;
}

/** RFC 7505 §3: a null MX is one MX record whose exchange is the root ('.'). */
export function isNullMx(records: readonly MxRecord[]): boolean {
  return records.length === 1 && records[0]!.exchange === '';
}

/** Addresses for `host` found in a response's additional section (A first, then AAAA). */
export function addressesFromAdditional(additionals: readonly ResourceRecord[], host: string): string[] {
  const out: string[] = [];
  for (const type of [RRType.A, RRType.AAAA]) {
    for (const rr of additionals) {
      if (
        rr.type === type &&
        namesEqual(rr.name, host) &&
        (rr.data.type === 'A' || rr.data.type === 'AAAA')
      ) {
        if (!out.includes(rr.data.address)) out.push(rr.data.address);
      }
    }
  }
  return out;
}

/** A then AAAA of `host`; an empty list when it has none or cannot be resolved. */
async function hostAddresses(
  resolver: Querier,
  host: string,
  trace: TraceStep[] | undefined,
): Promise<string[]> {
  const out: string[] = [];
  for (const type of [RRType.A, RRType.AAAA]) {
    let r: QueryResult;
    try {
      r = await resolver.query(host, type, trace ? { trace } : {});
    } catch (e) {
      // One broken exchange must not stop delivery to the others; the guard must stop everything.
      if (e instanceof MailwrightError && (e.code === 'DNS_LOOPBACK_ONLY' || e.kind === 'bad-input')) throw e;
      continue;
    }
    for (const rr of rrsetAtChainEnd(r.answers, host, type).records) {
      if ((rr.data.type === 'A' || rr.data.type === 'AAAA') && !out.includes(rr.data.address))
        out.push(rr.data.address);
    }
  }
  return out;
}

export interface MxOptions {
  random?: () => number;
  /** Collects every step, including the exchanges' address lookups. */
  trace?: TraceStep[];
}

export async function resolveMx(
  resolver: Querier,
  domainIn: string,
  opts: MxOptions = {},
): Promise<MxResult> {
  const domain = domainIn.replace(/\.$/, '');
  const trace = opts.trace;
  const r = await resolver.query(domain, RRType.MX, trace ? { trace } : {});
  if (r.rcode === Rcode.NXDOMAIN) throw nxdomainError(domain);
  const end = rrsetAtChainEnd(r.answers, domain, RRType.MX);
  const records: MxRecord[] = end.records.flatMap((rr) =>
    rr.data.type === 'MX' ? [{ preference: rr.data.preference, exchange: rr.data.exchange }] : [],
  );

  if (isNullMx(records)) {
    throw new MailwrightError(
      'no-mail',
      `The domain ${domain} accepts no mail (it publishes a null MX, RFC 7505); check the recipient's address.`,
      { code: 'NULL_MX' },
    );
  }
  if (records.length === 0) {
    const addresses = await hostAddresses(resolver, domain, trace);
    if (addresses.length === 0) {
      throw new MailwrightError(
        'dns',
        `The domain ${domain} has neither MX records nor an address, so no mail can be delivered there; check the recipient's address.`,
        { code: 'NO_MX' },
      );
    }
    return {
      domain,
      nullMx: false,
      implicit: true,
      exchanges: [{ preference: 0, exchange: domain, addresses }],
    };
  }

  // A root exchange next to real ones cannot be delivered to (RFC 7505 §3 forbids the mix); skip it.
  const usable = records.filter((m) => m.exchange !== '');
  const exchanges: MxExchange[] = [];
  for (const m of orderMx(usable, opts.random)) {
    const fromAdditional = addressesFromAdditional(r.additionals, m.exchange);
    const addresses =
      fromAdditional.length > 0 ? fromAdditional : await hostAddresses(resolver, m.exchange, trace);
    exchanges.push({ preference: m.preference, exchange: displayName(m.exchange), addresses });
  }
  return { domain, nullMx: false, implicit: false, exchanges };
}
