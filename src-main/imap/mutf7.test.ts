import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMutf7, encodeMutf7, isWellFormedUtf16 } from './mutf7';

describe('modified UTF-7 (RFC 3501 §5.1.3)', () => {
  const vectors: [string, string][] = [
    ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
    ['日本語', '&ZeVnLIqe-'],
    ['Überweisungen', '&ANw-berweisungen'],
    ['A&B', 'A&-B'],
    ['&', '&-'],
    ['INBOX', 'INBOX'],
    ['', ''],
    ['Hi Mom -☺-!', 'Hi Mom -&Jjo--!'],
    ['😀', '&2D3eAA-'],
  ];
  for (const [text, wire] of vectors) {
    it(`${JSON.stringify(text)} <-> ${wire}`, () => {
      expect(encodeMutf7(text)).toBe(wire);
      expect(decodeMutf7(wire)).toBe(text);
    });
  }

  it('rejects malformed input', () => {
    for (const bad of ['&', '&ZeVnLIqe', '&AGE-', '&U,BTF-', '&Jjo!-', 'a\u0080b', '&2D0-', '&Zé-']) {
      expect(() => decodeMutf7(bad), bad).toThrow(/not valid modified UTF-7/);
    }
  });

  it('property: encode then decode is the identity for well-formed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        fc.pre(isWellFormedUtf16(s));
        const wire = encodeMutf7(s);
        expect(wire).toMatch(/^[\x20-\x7e]*$/);
        expect(decodeMutf7(wire)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
