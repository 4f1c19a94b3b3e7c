import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BlockCollector,
  dotStuff,
  parseStatusLine,
  Pop3Framer,
  type Pop3Response,
  type ResponseShape,
} from './framing';

const b = (s: string) => Buffer.from(s, 'latin1');

function frameAll(shapes: ResponseShape[], chunks: Uint8Array[]): Pop3Response[] {
  const framer = new Pop3Framer();
  for (const s of shapes) framer.expect(s);
  const out: Pop3Response[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  expect(framer.idle).toBe(true);
  return out;
}

/** Cuts bytes at the given offsets (sorted, deduplicated, inside the buffer). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}

describe('parseStatusLine', () => {
  it('reads +OK and -ERR with and without text', () => {
    expect(parseStatusLine(b('+OK'))).toEqual({ ok: true, code: undefined, text: '' });
    expect(parseStatusLine(b('+OK 2 320'))).toEqual({ ok: true, code: undefined, text: '2 320' });
    expect(parseStatusLine(b('-ERR no such message'))).toEqual({
      ok: false,
      code: undefined,
      text: 'no such message',
    });
  });

  it('reads RFC 2449 / RFC 3206 response codes, hierarchical ones too', () => {
    expect(parseStatusLine(b('-ERR [IN-USE] Do you have another POP session running?'))).toEqual({
      ok: false,
      code: 'IN-USE',
      text: 'Do you have another POP session running?',
    });
    expect(parseStatusLine(b('-ERR [LOGIN-DELAY] wait')).code).toBe('LOGIN-DELAY');
    expect(parseStatusLine(b('-ERR [SYS/TEMP] try later')).code).toBe('SYS/TEMP');
    expect(parseStatusLine(b('-ERR [SYS/PERM] gone')).code).toBe('SYS/PERM');
    expect(parseStatusLine(b('-ERR [AUTH] Authentication failed.')).code).toBe('AUTH');
    expect(parseStatusLine(b('-ERR [not a code')).code).toBeUndefined();
  });

  it('refuses what is not POP3, with the server words attached', () => {
    expect(() => parseStatusLine(b('220 smtp.example ESMTP'))).toThrow(
      expect.objectContaining({ kind: 'protocol' }),
    );
    expect(() => parseStatusLine(b('+OKAY'))).toThrow(expect.objectContaining({ kind: 'protocol' }));
    expect(() => parseStatusLine(Buffer.alloc(5000, 0x41))).toThrow(
      expect.objectContaining({ kind: 'protocol' }),
    );
  });
});

describe('BlockCollector', () => {
  it('unstuffs dots and ends at a lone dot', () => {
    const c = new BlockCollector();
    expect(c.pushLine(b('..leading dot'))).toBe(false);
    expect(c.pushLine(b('..'))).toBe(false);
    expect(c.pushLine(b(''))).toBe(false);
    expect(c.pushLine(b('.'))).toBe(true);
    expect(c.result().toString('latin1')).toBe('.leading dot\r\n.\r\n\r\n');
  });

  it('gives an empty body for an empty block', () => {
    const c = new BlockCollector();
    expect(c.pushLine(b('.'))).toBe(true);
    expect(c.result().length).toBe(0);
  });
});

describe('Pop3Framer', () => {
  it('frames a pipelined sequence: single, multi ok, multi -ERR', () => {
    const wire = b('+OK hi\r\n+OK 2 messages\r\n1 100\r\n2 200\r\n.\r\n-ERR no such message\r\n');
    const out = frameAll(['single', 'multi', 'multi'], [wire]);
    expect(out).toHaveLength(3);
    expect(out[1]?.body?.toString()).toBe('1 100\r\n2 200\r\n');
    expect(out[2]?.status.ok).toBe(false);
    expect(out[2]?.body).toBeUndefined();
  });

  it('does not end a block at CRLF.CRLF split across chunks wrongly, nor at ".." lines', () => {
    const wire = b('+OK\r\nline\r\n..\r\n...x\r\n.\r\n');
    for (let i = 0; i <= wire.length; i++) {
      const out = frameAll(['multi'], [wire.subarray(0, i), wire.subarray(i)]);
      expect(out[0]?.body?.toString()).toBe('line\r\n.\r\n..x\r\n');
    }
  });

  it('refuses an unexpected response and an overlong line', () => {
    expect(() => new Pop3Framer().push(b('+OK\r\n'))).toThrow(expect.objectContaining({ kind: 'protocol' }));
    const f = new Pop3Framer(10);
    f.expect('single');
    expect(() => f.push(b('+OK 12345678901'))).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });

  // Messages as servers hold them: CRLF lines, some starting with dots, 8-bit bytes, empty bodies.
  const lineArb = fc.oneof(
    fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u.filter((x) => x !== 0x0a && x !== 0x0d))),
    fc.constantFrom(b('.'), b('..'), b('.x'), b(''), b('\u00e9t\u00e9')),
  );
  const messageArb = fc
    .array(lineArb, { maxLength: 12 })
    .map((lines) => Buffer.concat(lines.flatMap((l) => [l, b('\r\n')])));

  it('any chunking (including 1-byte chunks and splits inside CRLF.CRLF) gives the same messages', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.boolean(),
        (messages, offsets, oneByte) => {
          const wire = Buffer.concat(messages.flatMap((m) => [b('+OK message follows\r\n'), dotStuff(m)]));
          const chunks = oneByte ? [...wire].map((x) => Buffer.from([x])) : cut(wire, offsets);
          const out = frameAll(
            messages.map(() => 'multi'),
            chunks,
          );
          expect(out.map((r) => r.body)).toEqual(messages);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splitting exactly inside the terminator at every position gives the same message', () => {
    const msg = b('Subject: x\r\n\r\n.dot\r\n');
    const wire = Buffer.concat([b('+OK\r\n'), dotStuff(msg)]);
    const term = wire.length - 5; // start of CRLF.CRLF
    for (let i = term; i <= wire.length; i++) {
      for (let j = i; j <= wire.length; j++) {
        const out = frameAll(['multi'], [wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)]);
        expect(out[0]?.body).toEqual(msg);
      }
    }
  });
});
