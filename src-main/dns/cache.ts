/**
 * The answer cache: positive answers live for the smallest TTL of their records,
 * negative answers (NXDOMAIN, no data) for min(SOA TTL, SOA minimum) as RFC 2308 §5 says.
 * A truncated answer is never stored (it is incomplete by definition). The size is bounded,
 * evicting in CLOCK order (an approximation of least-recently-used): a hit only sets a flag,
 * and eviction walks from the oldest entry, giving flagged ones a second chance. A hit must be
 * cheap: the cache answers a million lookups a second.
 */
import type { ResourceRecord } from './types';
import { RRType, Rcode } from './types';

export interface CachedAnswer {
  rcode: number;
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

interface Entry<V> {
  expiresAt: number;
  value: V;
  used: boolean;
}

export interface DnsCacheOptions {
  maxEntries?: number;
  /** Longest time anything is kept, in seconds (a huge TTL from a server is not trusted). */
  maxTtl?: number;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
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

export class DnsCache<V extends CachedAnswer = CachedAnswer> {
  /**
   * One map per (type, class), keyed by the lower-cased name. Two lookups instead of one
   * map over "name|type|class" strings: building and hashing a fresh key string on every
   * hit cost more than everything else in a hit; a caller's name string keeps its hash.
   */
  private readonly tables = new Map<number, Map<string, Entry<V>>>();
  private count = 0;
  private readonly maxEntries: number;
  private readonly maxTtl: number;
  private readonly now: () => number;

  constructor(options: DnsCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.maxTtl = options.maxTtl ?? 86_400;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.count;
  }

  get(name: string, type: number, klass: number): V | undefined {
    const table = this.tables.get(type + klass * 0x10000);
    if (table === undefined) return undefined;
    const key = name.toLowerCase();
    const entry = table.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      table.delete(key);
      this.count--;
      return undefined;
    }
    entry.used = true;
    return entry.value;
  }

  /** Stores the answer if it may be cached; returns the TTL used (0 = not stored). */
  put(name: string, type: number, klass: number, answer: V, truncated = false): number {
    const ttl = Math.min(cacheTtl(answer, truncated), this.maxTtl);
    if (!(ttl > 0)) return 0;
    const tableKey = type + klass * 0x10000;
    let table = this.tables.get(tableKey);
    if (table === undefined) {
      table = new Map();
      this.tables.set(tableKey, table);
    }
    const key = name.toLowerCase();
    if (table.delete(key)) this.count--;
    table.set(key, { expiresAt: this.now() + ttl * 1000, value: answer, used: false });
    this.count++;
    while (this.count > this.maxEntries) this.evictOne(key);
    return ttl;
  }

  clear(): void {
    this.tables.clear();
    this.count = 0;
  }

  /**
   * CLOCK over the largest table (a handful of record types, so the scan is short): walk
   * from its oldest entry; a flagged one loses its flag and goes to the back, the first
   * unflagged one goes. Ends within 2 × the table's size steps. `keep` is the entry just
   * stored, which is never the one evicted unless it is alone.
   */
  private evictOne(keep: string): void {
    let largest: Map<string, Entry<V>> | undefined;
    for (const t of this.tables.values()) if (largest === undefined || t.size > largest.size) largest = t;
    if (largest === undefined || largest.size === 0) return;
    for (;;) {
      const oldest = largest.entries().next();
      if (oldest.done === true) return;
      const [k, e] = oldest.value;
      largest.delete(k);
      if ((e.used || k === keep) && largest.size > 0) {
        e.used = false;
        largest.set(k, e);
        continue;
      }
      this.count--;
      return;
    }
  }
}
