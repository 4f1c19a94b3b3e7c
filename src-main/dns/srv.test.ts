import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderSrv, resolveSrv, type SrvRecord } from './srv';
import { rr, ScriptedQuerier, seededRandom } from './testing/scripted-querier';

const rec = (priority: number, weight: number, target: string): SrvRecord => ({
  priority,
  weight,
  port: 993,
  target,
});

describe('orderSrv (RFC 2782)', () => {
  it('property: a permutation in priority order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            priority: fc.integer({ min: 0, max: 3 }),
            weight: fc.integer({ min: 0, max: 100 }),
            port: fc.constant(1),
            target: fc.string(),
          }),
        ),
        fc.integer(),
        (records, seed) => {
          const out = orderSrv(records, seededRandom(seed));
          expect(out).toHaveLength(records.length);
          for (const r of records) expect(out).toContain(r);
          for (let i = 1; i < out.length; i++)
            expect(out[i]!.priority).toBeGreaterThanOrEqual(out[i - 1]!.priority);
        },
      ),
    );
  });

  it('picks first in proportion to weight within a priority', () => {
    const records = [rec(1, 0, 'backup'), rec(0, 10, 'light'), rec(0, 30, 'heavy')];
    const random = seededRandom(42);
    let heavyFirst = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const out = orderSrv(records, random);
      expect(out[2]!.target).toBe('backup');
      if (out[0]!.target === 'heavy') heavyFirst++;
    }
    // Expected 30/41 of the time with the RFC's [0, total] draw.
    expect(heavyFirst / n).toBeGreaterThan(0.68);
    expect(heavyFirst / n).toBeLessThan(0.78);
  });

  it('gives a zero-weight record a small chance, all-zero weights an even one', () => {
    const random = seededRandom(3);
    let zeroFirst = 0;
    let aFirst = 0;
    for (let i = 0; i < 2000; i++) {
      if (orderSrv([rec(0, 0, 'zero'), rec(0, 50, 'big')], random)[0]!.target === 'zero') zeroFirst++;
      if (orderSrv([rec(0, 0, 'a'), rec(0, 0, 'b')], random)[0]!.target === 'a') aFirst++;
    }
    expect(zeroFirst).toBeGreaterThan(0);
    expect(zeroFirst).toBeLessThan(150);
    expect(aFirst).toBeGreaterThan(1000); // [0, 0] always picks the first of the zero group
  });
});

describe('resolveSrv', () => {
  it('a lone "." target: the service is not offered', async () => {
    const q = new ScriptedQuerier({
      '_imap._tcp.d.test SRV': { answers: [rr.srv('_imap._tcp.d.test', 0, 0, 0, '')] },
    });
    expect(await resolveSrv(q, 'imap', 'tcp', 'd.test')).toEqual({
      name: '_imap._tcp.d.test',
      notOffered: true,
      targets: [],
    });
  });

  it('NXDOMAIN: no targets, not a refusal', async () => {
    const q = new ScriptedQuerier({ '_imaps._tcp.d.test SRV': { rcode: 3 } });
    expect(await resolveSrv(q, 'imaps', 'tcp', 'd.test')).toEqual({
      name: '_imaps._tcp.d.test',
      notOffered: false,
      targets: [],
    });
  });

  it('orders targets', async () => {
    const n = '_submission._tcp.d.test';
    const q = new ScriptedQuerier({
      [`${n} SRV`]: { answers: [rr.srv(n, 10, 1, 587, 'b.d.test'), rr.srv(n, 0, 1, 587, 'a.d.test')] },
    });
    const res = await resolveSrv(q, 'submission', 'tcp', 'd.test');
    expect(res.targets.map((t) => t.target)).toEqual(['a.d.test', 'b.d.test']);
  });
});
