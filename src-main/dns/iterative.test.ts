import { describe, expect, it } from 'vitest';
import type { Answer } from './answer';
import { findReferral } from './iterative';
import { rr } from './testing/scripted-querier';
import { RRType, type ResourceRecord } from './types';

const ns = (zone: string, host: string): ResourceRecord => ({
  name: zone,
  type: RRType.NS,
  class: 1,
  ttl: 60,
  data: { type: 'NS', host },
});
const msg = (authorities: ResourceRecord[], additionals: ResourceRecord[] = []): Answer => ({
  rcode: 0,
  answers: [],
  authorities,
  additionals,
});

describe('findReferral', () => {
  it('follows a delegation closer to the name and keeps in-bailiwick glue only', () => {
    const m = msg(
      [ns('example.test', 'ns1.example.test'), ns('example.test', 'ns.other.test')],
      [rr.a('ns1.example.test', '127.0.53.3'), rr.a('ns.other.test', '127.0.66.6')],
    );
    expect(findReferral(m, 'www.example.test', 'test')).toEqual({
      zone: 'example.test',
      ttl: 60,
      candidates: [
        { host: 'ns1.example.test', addresses: [{ address: '127.0.53.3', port: 53 }] },
        // Out of bailiwick: its glue is not believed; it will be resolved from the root.
        { host: 'ns.other.test', addresses: [] },
      ],
    });
  });

  it('puts glued servers before glueless ones', () => {
    const m = msg([ns('g.test', 'ns.x.test'), ns('g.test', 'ns.g.test')], [rr.a('ns.g.test', '127.0.53.3')]);
    expect(findReferral(m, 'g.test', 'test')?.candidates.map((c) => c.host)).toEqual([
      'ns.g.test',
      'ns.x.test',
    ]);
  });

  it('refuses upward, sideways and same-zone referrals (lame servers)', () => {
    expect(findReferral(msg([ns('', 'a.root')]), 'www.example.test', 'test')).toBeUndefined();
    expect(findReferral(msg([ns('test', 'ns.test')]), 'www.example.test', 'test')).toBeUndefined();
    expect(
      findReferral(msg([ns('other.test', 'ns.other.test')]), 'www.example.test', 'test'),
    ).toBeUndefined();
  });

  it('compares names case-insensitively and takes AAAA glue after A', () => {
    const m = msg(
      [ns('Example.TEST', 'NS1.example.test')],
      [rr.aaaa('ns1.example.test', '::1'), rr.a('ns1.EXAMPLE.test', '127.0.53.3')],
    );
    expect(findReferral(m, 'www.example.test', '')?.candidates[0]?.addresses).toEqual([
      { address: '127.0.53.3', port: 53 },
      { address: '::1', port: 53 },
    ]);
  });
});
