/**
 * The answer cache: positive answers live for the smallest TTL of their records,
 * negative answers (NXDOMAIN, no data) for min(SOA TTL, SOA minimum) as RFC 2308 §5 says.
 * A truncated answer is never stored (it is incomplete by definition). The size is bounded:
 * the least recently used entry goes first (a Map keeps insertion order; a hit re-inserts).
 */
import type { ResourceRecord } from './types';
import { RRType, Rcode } from './types';

export interface CachedAnswer {
  rcode: number;
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

interface Entry {
  expiresAt: number;
  value: CachedAnswer;
}

export interface DnsCacheOptions {
  maxEntries?: number;
  /** Longest time anything is kept, in seconds (a huge TTL from a server is not trusted). */
  maxTtl?: number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
}

export function cacheKey(name: string, type: number, klass: number): string {
  return `${name.toLowerCase()}|${type}|${klass}`;
}

/** Seconds an answer may be cached; 0 means do not cache. */
export function cacheTtl(answer: CachedAnswer, truncated: boolean): number {
  if (truncated) return 0;
  if (answer.rcode === Rcode.NOERROR && answer.answers.length > 0) {
    let ttl = Infinity;
    for (const rr of answer.answers) ttl = Math.min(ttl, rr.ttl);
    return ttl;
  }
  if (answer.rcode === Rcode.NXDOMAIN || answer.rcode === Rcode.NOERROR) {
    // RFC 2308 §3/§5: negative TTL = min(SOA's own TTL, SOA MINIMUM); without an SOA, do not cache.
    const soa = answer.authorities.find((rr) => rr.type === RRType.SOA);
    if (soa === undefined || soa.data.type !== 'SOA') return 0;
    // A CNAME chain that ended in NXDOMAIN is also bounded by the chain's TTLs.
    let ttl = Math.min(soa.ttl, soa.data.minimum);
    for (const rr of answer.answers) ttl = Math.min(ttl, rr.ttl);
    return ttl;
  }
  return 0; // SERVFAIL and friends are not cached here.
}

export class DnsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxTtl: number;
  private readonly now: () => number;

  constructor(options: DnsCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.maxTtl = options.maxTtl ?? 86_400;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(name: string, type: number, klass: number): CachedAnswer | undefined {
    const key = cacheKey(name, type, klass);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-insert so the Map's order stays least-recently-used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores the answer if it may be cached; returns the TTL used (0 = not stored). */
  put(name: string, type: number, klass: number, answer: CachedAnswer, truncated = false): number {
    const ttl = Math.min(cacheTtl(answer, truncated), this.maxTtl);
    if (!(ttl > 0)) return 0;
    const key = cacheKey(name, type, klass);
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: this.now() + ttl * 1000, value: answer });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return ttl;
  }

  clear(): void {
    this.entries.clear();
  }
}
