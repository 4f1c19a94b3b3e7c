import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheTtl, DnsCache, type CachedAnswer } from './cache';
import { RRType, type ResourceRecord } from './types';

const a = (name: string, ttl: number): ResourceRecord => ({
  name,
  type: RRType.A,
  class: 1,
  ttl,
  data: { type: 'A', address: '127.0.0.1' },
});
const soa = (ttl: number, minimum: number): ResourceRecord => ({
  name: 'example.test',
  type: RRType.SOA,
  class: 1,
  ttl,
  data: { type: 'SOA', mname: 'ns', rname: 'h', serial: 1, refresh: 1, retry: 1, expire: 1, minimum },
});
const positive = (ttls: number[]): CachedAnswer => ({
  rcode: 0,
  answers: ttls.map((t) => a('h.example.test', t)),
  authorities: [],
  additionals: [],
});

describe('cacheTtl', () => {
  it('positive: the smallest TTL in the answer', () => {
    expect(cacheTtl(positive([300, 60, 120]), false)).toBe(60);
  });
  it('negative (RFC 2308 §5): min(SOA TTL, SOA minimum), for NXDOMAIN and NODATA', () => {
    expect(cacheTtl({ rcode: 3, answers: [], authorities: [soa(900, 30)], additionals: [] }, false)).toBe(30);
    expect(cacheTtl({ rcode: 0, answers: [], authorities: [soa(20, 300)], additionals: [] }, false)).toBe(20);
  });
  it('not cached: truncated, negative without SOA, SERVFAIL', () => {
    expect(cacheTtl(positive([300]), true)).toBe(0);
    expect(cacheTtl({ rcode: 3, answers: [], authorities: [], additionals: [] }, false)).toBe(0);
    expect(cacheTtl({ rcode: 2, answers: [], authorities: [soa(60, 60)], additionals: [] }, false)).toBe(0);
  });
});

describe('DnsCache', () => {
  it('serves until the TTL passes, case-insensitively', () => {
    let now = 1_000_000;
    const cache = new DnsCache({ now: () => now });
    expect(cache.put('H.Example.Test', RRType.A, 1, positive([60]))).toBe(60);
    expect(cache.get('h.example.test', RRType.A, 1)?.answers).toHaveLength(1);
    expect(cache.get('h.example.test', RRType.AAAA, 1)).toBeUndefined();
    now += 59_999;
    expect(cache.get('h.example.test', RRType.A, 1)).toBeDefined();
    now += 1;
    expect(cache.get('h.example.test', RRType.A, 1)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never stores a truncated answer, and caps huge TTLs', () => {
    let now = 0;
    const cache = new DnsCache({ now: () => now, maxTtl: 3600 });
    expect(cache.put('t', RRType.A, 1, positive([300]), true)).toBe(0);
    expect(cache.get('t', RRType.A, 1)).toBeUndefined();
    expect(cache.put('big', RRType.A, 1, positive([2_000_000_000]))).toBe(3600);
    now = 3_600_000;
    expect(cache.get('big', RRType.A, 1)).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new DnsCache({ maxEntries: 3 });
    for (const n of ['a', 'b', 'c']) cache.put(n, RRType.A, 1, positive([60]));
    cache.get('a', RRType.A, 1); // a is now the most recent
    cache.put('d', RRType.A, 1, positive([60]));
    expect(cache.size).toBe(3);
    expect(cache.get('b', RRType.A, 1)).toBeUndefined();
    expect(cache.get('a', RRType.A, 1)).toBeDefined();
    expect(cache.get('d', RRType.A, 1)).toBeDefined();
  });

  it('property: never holds more than maxEntries, and what it holds is what was last put', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(
          fc.record({
            op: fc.constantFrom('put', 'get'),
            name: fc.constantFrom('a', 'B', 'c', 'd', 'e', 'f', 'g'),
            type: fc.constantFrom(RRType.A, RRType.MX, RRType.TXT),
          }),
          { maxLength: 60 },
        ),
        (max, ops) => {
          const cache = new DnsCache({ maxEntries: max });
          const last = new Map<string, CachedAnswer>();
          for (const { op, name, type } of ops) {
            const key = `${name.toLowerCase()} ${type}`;
            if (op === 'put') {
              const answer = positive([60]);
              cache.put(name, type, 1, answer);
              last.set(key, answer);
            } else {
              const got = cache.get(name.toUpperCase(), type, 1);
              if (got !== undefined) expect(got).toBe(last.get(key));
            }
            expect(cache.size).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });
});
