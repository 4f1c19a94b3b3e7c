import fc from 'fast-check';
import { isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from './address';

function v6(text: string): string {
  return ipv6ToText(ipv6FromText(text), 0);
}

describe('IPv6 text is RFC 5952 canonical', () => {
  it.each([
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'], // §4.3 lower case, §4.2 '::'
    ['2001:0db8::0001', '2001:db8::1'], // §4.1 no leading zeros
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2 one zero group stays
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3 the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3 the first of equal runs
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['::ffff:c000:0201', '::ffff:192.0.2.1'], // §5 IPv4-mapped in dotted form
    ['::192.0.2.1', '::c000:201'], // IPv4-compatible is deprecated: plain hex
    ['FE80:0:0:1:2:3:4:5', 'fe80::1:2:3:4:5'],
  ])('%s -> %s', (input, canonical) => {
    expect(v6(input)).toBe(canonical);
  });

  it('round-trips any 16 bytes through text, and node agrees the text is IPv6', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (b) => {
        const text = ipv6ToText(b, 0);
        expect(isIPv6(text)).toBe(true);
        expect(text).toBe(text.toLowerCase());
        expect([...ipv6FromText(text)]).toEqual([...b]);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips addresses with long zero runs (where :: placement matters)', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const b = new Uint8Array(16);
        groups.forEach((g, i) => {
          b[2 * i] = g >> 8;
          b[2 * i + 1] = g & 0xff;
        });
        const text = ipv6ToText(b, 0);
        expect(text.split('::').length).toBeLessThanOrEqual(2);
        expect([...ipv6FromText(text)]).toEqual([...b]);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    '',
    ':',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::1',
    '1.2.3.4::',
    '::1.2.3',
  ])('rejects %j', (text) => {
    expect(() => ipv6FromText(text)).toThrow(MailwrightError);
  });
});

describe('IPv4', () => {
  it('prints and parses dotted quads', () => {
    expect(ipv4ToText(Uint8Array.from([127, 0, 0, 2]), 0)).toBe('127.0.0.2');
    expect([...ipv4FromText('255.0.10.1')]).toEqual([255, 0, 10, 1]);
  });

  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-1', 'a.b.c.d', '1.2.3.4 '])(
    'rejects %j',
    (text) => {
      let error: unknown;
      try {
        ipv4FromText(text);
      } catch (e) {
        error = e;
      }
      expect((error as MailwrightError).kind).toBe('bad-input');
    },
  );
});
