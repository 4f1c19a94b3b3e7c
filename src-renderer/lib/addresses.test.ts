import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress, isAddress, parseAddresses, splitEntries } from './addresses';

describe('addresses', () => {
  it('accepts ordinary and Unicode addresses, refuses broken ones', () => {
    for (const ok of [
      'a@example.org',
      'first.last+tag@sub.example.co',
      'jörg@bücher.example',
      'x@[127.0.0.1]',
    ]) {
      expect(isAddress(ok), ok).toBe(true);
    }
    for (const bad of [
      '',
      'plain',
      '@example.org',
      'a@',
      'a@b',
      'a..b@example.org',
      '.a@example.org',
      'a b@example.org',
      'a@exa mple.org',
    ]) {
      expect(isAddress(bad), bad).toBe(false);
    }
  });

  it('splits on commas and semicolons outside quotes and brackets', () => {
    expect(splitEntries('"Doe, Jane" <j@example.org>; b@example.org,  ,c@example.org')).toEqual([
      '"Doe, Jane" <j@example.org>',
      'b@example.org',
      'c@example.org',
    ]);
  });

  it('parses names and reports the wrong entries as typed', () => {
    expect(parseAddresses('"Doe, Jane" <j@example.org>, Bob <bob@example.org>, nope, x@y')).toEqual({
      valid: [
        { name: 'Doe, Jane', address: 'j@example.org' },
        { name: 'Bob', address: 'bob@example.org' },
      ],
      invalid: ['nope', 'x@y'],
    });
  });

  it('format → parse gives the same address back (property)', () => {
    const name = fc.option(
      fc.string({ maxLength: 20 }).filter((s) => s.trim() === s && s !== ''),
      { nil: null },
    );
    const local = fc.stringMatching(/^[a-z0-9][a-z0-9.+_-]{0,10}[a-z0-9]$/).filter((s) => !s.includes('..'));
    const domain = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]\.(org|test|example)$/);
    fc.assert(
      fc.property(name, local, domain, (n, l, d) => {
        const a = { name: n, address: `${l}@${d}` };
        const back = parseAddresses(formatAddress(a));
        expect(back.invalid).toEqual([]);
        expect(back.valid).toHaveLength(1);
        expect(back.valid[0]!.address).toBe(a.address);
      }),
      { numRuns: 300 },
    );
  });
});
