import { describe, expect, it } from 'vitest';
import { DelegationCache, type Candidate } from './delegations';

const ns = (host: string, address: string): Candidate[] => [{ host, addresses: [{ address, port: 53 }] }];

describe('DelegationCache', () => {
  it('finds the deepest known zone above a name, case-insensitively', () => {
    const c = new DelegationCache();
    c.put('test', ns('ns1.test', '127.0.53.2'), 300);
    c.put('Example.Test', ns('ns1.example.test', '127.0.53.3'), 60);
    expect(c.closest('www.EXAMPLE.test')?.zone).toBe('Example.Test');
    expect(c.closest('example.test')?.zone).toBe('Example.Test');
    expect(c.closest('other.test')?.zone).toBe('test');
    expect(c.closest('example.org')).toBeUndefined();
    expect(c.closest('')).toBeUndefined();
  });

  it('forgets entries after their TTL, and on request', () => {
    let now = 0;
    const c = new DelegationCache({ now: () => now });
    c.put('test', ns('ns1.test', '127.0.53.2'), 300);
    c.put('example.test', ns('ns1.example.test', '127.0.53.3'), 60);
    now = 60_000;
    expect(c.closest('www.example.test')?.zone).toBe('test');
    c.forget('TEST');
    expect(c.closest('www.example.test')).toBeUndefined();
  });

  it('never keeps the root, an empty server list or a zero TTL, and stays bounded', () => {
    const c = new DelegationCache({ maxEntries: 2 });
    c.put('', ns('a.root', '127.0.53.1'), 300);
    c.put('a.test', [], 300);
    c.put('b.test', ns('ns.b.test', '127.0.0.2'), 0);
    expect(c.size).toBe(0);
    for (const z of ['c.test', 'd.test', 'e.test']) c.put(z, ns(`ns.${z}`, '127.0.0.2'), 60);
    expect(c.size).toBe(2);
    expect(c.closest('x.c.test')).toBeUndefined();
    expect(c.closest('x.e.test')?.zone).toBe('e.test');
  });
});
