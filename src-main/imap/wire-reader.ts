/**
 * A recursive-descent reader over one complete response (go-imap's imapwire decoder):
 * `expect…` methods throw a positioned ImapParseError, `accept…` methods return
 * undefined/false without moving. Every length and count from the wire is checked.
 */
import { MailwrightError } from '../model/errors';

/** A parse failure: kind 'protocol', with the byte offset where reading went wrong. */
export class ImapParseError extends MailwrightError {
  readonly position: number;
  constructor(position: number, expected: string, snippet: string) {
    super(
      'protocol',
      `The IMAP server sent a response we cannot read (byte ${position}: ${expected}); reconnect, and report the server if it persists.`,
      {
        code: 'IMAP_PARSE',
        serverText: snippet,
      },
    );
    this.position = position;
  }
}

/** Generic value: atom (string), string (Buffer), NIL (null) or a parenthesised list. */
export type WireValue = string | Buffer | null | WireValue[];

const MAX_DEPTH = 64;
const MAX_NZ = 0xffffffff;

function isAtomChar(byte: number): boolean {
  // ATOM-CHAR: any CHAR except atom-specials ( ) { SP CTL % * " \ ] ; 8-bit is tolerated.
  return (
    byte > 0x20 &&
    byte !== 0x7f &&
    byte !== 0x28 &&
    byte !== 0x29 &&
    byte !== 0x7b &&
    byte !== 0x25 &&
    byte !== 0x2a &&
    byte !== 0x22 &&
    byte !== 0x5c &&
    byte !== 0x5d
  );
}

export class WireReader {
  pos = 0;
  private readonly end: number;

  constructor(private readonly buf: Buffer) {
    // The trailing CRLF (or bare LF) is not part of the grammar we walk.
    let end = buf.length;
    if (end > 0 && buf[end - 1] === 0x0a) end--;
    if (end > 0 && buf[end - 1] === 0x0d) end--;
    this.end = end;
  }

