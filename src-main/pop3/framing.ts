import { MailwrightError } from '../model/errors';

/**
 * POP3 framing (RFC 1939 §3, RFC 2449 §8): cuts the byte stream into responses.
 * A response is one status line (+OK / -ERR, with an optional RFC 2449 response code
 * in brackets) and, for multi-line commands that succeeded, a block of lines ending
 * with a line holding a single '.'; lines of the block that start with '.' are
 * byte-stuffed and lose that first '.'.
 *
 * Two entry points share the same block logic: `BlockCollector` takes whole lines (the
 * client reads lines from the connection's reader), and `Pop3Framer` takes raw chunks
 * of any size and finds line ends and CRLF.CRLF across every chunk boundary.
 */

export interface Pop3Status {
  ok: boolean;
  /** The RFC 2449 response code in full, e.g. 'IN-USE' or 'SYS/TEMP'. */
  code: string | undefined;
  /** The human text after the status indicator and code. */
  text: string;
}

export interface Pop3Response {
  status: Pop3Status;
  /** Present for a multi-line response that succeeded: the unstuffed lines, each ending CRLF. */
  body?: Buffer;
}

/** A status line longer than this is not POP3 (RFC 2449 §4 allows 512 octets). */
export const MAX_STATUS_LINE = 4096;

const CODE_RE = /^\[([A-Za-z0-9-]+(?:\/[A-Za-z0-9-]+)*)\]\s*/;

/** Parses one status line (without its CRLF). A line that isn't +OK/-ERR is a protocol error. */
export function parseStatusLine(line: Uint8Array): Pop3Status {
  if (line.length > MAX_STATUS_LINE) {
    throw new MailwrightError(
      'protocol',
      'The POP3 server sent an overlong status line; the server is not speaking POP3 correctly.',
    );
  }
  const text = Buffer.from(line).toString('utf8');
  let ok: boolean;
  let rest: string;
  if (text.startsWith('+OK') && (text.length === 3 || text[3] === ' ')) {
    ok = true;
    rest = text.slice(4);
  } else if (text.startsWith('-ERR') && (text.length === 4 || text[4] === ' ')) {
    ok = false;
    rest = text.slice(5);
  } else {
    throw new MailwrightError(
      'protocol',
      'The server sent something that is not a POP3 response; check the host and port point at a POP3 server.',
      { serverText: text.slice(0, 200) },
    );
  }
  const m = CODE_RE.exec(rest);
  if (m === null) return { ok, code: undefined, text: rest };
  return { ok, code: (m[1] ?? '').toUpperCase(), text: rest.slice(m[0].length) };
}

const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');

/** Collects the lines of one multi-line block; `pushLine` returns true at the terminating '.'. */
export class BlockCollector {
  private parts: Buffer[] = [];
  private size = 0;
  private done = false;

  pushLine(line: Uint8Array): boolean {
    if (this.done)
      throw new MailwrightError(
        'internal',
        'A POP3 block was read past its end; this is a bug in Mailwright.',
      );
    if (line.length === 1 && line[0] === DOT) {
      this.done = true;
      return true;
    }
    const content = line.length > 0 && line[0] === DOT ? line.subarray(1) : line;
    const buf = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    this.parts.push(buf, CRLF);
    this.size += buf.length + 2;
    return false;
  }

  /** Bytes collected so far (for progress). */
  get bytes(): number {
    return this.size;
  }

  result(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}

const LF = 0x0a;
const CR = 0x0d;

/** Splits a byte stream into lines (CRLF, or a bare LF, ends a line); pure and incremental. */
export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);
  /** Where the LF search resumes, so 1-byte chunks of a long line stay linear. */
  private scanFrom = 0;

  constructor(private readonly maxLine: number) {}

  push(chunk: Uint8Array): Buffer[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const lines: Buffer[] = [];
    let start = 0;
    for (;;) {
      const lf = this.pending.indexOf(LF, Math.max(start, this.scanFrom));
      if (lf < 0) break;
      const end = lf > start && this.pending[lf - 1] === CR ? lf - 1 : lf;
      lines.push(this.pending.subarray(start, end));
      start = lf + 1;
      this.scanFrom = start;
    }
    this.pending = this.pending.subarray(start);
    this.scanFrom = this.pending.length;
    if (this.pending.length > this.maxLine) {
      throw new MailwrightError(
        'protocol',
        `The POP3 server sent a line longer than ${this.maxLine} bytes; the server is misbehaving.`,
      );
    }
    return lines;
  }

  /** Bytes received that don't yet form a whole line. */
  get buffered(): number {
    return this.pending.length;
  }
}

export type ResponseShape = 'single' | 'multi';

/**
 * Byte-level framer: tell it which shape each expected response has (in command order,
 * as pipelining needs), push chunks, take complete responses.
 */
export class Pop3Framer {
  private readonly lines: LineSplitter;
  private readonly shapes: ResponseShape[] = [];
  private current: { status: Pop3Status; block: BlockCollector } | undefined;

  constructor(maxLine = 1 << 20) {
    this.lines = new LineSplitter(maxLine);
  }

  expect(shape: ResponseShape): void {
    this.shapes.push(shape);
  }

  push(chunk: Uint8Array): Pop3Response[] {
    const out: Pop3Response[] = [];
    for (const line of this.lines.push(chunk)) {
      if (this.current !== undefined) {
        if (this.current.block.pushLine(line)) {
          out.push({ status: this.current.status, body: this.current.block.result() });
          this.current = undefined;
        }
        continue;
      }
      const shape = this.shapes.shift();
      if (shape === undefined) {
        throw new MailwrightError(
          'protocol',
          'The POP3 server sent a response nobody asked for; the server is misbehaving.',
          {
            serverText: line.toString('utf8').slice(0, 200),
          },
        );
      }
      const status = parseStatusLine(line);
      if (shape === 'multi' && status.ok) this.current = { status, block: new BlockCollector() };
      else out.push({ status });
    }
    return out;
  }

  /** True when nothing is half-received and no response is outstanding. */
  get idle(): boolean {
    return this.current === undefined && this.shapes.length === 0 && this.lines.buffered === 0;
  }
}

/** Dot-stuffs a message for the wire (the inverse of the block decoding; used by tests and peers). */
export function dotStuff(message: Uint8Array): Buffer {
  const text = Buffer.from(message);
  const parts: Buffer[] = [];
  let start = 0;
  while (start < text.length) {
    let lf = text.indexOf(LF, start);
    if (lf < 0) lf = text.length;
    const end = lf > start && text[lf - 1] === CR ? lf - 1 : lf;
    const line = text.subarray(start, end);
    if (line[0] === DOT) parts.push(Buffer.from('.'));
    parts.push(line, CRLF);
    start = lf + 1;
  }
  parts.push(Buffer.from('.\r\n'));
  return Buffer.concat(parts);
}
