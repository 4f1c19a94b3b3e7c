import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { ByteReader } from './byte-reader';

/** Splits `data` at the given cut points (sorted, deduplicated, inside the buffer). */
function chunk(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, data.length]) {
    if (p > prev) out.push(data.subarray(prev, p));
    prev = p;
  }
  return out;
}

/** A read plan: read a line, or read exactly n bytes. */
type Op = { line: true } | { bytes: number };

/**
 * Feeds `chunks` one by one and performs `ops` greedily whenever possible; returns what was read.
 * Each op either completes or waits for more input, exactly like Connection drives the reader.
 */
function run(chunks: Buffer[], ops: Op[], maxLine = 1 << 20): string[] {
  const r = new ByteReader();
  const got: string[] = [];
  let i = 0;
  const drain = (): void => {
    while (i < ops.length) {
      const op = ops[i] as Op;
      const out = 'line' in op ? r.readLine(maxLine) : r.readBytes(op.bytes);
      if (out === undefined) return;
      got.push(`${'line' in op ? 'L' : 'B'}:${out.toString('latin1')}`);
      i += 1;
    }
  };
  for (const c of chunks) {
    r.push(c);
    drain();
  }
  drain();
  return got;
}

// Text made of letters, CR, LF and CRLF so that splits inside CRLF are common.
const streamArb = fc
  .array(fc.constantFrom('a', 'b', '.', ' ', '\r', '\n', '\r\n', '{3}\r\n', 'é'), { maxLength: 200 })
  .map((parts) => Buffer.from(parts.join(''), 'utf8'));

