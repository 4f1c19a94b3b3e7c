import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { isNullMx, orderMx, resolveMx } from './mx';
import { rr, ScriptedQuerier, seededRandom } from './testing/scripted-querier';

describe('orderMx (RFC 5321 §5.1)', () => {
  it('property: the result is a permutation sorted by preference', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ preference: fc.integer({ min: 0, max: 5 }), exchange: fc.string() })),
        fc.integer(),
        (records, seed) => {
          const out = orderMx(records, seededRandom(seed));
          expect(
            [...out].sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange)),
          ).toEqual(
            [...records].sort((a, b) => a.preference - b.preference || a.exchange.localeCompare(b.exchange)),
          );
          for (let i = 1; i < out.length; i++)
            expect(out[i]!.preference).toBeGreaterThanOrEqual(out[i - 1]!.preference);
        },
      ),
    );
  });

  it('shuffles equal preferences: each of two equal hosts comes first about half the time', () => {
    const records = [
      { preference: 10, exchange: 'mx1' },
      { preference: 20, exchange: 'mx2' },
      { preference: 20, exchange: 'mx3' },
    ];
    const random = seededRandom(7);
    let mx2First = 0;
    for (let i = 0; i < 2000; i++) {
      const out = orderMx(records, random);
      expect(out[0]!.exchange).toBe('mx1');
      if (out[1]!.exchange === 'mx2') mx2First++;
    }
    expect(mx2First).toBeGreaterThan(850);
    expect(mx2First).toBeLessThan(1150);
  });
});

describe('isNullMx (RFC 7505)', () => {
  it('is one record whose exchange is the root', () => {
    expect(isNullMx([{ preference: 0, exchange: '' }])).toBe(true);
    expect(isNullMx([{ preference: 0, exchange: 'mx.example' }])).toBe(false);
    expect(isNullMx([])).toBe(false);
  });
});

describe('resolveMx', () => {
  it('orders exchanges and takes addresses from the additional section, else asks A then AAAA', async () => {
    const q = new ScriptedQuerier({
      'd.test MX': {
        answers: [rr.mx('d.test', 20, 'b.d.test'), rr.mx('d.test', 10, 'a.d.test')],
        additionals: [rr.a('a.d.test', '127.0.9.1'), rr.aaaa('a.d.test', '::1')],
      },
      'b.d.test A': { answers: [rr.a('b.d.test', '127.0.9.2')] },
      'b.d.test AAAA': {},
      'd.test A': { answers: [rr.a('d.test', '127.0.9.9')] },
    });
    const res = await resolveMx(q, 'd.test.');
    expect(res).toEqual({
      domain: 'd.test',
      nullMx: false,
      implicit: false,
      exchanges: [
        { preference: 10, exchange: 'a.d.test', addresses: ['127.0.9.1', '::1'] },
        { preference: 20, exchange: 'b.d.test', addresses: ['127.0.9.2'] },
      ],
    });
    // The domain's own address is never asked for when MX records exist.
    expect(q.asked).not.toContain('d.test A');
    expect(q.asked).not.toContain('a.d.test A');
  });

  it('falls back to the implicit MX when there is no MX record', async () => {
    const q = new ScriptedQuerier({ 'd.test A': { answers: [rr.a('d.test', '127.0.9.9')] } });
    expect(await resolveMx(q, 'd.test')).toEqual({
      domain: 'd.test',
      nullMx: false,
      implicit: true,
      exchanges: [{ preference: 0, exchange: 'd.test', addresses: ['127.0.9.9'] }],
    });
  });

  it('follows a CNAME to the MX records', async () => {
    const q = new ScriptedQuerier({
      'alias.test MX': {
        answers: [rr.cname('alias.test', 'real.test'), rr.mx('real.test', 5, 'mx.real.test')],
      },
      'mx.real.test A': { answers: [rr.a('mx.real.test', '127.0.9.3')] },
    });
    const res = await resolveMx(q, 'alias.test');
    expect(res.exchanges).toEqual([{ preference: 5, exchange: 'mx.real.test', addresses: ['127.0.9.3'] }]);
  });

  it('null MX: no-mail error and no address fallback', async () => {
    const q = new ScriptedQuerier({
      'n.test MX': { answers: [rr.mx('n.test', 0, '')] },
      'n.test A': { answers: [rr.a('n.test', '127.0.9.9')] },
    });
    const err = await resolveMx(q, 'n.test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailwrightError);
    expect((err as MailwrightError).kind).toBe('no-mail');
    expect(q.asked).toEqual(['n.test MX']);
  });

  it('NXDOMAIN: a dns error saying the domain does not exist', async () => {
    const q = new ScriptedQuerier({ 'x.test MX': { rcode: 3 } });
    const err = (await resolveMx(q, 'x.test').catch((e: unknown) => e)) as MailwrightError;
    expect(err.kind).toBe('dns');
    expect(err.code).toBe('NXDOMAIN');
    expect(err.message).toContain('x.test does not exist');
  });

  it('no MX and no address: a dns error', async () => {
    const err = (await resolveMx(new ScriptedQuerier({}), 'e.test').catch(
      (e: unknown) => e,
    )) as MailwrightError;
    expect(err.kind).toBe('dns');
    expect(err.code).toBe('NO_MX');
  });

  it('ignores a root exchange mixed in with real ones', async () => {
    const q = new ScriptedQuerier({
      'm.test MX': { answers: [rr.mx('m.test', 0, ''), rr.mx('m.test', 10, 'mx.m.test')] },
      'mx.m.test A': { answers: [rr.a('mx.m.test', '127.0.9.4')] },
    });
    expect((await resolveMx(q, 'm.test')).exchanges.map((e) => e.exchange)).toEqual(['mx.m.test']);
  });
});
