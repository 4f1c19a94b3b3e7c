/**
 * The zone cuts an iterative resolver has learnt: for each zone, its name servers and the
 * addresses known for them, kept for the NS records' TTL. A later lookup starts at the
 * deepest known zone above its name instead of at the root, as a caching resolver does.
 * Bounded: the oldest entry goes first.
 */
import type { Endpoint } from './endpoint';

/** A name server to ask: its name (when known) and the addresses known so far. */
export interface Candidate {
  host: string | undefined;
  addresses: Endpoint[];
}

export interface Delegation {
  zone: string;
  candidates: Candidate[];
}

interface Entry extends Delegation {
  expiresAt: number;
}

export class DelegationCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 1000);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Remembers a referral for `ttl` seconds (0 or less: not kept). */
  put(zone: string, candidates: Candidate[], ttl: number): void {
    if (!(ttl > 0) || zone === '' || candidates.length === 0) return;
    const key = zone.toLowerCase();
    this.entries.delete(key);
    this.entries.set(key, { zone, candidates, expiresAt: this.now() + Math.min(ttl, 86_400) * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** The deepest unexpired zone that contains `name`, or undefined (start at the root). */
  closest(name: string): Delegation | undefined {
    const now = this.now();
    let suffix = name.toLowerCase();
    for (;;) {
      const e = this.entries.get(suffix);
      if (e !== undefined) {
        if (e.expiresAt > now) return e;
        this.entries.delete(suffix);
      }
      const dot = suffix.indexOf('.');
      if (dot < 0) return undefined;
      suffix = suffix.slice(dot + 1);
    }
  }

  forget(zone: string): void {
    this.entries.delete(zone.toLowerCase());
  }
}
