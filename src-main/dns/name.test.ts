import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { canonicalName, MAX_POINTER_HOPS, NameReader, namesEqual, parseName } from './name';
import { DnsFormatError } from './types';

/** Bytes from a list of numbers and strings (a string is written as its char codes). */
function bytes(...parts: (number | string)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else for (const c of p) out.push(c.charCodeAt(0));
  }
  return Uint8Array.from(out);
}

function readAt(buf: Uint8Array, at: number): { name: string; next: number } {
  const r = new NameReader(buf);
  const name = r.read(at, buf.length);
  return { name, next: r.pos };
}

function formatErrorOf(f: () => unknown): DnsFormatError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(DnsFormatError);
    return error as DnsFormatError;
  }
  throw new Error('expected a DnsFormatError, nothing was thrown');
}

describe('RFC 1035 §4.1.4 compression example', () => {
  // F.ISI.ARPA at 20, FOO.F.ISI.ARPA at 40 (FOO + pointer to 20), ARPA at 64 (pointer
  // to 26), the root at 92; the other bytes are filler.
  const buf = new Uint8Array(93);
  buf.set(bytes(1, 'F', 3, 'ISI', 4, 'ARPA', 0), 20);
  buf.set(bytes(3, 'FOO', 0xc0, 20), 40);
  buf.set(bytes(0xc0, 26), 64);
  buf[92] = 0;

  it('decodes all four names and stops just past each one', () => {
    expect(readAt(buf, 20)).toEqual({ name: 'F.ISI.ARPA', next: 32 });
    expect(readAt(buf, 40)).toEqual({ name: 'FOO.F.ISI.ARPA', next: 46 });
    expect(readAt(buf, 64)).toEqual({ name: 'ARPA', next: 66 });
    expect(readAt(buf, 92)).toEqual({ name: '', next: 93 });
  });

  it('decodes them in any order with one reader (the suffix memo gives the same answers)', () => {
    const r = new NameReader(buf);
    expect(r.read(64, buf.length)).toBe('ARPA');
    expect(r.read(40, buf.length)).toBe('FOO.F.ISI.ARPA');
    expect(r.read(20, buf.length)).toBe('F.ISI.ARPA');
    expect(r.pos).toBe(32);
    expect(r.read(26, buf.length)).toBe('ARPA');
    expect(r.read(22, buf.length)).toBe('ISI.ARPA');
    expect(r.read(64, buf.length)).toBe('ARPA');
    expect(r.pos).toBe(66);
  });
});

