import { MailwrightError } from '../model/errors';

/**
 * POP3 framing (RFC 1939 §3, RFC 2449 §8): cuts the byte stream into responses.
 * A response is one status line (+OK / -ERR, with an optional RFC 2449 response code
 * in brackets) and, for multi-line commands that succeeded, a block of lines ending
 * with a line holding a single '.'; lines of the block that start with '.' are
 * byte-stuffed and lose that first '.'.
 *
 * `Pop3Framer` takes raw chunks of any size and finds line ends and CRLF.CRLF across every
 * chunk boundary; the client feeds it whatever the connection has read.
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
  /** Present for a multi-line response that succeeded: the block's bytes, unstuffed, without the final '.' line. */
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
const LF = 0x0a;
const CR = 0x0d;
const LF_DOT = Buffer.from('\n.');
const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n');

export type ResponseShape = 'single' | 'multi';

export interface FramerLimits {
  /** Longest status line (without its line end) before the peer is refused. */
  maxLine?: number;
  /** Largest multi-line block (one message) before the peer is refused. */
  maxBlock?: number;
}

interface OpenBlock {
  status: Pop3Status;
  parts: Buffer[];
  size: number;
  /** The next byte starts a line (the only place a '.' means anything). */
  atLineStart: boolean;
}

/**
 * Byte-level framer: tell it which shape each expected response has (in command order, as
 * pipelining needs), push chunks of any size, take complete responses.
 *
 * Inside a block only a '.' at the start of a line matters, so the framer looks for "\n."
 * and copies everything between as whole runs: a 3 MB message is a handful of slices and one
 * final copy, not tens of thousands of line objects. Lines keep their own endings (a bare LF
 * inside a message stays a bare LF); a line is "." alone when CRLF or LF follows the dot.
 */
export class Pop3Framer {
  private pending: Buffer = EMPTY;
  /** Where the LF search for a status line resumes, so trickled bytes stay linear. */
  private scanFrom = 0;
  private readonly shapes: ResponseShape[] = [];
  private block: OpenBlock | undefined;
  private readonly maxLine: number;
  private readonly maxBlock: number;

  constructor(limits: FramerLimits = {}) {
    this.maxLine = limits.maxLine ?? MAX_STATUS_LINE;
    this.maxBlock = limits.maxBlock ?? 512 * 1024 * 1024;
  }

  expect(shape: ResponseShape): void {
    this.shapes.push(shape);
  }

  push(chunk: Uint8Array): Pop3Response[] {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const out: Pop3Response[] = [];
    for (;;) {
      if (this.block !== undefined) {
        if (!this.scanBlock(this.block, out)) break;
        continue;
      }
      const lf = this.pending.indexOf(LF, this.scanFrom);
      if (lf < 0) {
        this.scanFrom = this.pending.length;
        if (this.pending.length > this.maxLine + 1) {
          throw new MailwrightError(
            'protocol',
            `The POP3 server sent a line longer than ${this.maxLine} bytes; the server is misbehaving.`,
          );
        }
        break;
      }
      const end = lf > 0 && this.pending[lf - 1] === CR ? lf - 1 : lf;
      const line = this.pending.subarray(0, end);
      this.pending = this.pending.subarray(lf + 1);
      this.scanFrom = 0;
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
      if (shape === 'multi' && status.ok) this.block = { status, parts: [], size: 0, atLineStart: true };
      else out.push({ status });
    }
    if (this.pending.length === 0) this.pending = EMPTY;
    return out;
  }

  /** Consumes block bytes from `pending`; true when the block ended (and was emitted). */
  private scanBlock(b: OpenBlock, out: Pop3Response[]): boolean {
    const buf = this.pending;
    let pos = 0;
    for (;;) {
      if (b.atLineStart) {
        if (pos >= buf.length) break;
        if (buf[pos] === DOT) {
          // Is it the terminator ".\r\n" / ".\n", or a stuffed line? Wait for enough bytes to know.
          const c1 = buf[pos + 1];
          if (c1 === undefined) break;
          let end = -1;
          if (c1 === LF) end = pos + 2;
          else if (c1 === CR) {
            const c2 = buf[pos + 2];
            if (c2 === undefined) break;
            if (c2 === LF) end = pos + 3;
          }
          if (end >= 0) {
            out.push({ status: b.status, body: Buffer.concat(b.parts, b.size) });
            this.block = undefined;
            this.pending = buf.subarray(end);
            return true;
          }
          pos += 1; // a stuffed line: its first '.' goes
        }
        b.atLineStart = false;
      }
      const hit = buf.indexOf(LF_DOT, pos);
      if (hit >= 0) {
        this.append(b, buf.subarray(pos, hit + 1));
        pos = hit + 1;
        b.atLineStart = true;
        continue;
      }
      // No line in the rest starts with '.'; only a final LF leaves the next line's start open.
      this.append(b, buf.subarray(pos));
      b.atLineStart = buf[buf.length - 1] === LF;
      pos = buf.length;
      break;
    }
    this.pending = buf.subarray(pos);
    return false;
  }

  private append(b: OpenBlock, part: Buffer): void {
    if (part.length === 0) return;
    b.size += part.length;
    if (b.size > this.maxBlock) {
      throw new MailwrightError(
        'protocol',
        `The POP3 server sent a message larger than ${this.maxBlock} bytes; refusing it.`,
      );
    }
    b.parts.push(part);
  }

  /** True when nothing is half-received and no response is outstanding. */
  get idle(): boolean {
    return this.block === undefined && this.shapes.length === 0 && this.pending.length === 0;
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
