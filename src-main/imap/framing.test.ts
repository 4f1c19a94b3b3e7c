import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { ImapFramer, literalMarker } from './framing';
import { parseResponse } from './parse-response';

/** Feeds `chunks` and collects every complete response. */
function frameAll(chunks: Buffer[], framer = new ImapFramer()): Buffer[] {
  const out: Buffer[] = [];
  for (const chunk of chunks) {
    framer.push(chunk);
    for (let guard = 0; guard < 10_000; guard++) {
      const r = framer.next();
      if (r.type === 'incomplete') break;
      out.push(Buffer.from(r.bytes));
    }
  }
  return out;
}

const STREAM = Buffer.from(
  '* OK ready\r\n' +
    '* 1 FETCH (UID 5 BODY[] {13}\r\nab\r\n{3}\r\n\r\nxy FLAGS (\\Seen))\r\n' +
    '* 2 FETCH (BODY[] {0}\r\n BINARY[] ~{4}\r\n\u0000\r\n\n)\r\n' +
    'A1 APPEND {5+}\r\nhello\r\n' +
    '* LIST () "/" {3}\r\n}{}\r\n' +
    'a2 OK done\r\n',
  'latin1',
);

describe('ImapFramer', () => {
  it('cuts a stream into responses with their literals', () => {
    const frames = frameAll([STREAM]).map((b) => b.toString('latin1'));
    expect(frames).toEqual([
      '* OK ready\r\n',
      '* 1 FETCH (UID 5 BODY[] {13}\r\nab\r\n{3}\r\n\r\nxy FLAGS (\\Seen))\r\n',
      '* 2 FETCH (BODY[] {0}\r\n BINARY[] ~{4}\r\n\u0000\r\n\n)\r\n',
      'A1 APPEND {5+}\r\nhello\r\n',
      '* LIST () "/" {3}\r\n}{}\r\n',
      'a2 OK done\r\n',
    ]);
  });

  it('every split point (and every pair of split points) frames the same', () => {
    const whole = frameAll([STREAM]).map((b) => b.toString('latin1'));
    for (let i = 0; i <= STREAM.length; i++) {
      expect(frameAll([STREAM.subarray(0, i), STREAM.subarray(i)]).map((b) => b.toString('latin1'))).toEqual(
        whole,
      );
    }
    for (let i = 0; i <= STREAM.length; i += 3) {
      for (let j = i; j <= STREAM.length; j += 5) {
        const parts = [STREAM.subarray(0, i), STREAM.subarray(i, j), STREAM.subarray(j)];
        expect(frameAll(parts).map((b) => b.toString('latin1'))).toEqual(whole);
      }
    }
  });

  it('1-byte chunks give the same frames, and they parse the same', () => {
    const whole = frameAll([STREAM]);
    const bytes = [...STREAM].map((b) => Buffer.from([b]));
    const split = frameAll(bytes);
    expect(split).toEqual(whole);
    // The FETCH responses parse identically whatever the chunking.
    expect(split.slice(1, 3).map((b) => parseResponse(b))).toEqual(
      whole.slice(1, 3).map((b) => parseResponse(b)),
    );
  });

  it('property: any chunking of generated FETCH responses frames and parses the same', () => {
    const literal = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
    fc.assert(
      fc.property(
        fc.array(literal, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(400), { maxLength: 8 }),
        (bodies, cuts) => {
          const stream = Buffer.concat(
            bodies.flatMap((body, i) => [
              Buffer.from(`* ${i + 1} FETCH (UID ${i + 10} BODY[] {${body.length}}\r\n`),
              body,
              Buffer.from(')\r\n'),
            ]),
          );
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let last = 0;
          for (const p of points) {
            chunks.push(stream.subarray(last, p));
            last = p;
          }
          chunks.push(stream.subarray(last));
          const frames = frameAll(chunks);
          expect(frames).toHaveLength(bodies.length);
          frames.forEach((frame, i) => {
            const r = parseResponse(frame);
            expect(r).toMatchObject({
              kind: 'untagged',
              data: { type: 'fetch', seq: i + 1, attributes: { uid: i + 10 } },
            });
            if (r.kind === 'untagged' && r.data.type === 'fetch')
              expect(r.data.attributes.sections?.[0]?.data).toEqual(bodies[i]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds back an incomplete response and keeps the remainder', () => {
    const f = new ImapFramer();
    f.push(Buffer.from('* 1 FETCH (BODY[] {10}\r\n01234'));
    expect(f.next()).toEqual({ type: 'incomplete' });
    f.push(Buffer.from('56789)\r\n* 2 EXI'));
    const r = f.next();
    expect(r.type === 'response' && r.bytes.toString()).toBe('* 1 FETCH (BODY[] {10}\r\n0123456789)\r\n');
    expect(f.next()).toEqual({ type: 'incomplete' });
    expect(f.length).toBe(7);
  });

  it('refuses an over-long line and an over-large literal with a protocol error', () => {
    const f = new ImapFramer({ maxLineLength: 100 });
    f.push(Buffer.alloc(150, 0x61));
    expect(() => f.next()).toThrow(MailwrightError);
    const g = new ImapFramer({ maxLiteralLength: 1000 });
    g.push(Buffer.from('* 1 FETCH (BODY[] {1001}\r\n'));
    let caught: unknown;
    try {
      g.next();
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ kind: 'protocol', code: 'IMAP_LITERAL_TOO_LARGE' });
    const h = new ImapFramer();
    h.push(Buffer.from('* 1 FETCH (BODY[] {99999999999999999999}\r\n'));
    expect(() => h.next()).toThrow(/impossible size/);
  });

  it('is linear: 200k 1-byte chunks of small responses frame without blowup', () => {
    const one = Buffer.from('* 1 EXISTS\r\n');
    const stream = Buffer.concat(Array.from({ length: 20_000 }, () => one));
    const f = new ImapFramer();
    for (const b of stream) f.push(Buffer.from([b]));
    let count = 0;
    for (let guard = 0; guard < 30_000; guard++) {
      const r = f.next();
      if (r.type === 'incomplete') break;
      count++;
    }
    expect(count).toBe(20_000);
    expect(f.length).toBe(0);
  });

  it('literalMarker recognises {n}, {n+}, ~{n} only at the end', () => {
    const m = (s: string) => literalMarker(Buffer.from(s));
    expect(m('x {5}')).toEqual({ length: 5, nonSync: false, binary: false });
    expect(m('x {5+}')).toEqual({ length: 5, nonSync: true, binary: false });
    expect(m('x ~{7}')).toEqual({ length: 7, nonSync: false, binary: true });
    expect(m('x {}')).toBeUndefined();
    expect(m('x {5} ')).toBeUndefined();
    expect(m('x 5}')).toBeUndefined();
    expect(m('}')).toBeUndefined();
  });
});