describe('reading names from hostile bytes', () => {
  it('rejects a pointer to itself', () => {
    const e = formatErrorOf(() => readAt(bytes(0xc0, 0), 0));
    expect(e.message).toContain('does not point backwards');
    expect(e.offset).toBe(0);
    expect(e.kind).toBe('protocol');
  });

  it('rejects a two-pointer loop', () => {
    // 0: pointer to 2; 2: pointer to 0.
    formatErrorOf(() => readAt(bytes(0xc0, 2, 0xc0, 0), 0));
    formatErrorOf(() => readAt(bytes(0xc0, 2, 0xc0, 0), 2));
  });

  it('rejects a loop through labels (pointer back into its own run of labels)', () => {
    // 0: "a", pointer to 0 — backwards from the pointer, but not before the run it ends.
    const e = formatErrorOf(() => readAt(bytes(1, 'a', 0xc0, 0), 0));
    expect(e.offset).toBe(2);
  });

  it('rejects a forward pointer', () => {
    formatErrorOf(() => readAt(bytes(0xc0, 3, 0, 0), 0));
  });

  it('stops a pointer chain 16k bytes long at the hop cap', () => {
    // 0: root; each later pair points at the one before it, as far as 14-bit pointers
    // reach (8,191 hops); then 8k more pairs that repeat a pointer to the last of them.
    const depth = 0x3fff >> 1;
    const buf = new Uint8Array(1 + 2 * 2 * depth);
    for (let i = 0; i < 2 * depth; i++) {
      const at = 1 + 2 * i;
      const target = i === 0 ? 0 : Math.min(at - 2, 2 * depth - 1);
      buf[at] = 0xc0 | (target >> 8);
      buf[at + 1] = target & 0xff;
    }
    expect(buf.length).toBeGreaterThan(32_000);
    const r = new NameReader(buf);
    expect(() => r.read(2 * depth - 1, buf.length)).toThrow(/too many compression pointers/);
    expect(() => r.read(buf.length - 2, buf.length)).toThrow(/too many compression pointers/);
  });

  it('accepts a chain of exactly the hop cap, and not one more', () => {
    const chain = (hops: number): Uint8Array => {
      const buf = new Uint8Array(1 + 2 * hops);
      for (let i = 0; i < hops; i++) {
        const at = 1 + 2 * i;
        buf[at] = 0xc0;
        buf[at + 1] = i === 0 ? 0 : at - 2;
      }
      return buf;
    };
    const ok = chain(MAX_POINTER_HOPS);
    expect(readAt(ok, ok.length - 2)).toEqual({ name: '', next: ok.length });
    const tooMany = chain(MAX_POINTER_HOPS + 1);
    formatErrorOf(() => readAt(tooMany, tooMany.length - 2));
  });

  it('counts hops through a memoised suffix too', () => {
    const hops = MAX_POINTER_HOPS;
    const buf = new Uint8Array(1 + 2 * (hops + 1));
    for (let i = 0; i <= hops; i++) {
      const at = 1 + 2 * i;
      buf[at] = 0xc0;
      buf[at + 1] = i === 0 ? 0 : at - 2;
    }
    const r = new NameReader(buf);
    // Reading the chain of `hops` first memoises it; one more hop on top must still fail.
    expect(r.read(buf.length - 4, buf.length)).toBe('');
    formatErrorOf(() => r.read(buf.length - 2, buf.length));
  });

  it('rejects a label that runs past the end', () => {
    formatErrorOf(() => readAt(bytes(5, 'abc'), 0));
  });

  it('rejects a name without its root byte', () => {
    formatErrorOf(() => readAt(bytes(3, 'abc'), 0));
  });

  it('rejects a pointer cut in half', () => {
    formatErrorOf(() => readAt(bytes(1, 'a', 0xc0), 0));
  });

  it('rejects the reserved label types 0x40 and 0x80', () => {
    expect(formatErrorOf(() => readAt(bytes(0x41, 'a', 0), 0)).message).toContain('0x40');
    expect(formatErrorOf(() => readAt(bytes(0x80, 0), 0)).message).toContain('0x80');
  });

  it('accepts a name of exactly 255 octets and rejects 256', () => {
    // 4 labels of 63 = 256 octets with length bytes, + root = 257: too long.
    // 3 labels of 63 + one of 61 = 254 + root = 255: the maximum.
    const label = (n: number): (number | string)[] => [n, 'x'.repeat(n)];
    const max = bytes(...label(63), ...label(63), ...label(63), ...label(61), 0);
    expect(max.length).toBe(255);
    expect(readAt(max, 0).name.length).toBe(253);
    const over = bytes(...label(63), ...label(63), ...label(63), ...label(62), 0);
    expect(formatErrorOf(() => readAt(over, 0)).message).toContain('255');
  });

  it('rejects a name over 255 octets assembled through pointers', () => {
    // 0: 63+63+63 octets and root (193 bytes); then two more 31-octet labels + pointer to 0.
    const head = bytes(63, 'a'.repeat(63), 63, 'b'.repeat(63), 63, 'c'.repeat(63), 0);
    const tail = bytes(31, 'd'.repeat(31), 31, 'e'.repeat(31), 0xc0, 0);
    const buf = new Uint8Array(head.length + tail.length);
    buf.set(head, 0);
    buf.set(tail, head.length);
    const r = new NameReader(buf);
    expect(r.read(0, buf.length)).toHaveLength(63 * 3 + 2);
    formatErrorOf(() => r.read(head.length, buf.length));
  });

  it("keeps a name's own bytes inside the limit it is given", () => {
    const buf = bytes(1, 'a', 1, 'b', 0);
    expect(readAt(buf, 0).name).toBe('a.b');
    formatErrorOf(() => new NameReader(buf).read(0, 3));
  });

  it('checks the limit again for a name it has already read', () => {
    const buf = bytes(1, 'a', 1, 'b', 0);
    const r = new NameReader(buf);
    expect(r.read(0, buf.length)).toBe('a.b');
    formatErrorOf(() => r.read(0, 4));
  });
});