describe('ByteReader framing', () => {
  it('reads CRLF lines and bare-LF lines without their line endings', () => {
    const r = new ByteReader();
    r.push(Buffer.from('* OK ready\r\nbare\nlast'));
    expect(r.readLine(100)?.toString()).toBe('* OK ready');
    expect(r.readLine(100)?.toString()).toBe('bare');
    expect(r.readLine(100)).toBeUndefined();
    expect(r.length).toBe(4);
    r.push(Buffer.from('\r\n'));
    expect(r.readLine(100)?.toString()).toBe('last');
    expect(r.length).toBe(0);
  });

  it('keeps a lone CR inside a line (only CR directly before LF is a line ending)', () => {
    const r = new ByteReader();
    r.push(Buffer.from('a\rb\r\r\n'));
    expect(r.readLine(100)?.toString('latin1')).toBe('a\rb\r');
  });

  it('reads an IMAP literal by count, then the rest of the line', () => {
    const r = new ByteReader();
    r.push(Buffer.from('* 1 FETCH (BODY[] {5}\r\nab\r\nc)\r\n'));
    expect(r.readLine(100)?.toString()).toBe('* 1 FETCH (BODY[] {5}');
    expect(r.readBytes(5)?.toString()).toBe('ab\r\nc');
    expect(r.readLine(100)?.toString()).toBe(')');
  });

  it('readBytes waits until exactly n bytes are buffered', () => {
    const r = new ByteReader();
    r.push(Buffer.from('abc'));
    expect(r.readBytes(4)).toBeUndefined();
    r.push(Buffer.from('de'));
    expect(r.readBytes(4)?.toString()).toBe('abcd');
    expect(r.readBytes(0)?.length).toBe(0);
    expect(r.length).toBe(1);
    expect(() => r.readBytes(-1)).toThrow(MailwrightError);
  });

  it('readAvailable returns what is there, up to max', () => {
    const r = new ByteReader();
    expect(r.readAvailable(10)).toBeUndefined();
    r.push(Buffer.from('abc'));
    r.push(Buffer.from('def'));
    expect(r.readAvailable(2)?.toString()).toBe('ab');
    expect(r.readAvailable(10)?.toString()).toBe('c');
    expect(r.readAvailable(10)?.toString()).toBe('def');
  });

  it('startsWith answers across chunks, and undefined when it cannot tell yet', () => {
    const r = new ByteReader();
    r.push(Buffer.from('+'));
    expect(r.startsWith('+ ')).toBeUndefined();
    r.push(Buffer.from(' go'));
    expect(r.startsWith('+ ')).toBe(true);
    expect(r.startsWith('* ')).toBe(false);
  });

  it('throws a protocol error for a line longer than the limit, with or without its LF', () => {
    const complete = new ByteReader();
    complete.push(Buffer.from('abcdef\r\n'));
    expect(() => complete.readLine(5)).toThrow(
      expect.objectContaining({ kind: 'protocol', code: 'LINE_TOO_LONG' }),
    );

    // No LF ever comes: the reader must give up once the limit is passed, not buffer forever.
    const endless = new ByteReader();
    endless.push(Buffer.from('abcde'));
    expect(endless.readLine(5)).toBeUndefined();
    endless.push(Buffer.from('\r'));
    expect(endless.readLine(5)).toBeUndefined(); // may still be "abcde\r\n"
    endless.push(Buffer.from('x'));
    expect(() => endless.readLine(5)).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });

  it('accepts a line of exactly the limit', () => {
    const r = new ByteReader();
    r.push(Buffer.from('abcde\r'));
    expect(r.readLine(5)).toBeUndefined();
    r.push(Buffer.from('\n'));
    expect(r.readLine(5)?.toString()).toBe('abcde');
  });

  it('property: any chunking yields the same lines as the whole stream', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 30 }), (data, cuts) => {
        const ops: Op[] = Array.from({ length: 300 }, () => ({ line: true }));
        expect(run(chunk(data, cuts), ops)).toEqual(run([data], ops));
      }),
      { numRuns: 300 },
    );
  });

  it('property: 1-byte chunks yield the same lines and blocks as the whole stream', () => {
    const opArb = fc.oneof(
      fc.constant<Op>({ line: true }),
      fc.integer({ min: 0, max: 12 }).map((n): Op => ({ bytes: n })),
    );
    fc.assert(
      fc.property(streamArb, fc.array(opArb, { maxLength: 60 }), (data, ops) => {
        const ones = [...data].map((b) => Buffer.from([b]));
        expect(run(ones, ops)).toEqual(run([data], ops));
      }),
      { numRuns: 300 },
    );
  });

  it('property: mixed line and byte reads agree for any chunking, and nothing is lost', () => {
    const opArb = fc.oneof(
      fc.constant<Op>({ line: true }),
      fc.integer({ min: 0, max: 20 }).map((n): Op => ({ bytes: n })),
    );
    fc.assert(
      fc.property(
        streamArb,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(opArb, { maxLength: 60 }),
        (data, cuts, ops) => {
          const whole = run([data], ops);
          expect(run(chunk(data, cuts), ops)).toEqual(whole);
          // Conservation: what was read plus what is left is the input.
          const r = new ByteReader();
          for (const c of chunk(data, cuts)) r.push(c);
          let consumed = 0;
          for (const op of ops) {
            if ('line' in op) {
              const before = r.length;
              if (r.readLine(1 << 20) === undefined) break;
              consumed += before - r.length;
            } else {
              const b = r.readBytes(op.bytes);
              if (b === undefined) break;
              consumed += b.length;
            }
          }
          expect(consumed + r.length).toBe(data.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: the over-long-line error does not depend on chunking', () => {
    fc.assert(
      fc.property(
        streamArb,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.integer({ min: 0, max: 8 }),
        (data, cuts, max) => {
          const outcome = (chunks: Buffer[]): string => {
            const r = new ByteReader();
            const lines: string[] = [];
            try {
              for (const c of chunks) {
                r.push(c);
                for (let line = r.readLine(max); line !== undefined; line = r.readLine(max))
                  lines.push(line.toString('latin1'));
              }
              return lines.join('|');
            } catch (e) {
              return `${lines.join('|')}!${(e as MailwrightError).kind}`;
            }
          };
          const whole = outcome([data]);
          const split = outcome(chunk(data, cuts));
          // Chunked input may detect an unterminated over-long line earlier, but when the whole
          // stream succeeds, every chunking must succeed with the same lines, and vice versa.
          expect(split.includes('!')).toBe(whole.includes('!'));
          if (!whole.includes('!')) expect(split).toBe(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('ByteReader work is linear', () => {
  it('100k 1-byte chunks: each byte scanned once and copied at most once', () => {
    const line = 'x'.repeat(98) + '\r\n'; // 100 bytes
    const data = Buffer.from(line.repeat(1000)); // 100 000 bytes
    const r = new ByteReader();
    let lines = 0;
    for (let i = 0; i < data.length; i++) {
      r.push(data.subarray(i, i + 1));
      // Ask for a line after every byte: a naive reader rescans from the start each time.
      while (r.readLine(1000) !== undefined) lines += 1;
    }
    expect(lines).toBe(1000);
    expect(r.length).toBe(0);
    expect(r.stats.bytesScanned).toBeLessThanOrEqual(data.length);
    expect(r.stats.bytesCopied).toBeLessThanOrEqual(data.length);
  });

  it('a 1 MB literal in 1-byte chunks is copied once, not once per chunk', () => {
    const size = 1 << 20;
    const r = new ByteReader();
    for (let i = 0; i < size; i++) {
      r.push(Buffer.of(i & 0xff));
      if (i % 4096 === 0) expect(r.readBytes(size)).toBeUndefined();
    }
    const block = r.readBytes(size);
    expect(block?.length).toBe(size);
    expect(block?.[size - 1]).toBe((size - 1) & 0xff);
    expect(r.stats.bytesCopied).toBe(size);
  });

  it('a line inside one chunk is returned without a copy', () => {
    const r = new ByteReader();
    r.push(Buffer.from('a1 OK done\r\n* more\r\n'));
    r.readLine(100);
    r.readLine(100);
    expect(r.stats.bytesCopied).toBe(0);
  });
});
