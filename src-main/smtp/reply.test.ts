import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MailwrightError } from '../model/errors';
import { ReplyAssembler, ReplyDecoder, splitEnhanced, type SmtpReply } from './reply';

function decodeAll(chunks: Uint8Array[]): SmtpReply[] {
  const d = new ReplyDecoder();
  return chunks.flatMap((c) => d.push(c));
}

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof MailwrightError ? e.kind : 'other';
  }
}

describe('ReplyAssembler', () => {
  it('assembles a multi-line EHLO reply (RFC 5321 §4.2.1 example shape)', () => {
    const a = new ReplyAssembler();
    expect(a.pushLine('250-mail.example.test')).toBeUndefined();
    expect(a.pending).toBe(true);
    expect(a.pushLine('250-PIPELINING')).toBeUndefined();
    const r = a.pushLine('250 SIZE 10240000');
    expect(r).toEqual({
      code: 250,
      enhanced: undefined,
      lines: ['mail.example.test', 'PIPELINING', 'SIZE 10240000'],
      text: 'mail.example.test PIPELINING SIZE 10240000',
    });
    expect(a.pending).toBe(false);
  });

  it('keeps the RFC 3463 enhanced status code and strips it from the text', () => {
    const r = new ReplyAssembler().pushLine('550 5.1.1 <nobody@example.test>: Recipient address rejected');
    expect(r?.code).toBe(550);
    expect(r?.enhanced).toBe('5.1.1');
    expect(r?.text).toBe('<nobody@example.test>: Recipient address rejected');
  });

  it('strips enhanced codes on every line of a multi-line reply', () => {
    const a = new ReplyAssembler();
    a.pushLine('451-4.7.1 Try again');
    expect(a.pushLine('451 4.7.1 later')?.text).toBe('Try again later');
  });

  it('accepts a bare code as the last line', () => {
    expect(new ReplyAssembler().pushLine('250')).toEqual({
      code: 250,
      enhanced: undefined,
      lines: [''],
      text: '',
    });
  });

  it('does not take a class-mismatched code for an enhanced code', () => {
    expect(splitEnhanced(250, '5.1.1 x').enhanced).toBeUndefined();
    expect(splitEnhanced(250, '2.1.0 Ok')).toEqual({ enhanced: '2.1.0', rest: 'Ok' });
    expect(splitEnhanced(250, '2.1000.0 Ok').enhanced).toBeUndefined();
    expect(splitEnhanced(220, '2.0.0').enhanced).toBe('2.0.0');
  });

  it.each([['hello'], ['25'], ['099 x'], ['600 x'], ['250_x'], ['abc def'], ['2500 x']])(
    'refuses the malformed line %j with a protocol error',
    (line) => {
      expect(kindOf(() => new ReplyAssembler().pushLine(line))).toBe('protocol');
    },
  );

  it('refuses a code change inside a multi-line reply', () => {
    const a = new ReplyAssembler();
    a.pushLine('250-first');
    expect(kindOf(() => a.pushLine('550 second'))).toBe('protocol');
  });

  it('refuses endless multi-line replies and endless lines', () => {
    const a = new ReplyAssembler();
    let kind: string | undefined;
    for (let i = 0; i < 1000 && kind === undefined; i++) kind = kindOf(() => a.pushLine('250-x'));
    expect(kind).toBe('protocol');
    expect(kindOf(() => new ReplyAssembler().pushLine(`250 ${'x'.repeat(5000)}`))).toBe('protocol');
  });
});

describe('ReplyDecoder', () => {
  it('accepts bare LF line ends and UTF-8 text', () => {
    const r = decodeAll([Buffer.from('250-a\n250 Grüße\r\n')]);
    expect(r).toHaveLength(1);
    expect(r[0]?.lines).toEqual(['a', 'Grüße']);
  });

  it('holds a partial line until its end arrives', () => {
    const d = new ReplyDecoder();
    expect(d.push(Buffer.from('220 mail.exa'))).toEqual([]);
    expect(d.pending).toBe(true);
    expect(d.push(Buffer.from('mple.test ESMTP\r\n'))[0]?.text).toBe('mail.example.test ESMTP');
    expect(d.pending).toBe(false);
  });

  it('refuses an endless line without a line end', () => {
    const d = new ReplyDecoder();
    let kind: string | undefined;
    for (let i = 0; i < 100 && kind === undefined; i++) kind = kindOf(() => d.push(Buffer.alloc(100, 0x41)));
    expect(kind).toBe('protocol');
  });

  const replyArb = fc
    .record({
      code: fc.integer({ min: 200, max: 599 }),
      texts: fc.array(fc.stringMatching(/^[ -~]{0,40}$/), { minLength: 1, maxLength: 5 }),
      lf: fc.boolean(),
    })
    .map(({ code, texts, lf }) => ({
      code,
      texts,
      wire: texts
        .map((t, i) => `${code}${i === texts.length - 1 ? ' ' : '-'}${t}${lf ? '\n' : '\r\n'}`)
        .join(''),
    }));

  it('gives the same replies for any chunking of the byte stream (property)', () => {
    fc.assert(
      fc.property(
        fc.array(replyArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (replies, cuts) => {
          const wire = Buffer.from(replies.map((r) => r.wire).join(''), 'utf8');
          const whole = decodeAll([wire]);
          const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
          const chunks: Uint8Array[] = [];
          let prev = 0;
          for (const p of points) {
            chunks.push(wire.subarray(prev, p));
            prev = p;
          }
          chunks.push(wire.subarray(prev));
          expect(decodeAll(chunks)).toEqual(whole);
          expect(whole.map((r) => r.code)).toEqual(replies.map((r) => r.code));
          expect(whole.map((r) => r.lines)).toEqual(replies.map((r) => r.texts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws anything but a protocol error on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        const d = new ReplyDecoder();
        try {
          for (const c of chunks) d.push(c);
        } catch (e) {
          expect(e).toBeInstanceOf(MailwrightError);
          expect((e as MailwrightError).kind).toBe('protocol');
        }
      }),
      { numRuns: 300 },
    );
  });
});
