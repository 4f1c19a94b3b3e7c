import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chunkBody, DataEncoder, decodeData, encodeData, normaliseLineEnds } from './data-encoder';

const s = (text: string): Buffer => Buffer.from(text, 'latin1');
const enc = (text: string): string => encodeData(s(text)).toString('latin1');

describe('DataEncoder', () => {
  it('dot-stuffs lines that start with a dot and ends with CRLF.CRLF', () => {
    expect(enc('a\r\n.b\r\n..c\r\n.\r\n')).toBe('a\r\n..b\r\n...c\r\n..\r\n.\r\n');
    expect(enc('.first')).toBe('..first\r\n.\r\n');
  });

  it('normalises bare LF and bare CR to CRLF', () => {
    expect(enc('a\nb\rc\r\nd')).toBe('a\r\nb\r\nc\r\nd\r\n.\r\n');
    expect(enc('x\r')).toBe('x\r\n.\r\n');
    expect(enc('\n.')).toBe('\r\n..\r\n.\r\n');
  });

  it('encodes the empty body as the terminator alone', () => {
    expect(enc('')).toBe('.\r\n');
    expect(enc('\r\n')).toBe('\r\n.\r\n');
  });

  it('leaves a dot that is not at a line start alone', () => {
    expect(enc('a.b\r\nc.\r\n')).toBe('a.b\r\nc.\r\n.\r\n');
  });

  it('counts the bytes written', () => {
    const e = new DataEncoder();
    e.push(s('.a\n'));
    e.end();
    expect(e.bytesOut).toBe(5);
  });

  const bodyArb = fc
    .array(fc.constantFrom('a', '.', '\r', '\n', '\r\n', 'é', ' ', '..', '\r\n.\r\n'), { maxLength: 60 })
    .map((parts) => parts.join(''));

  it('gives the same bytes for any chunking (property)', () => {
    fc.assert(
      fc.property(bodyArb, fc.array(fc.nat(), { maxLength: 10 }), (body, cuts) => {
        const bytes = Buffer.from(body, 'utf8');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const e = new DataEncoder();
        const out: Buffer[] = [];
        let prev = 0;
        for (const p of points) {
          out.push(e.push(bytes.subarray(prev, p)));
          prev = p;
        }
        out.push(e.push(bytes.subarray(prev)), e.end());
        expect(Buffer.concat(out).equals(encodeData(bytes))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips through a receiver and never ends early (property)', () => {
    fc.assert(
      fc.property(bodyArb, (body) => {
        const bytes = Buffer.from(body, 'utf8');
        const wire = encodeData(bytes).toString('latin1');
        // The terminator appears exactly once, at the end.
        expect(`\r\n${wire}`.indexOf('\r\n.\r\n')).toBe(wire.length - 3);
        // No bare CR or LF survives.
        expect(/\r(?!\n)|(?<!\r)\n/.test(wire)).toBe(false);
        const normal = normaliseLineEnds(bytes).toString('latin1');
        const expected = normal === '' || normal.endsWith('\r\n') ? normal : `${normal}\r\n`;
        expect(decodeData(Buffer.from(wire, 'latin1')).toString('latin1')).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('chunkBody (BDAT)', () => {
  it('makes line ends CRLF and completes the last line, without dot-stuffing', () => {
    expect(Buffer.from(chunkBody(s('a\n.b\rc'))).toString('latin1')).toBe('a\r\n.b\r\nc\r\n');
    expect(Buffer.from(chunkBody(s('x\r'))).toString('latin1')).toBe('x\r\n');
    expect(chunkBody(s('')).length).toBe(0);
  });

  it('returns a body that is already clean as it is, uncopied', () => {
    const clean = s('Subject: x\r\n\r\n.dot line\r\n');
    expect(chunkBody(clean)).toBe(clean);
  });

  it('stores exactly what a DATA receiver would store (property)', () => {
    const bodyArb = fc
      .array(fc.constantFrom('a', '.', '\r', '\n', '\r\n', 'é', '..', '\r\n.\r\n'), { maxLength: 60 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(bodyArb, (body) => {
        const bytes = Buffer.from(body, 'utf8');
        expect(Buffer.from(chunkBody(bytes)).equals(decodeData(encodeData(bytes)))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
