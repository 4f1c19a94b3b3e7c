import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotStuff, parseStatusLine, Pop3Framer, type Pop3Response, type ResponseShape } from './framing';

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

describe('blocks', () => {
  it('unstuff dots and end at a lone dot', () => {
    const out = frameAll(['multi'], [b('+OK\r\n..leading dot\r\n..\r\n\r\n.\r\n')]);
    expect(out[0]?.body?.toString('latin1')).toBe('.leading dot\r\n.\r\n\r\n');
  });

  it('give an empty body for an empty block', () => {
    expect(frameAll(['multi'], [b('+OK\r\n.\r\n')])[0]?.body?.length).toBe(0);
  });

  it('keep a bare LF and a bare CR inside lines as they are, and accept ".\\n" as the end', () => {
    const out = frameAll(['multi', 'single'], [b('+OK\r\na\nb\rc\r\n.\rx\r\n.\n+OK\r\n')]);
    expect(out[0]?.body?.toString('latin1')).toBe('a\nb\rc\r\n\rx\r\n');
    expect(out[1]?.status.ok).toBe(true);
  });

  it('refuse a block over the size limit', () => {
    const f = new Pop3Framer({ maxBlock: 10 });
    f.expect('multi');
    expect(() => f.push(b('+OK\r\n0123456789abc\r\n'))).toThrow(
      expect.objectContaining({ kind: 'protocol' }),
    );
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
    const f = new Pop3Framer({ maxLine: 10 });
    f.expect('single');
    expect(() => f.push(b('+OK 12345678901'))).toThrow(expect.objectContaining({ kind: 'protocol' }));
  });

  // Messages as servers hold them: CRLF lines, some starting with dots, 8-bit bytes, empty bodies.
  const lineArb = fc.oneof(
    // Any bytes but LF; a CR is allowed inside a line, just not right before its LF.
    fc
      .uint8Array({ maxLength: 40 })
      .map((u) => Buffer.from(u.filter((x) => x !== 0x0a)))
      .map((l) => (l.at(-1) === 0x0d ? l.subarray(0, -1) : l)),
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

  it('arbitrary bytes from a hostile server give responses or a typed protocol error, nothing else', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<ResponseShape>('single', 'multi'), { maxLength: 5 }),
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
        (shapes, chunks) => {
          const framer = new Pop3Framer({ maxLine: 100, maxBlock: 200 });
          for (const sh of shapes) framer.expect(sh);
          try {
            for (const c of chunks) framer.push(c);
          } catch (e) {
            expect(e).toMatchObject({ kind: 'protocol' });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