  fail(expected: string, at: number = this.pos): never {
    const from = Math.max(0, at - 40);
    const snippet = this.buf
      .subarray(from, Math.min(this.buf.length, at + 40))
      .toString('latin1')
      .replace(/[\r\n]/g, ' ');
    throw new ImapParseError(at, expected, snippet);
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  peek(): number | undefined {
    return this.pos < this.end ? this.buf[this.pos] : undefined;
  }

  acceptByte(byte: number): boolean {
    if (this.peek() === byte) {
      this.pos++;
      return true;
    }
    return false;
  }

  expectByte(byte: number, what: string): void {
    if (!this.acceptByte(byte)) this.fail(`expected ${what}`);
  }

  expectSP(): void {
    this.expectByte(0x20, 'a space');
  }

  acceptSP(): boolean {
    return this.acceptByte(0x20);
  }

  expectEnd(): void {
    if (!this.atEnd) this.fail('expected the end of the line');
  }

  /** Case-insensitive keyword followed by a non-atom char (or end). */
  acceptKeyword(word: string): boolean {
    const len = word.length;
    if (this.pos + len > this.end) return false;
    for (let i = 0; i < len; i++) {
      const b = this.buf[this.pos + i]!;
      const up = b >= 0x61 && b <= 0x7a ? b - 0x20 : b;
      if (up !== word.charCodeAt(i)) return false;
    }
    const after = this.pos + len < this.end ? this.buf[this.pos + len]! : 0x20;
    if (isAtomChar(after)) return false;
    this.pos += len;
    return true;
  }

  /** One or more bytes matched by `ok`, as latin1 (or UTF-8 when asked). */
  private run(ok: (b: number) => boolean, what: string, utf8 = false): string {
    const start = this.pos;
    while (this.pos < this.end && ok(this.buf[this.pos]!)) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.buf.toString(utf8 ? 'utf8' : 'latin1', start, this.pos);
  }

  atom(): string {
    return this.run(isAtomChar, 'an atom');
  }

  /** An atom that may contain `]` (ASTRING-CHAR), e.g. a mailbox name sent bare. */
  private astringAtom(): string {
    return this.run((b) => isAtomChar(b) || b === 0x5d, 'an atom', true);
  }

  /** A flag: `\Seen`, `\*`, or a keyword atom. */
  flag(): string {
    if (this.acceptByte(0x5c)) {
      if (this.acceptByte(0x2a)) return '\\*';
      return `\\${this.atom()}`;
    }
    return this.atom();
  }

  /** `(` flag *(SP flag) `)`; tolerant of doubled spaces. */
  flagList(): string[] {
    this.expectByte(0x28, '"(" before a flag list');
    const flags: string[] = [];
    while (!this.acceptByte(0x29)) {
      if (flags.length > 0 || this.peek() === 0x20) this.expectSP();
      if (this.acceptByte(0x29)) break;
      flags.push(this.flag());
    }
    return flags;
  }

  number(): number {
    const at = this.pos;
    const digits = this.run((b) => b >= 0x30 && b <= 0x39, 'a number');
    if (digits.length > 10 || Number(digits) > MAX_NZ) this.fail('a number below 2^32', at);
    return Number(digits);
  }

  number64(): bigint {
    const at = this.pos;
    const digits = this.run((b) => b >= 0x30 && b <= 0x39, 'a number');
    if (digits.length > 19) this.fail('a number below 2^63', at);
    const value = BigInt(digits);
    if (value >= 1n << 63n) this.fail('a number below 2^63', at);
    return value;
  }

  /** A sequence set such as `1:3,7,9:*`, checked for its characters only. */
  sequenceSet(): string {
    return this.run(
      (b) => (b >= 0x30 && b <= 0x39) || b === 0x3a || b === 0x2c || b === 0x2a,
      'a sequence set',
    );
  }

  quoted(): Buffer {
    this.expectByte(0x22, 'a quoted string');
    let start = this.pos;
    const chunks: Buffer[] = [];
    for (;;) {
      if (this.pos >= this.end) this.fail('the closing quote');
      const b = this.buf[this.pos]!;
      if (b === 0x22) break;
      if (b === 0x0d || b === 0x0a) this.fail('no CR or LF inside a quoted string');
      if (b === 0x5c) {
        const next = this.buf[this.pos + 1];
        if (next !== 0x22 && next !== 0x5c) this.fail('\\" or \\\\ after a backslash', this.pos + 1);
        chunks.push(this.buf.subarray(start, this.pos));
        chunks.push(Buffer.from([next]));
        this.pos += 2;
        start = this.pos;
        continue;
      }
      this.pos++;
    }
    chunks.push(this.buf.subarray(start, this.pos));
    this.pos++;
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }

  /** `{n}` / `{n+}` / `~{n}` CRLF then n bytes. */
  literal(): Buffer {
    const at = this.pos;
    this.acceptByte(0x7e);
    this.expectByte(0x7b, '"{" of a literal');
    const digits = this.run((b) => b >= 0x30 && b <= 0x39, 'the literal length');
    if (digits.length > 15) this.fail('a sane literal length', at);
    this.acceptByte(0x2b);
    this.expectByte(0x7d, '"}" of a literal');
    // The literal's CRLF is inside the buffer, not at its end, so check against buf.length.
    if (this.buf[this.pos] === 0x0d) this.pos++;
    if (this.buf[this.pos] !== 0x0a) this.fail('CRLF after a literal length');
    this.pos++;
    const length = Number(digits);
    if (this.pos + length > this.buf.length) this.fail(`${length} literal bytes`, at);
    const data = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return data;
  }

  /** At `{` or `~{`: a literal starts here. */
  private atLiteral(): boolean {
    const b = this.peek();
    return b === 0x7b || (b === 0x7e && this.buf[this.pos + 1] === 0x7b);
  }

  string(): Buffer {
    const b = this.peek();
    if (b === 0x22) return this.quoted();
    if (this.atLiteral()) return this.literal();
    return this.fail('a string');
  }

  nstring(): Buffer | null {
    if (this.acceptKeyword('NIL')) return null;
    return this.string();
  }

  /** astring: an atom (with `]`), a quoted string or a literal; returned as UTF-8 text. */
  astring(): string {
    if (this.peek() === 0x22 || this.atLiteral()) return this.string().toString('utf8');
    return this.astringAtom();
  }

  /** The bytes from `from` to the current position, as latin1. */
  sliceFrom(from: number): string {
    return this.buf.toString('latin1', from, this.pos);
  }

  /** The rest of the line as text (UTF-8, since servers put non-ASCII there anyway). */
  text(): string {
    const text = this.buf.toString('utf8', this.pos, this.end);
    this.pos = this.end;
    return text;
  }

  /** Bytes up to (not including) `stop`, for free text inside a response code. */
  until(stop: number): string {
    const start = this.pos;
    while (this.pos < this.end && this.buf[this.pos] !== stop) this.pos++;
    return this.buf.toString('utf8', start, this.pos);
  }

  /** A generic value: NIL, number/atom, string, literal or list; depth-limited. */
  value(depth = 0): WireValue {
    if (depth > MAX_DEPTH) this.fail(`nesting under ${MAX_DEPTH} levels`);
    const b = this.peek();
    if (b === 0x28) {
      this.pos++;
      const items: WireValue[] = [];
      while (!this.acceptByte(0x29)) {
        // Body parts of a multipart follow each other without a space ("(...)(...)").
        if (items.length > 0 && !this.acceptSP() && this.peek() !== 0x28) this.fail('a space');
        if (this.acceptByte(0x29)) break; // tolerate "(a )"
        items.push(this.value(depth + 1));
      }
      return items;
    }
    if (b === 0x22 || this.atLiteral()) return this.string();
    if (this.acceptKeyword('NIL')) return null;
    if (b === 0x5c) return this.flag();
    return this.atom();
  }
}