describe('label bytes in presentation form', () => {
  it('escapes dots, backslashes, spaces, controls and non-ASCII as \\DDD', () => {
    const buf = bytes(7, 'a.b\\c d', 3, 0, 0x7f, 0xff, 0);
    expect(readAt(buf, 0).name).toBe('a\\046b\\092c\\032d.\\000\\127\\255');
  });

  it('keeps case and printable punctuation as they are', () => {
    expect(readAt(bytes(8, 'MiXed_-*', 0), 0).name).toBe('MiXed_-*');
  });

  it('parses what it prints back to the same bytes', () => {
    const labels = parseName('a\\046b\\092c\\032d.\\000\\127\\255');
    expect(labels.map((l) => [...l])).toEqual([[...'a.b\\c d'].map((c) => c.charCodeAt(0)), [0, 0x7f, 0xff]]);
  });
});

describe('parseName', () => {
  it('treats "", "." and a trailing dot as the root or an absolute name', () => {
    expect(parseName('')).toEqual([]);
    expect(parseName('.')).toEqual([]);
    expect(parseName('mx.example.test.').map((l) => l.length)).toEqual([2, 7, 4]);
  });

  it('accepts \\X escapes for any character', () => {
    expect([...parseName('a\\.b')[0]!]).toEqual([0x61, 0x2e, 0x62]);
  });

  it.each([
    ['a..b', 'empty label'],
    ['.a', 'empty label'],
    ['a\\', 'lone backslash'],
    ['a\\1b', 'three digits'],
    ['a\\256', 'above 255'],
    ['bücher.test', 'non-ASCII'],
    [`${'x'.repeat(64)}.test`, 'longer than 63'],
    [Array.from({ length: 5 }, () => 'y'.repeat(63)).join('.'), 'longer than 255'],
  ])('rejects %j (%s) as bad input', (name, why) => {
    let error: unknown;
    try {
      parseName(name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailwrightError);
    expect((error as MailwrightError).kind).toBe('bad-input');
    expect((error as MailwrightError).message.toLowerCase()).toContain(why.toLowerCase());
  });
});

describe('namesEqual and canonicalName', () => {
  it('compares ASCII letters without case', () => {
    expect(namesEqual('MX1.Example.TEST', 'mx1.example.test')).toBe(true);
    expect(namesEqual('mx1.example.test', 'mx2.example.test')).toBe(false);
    expect(namesEqual('example.test', 'example.tes')).toBe(false);
  });

  it('compares other bytes exactly', () => {
    expect(namesEqual('\\193', '\\225')).toBe(false); // Á vs á in Latin-1: not ASCII
    expect(namesEqual('a\\032b', 'a\\032b')).toBe(true);
  });

  it('understands escaped and absolute spellings', () => {
    expect(namesEqual('A\\066c.test.', 'abc.test')).toBe(true);
    expect(namesEqual('', '.')).toBe(true);
    expect(canonicalName('A\\066\\.c.test.')).toBe('AB\\046c.test');
  });

  it('says false, not throws, for an unparseable name', () => {
    expect(namesEqual('a..b', 'a.b')).toBe(false);
    expect(namesEqual('a\\', 'a\\')).toBe(true);
  });
});
