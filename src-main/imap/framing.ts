/**
 * Framing: cuts the IMAP server byte stream into complete responses (a line plus the
 * literals it announces, `{n}`, `{n+}` or `~{n}`), across any chunk boundary. Pure, no I/O.
 *
 * Chunks are queued, never concatenated on push; each byte is scanned once, and a
 * response is copied at most once (when it spans several chunks), so feeding a stream
 * in 1-byte chunks costs linear time. Limits on line and literal size come from the
 * caller because a hostile server could otherwise make us buffer without bound.
 */
import { MailwrightError } from '../model/errors';

export interface FramingLimits {
  /** Longest line (the text between literals) we buffer, in bytes. */
  maxLineLength: number;
  /** Largest literal we accept, in bytes. */
  maxLiteralLength: number;
}

export const defaultFramingLimits: FramingLimits = {
  maxLineLength: 1024 * 1024,
  maxLiteralLength: 256 * 1024 * 1024,
};

export type FrameResult = { type: 'incomplete' } | { type: 'response'; bytes: Buffer };

/** The longest literal marker we look back for at the end of a line: `~{` + 20 digits + `+}`. */
const MARKER_LOOKBACK = 32;

export interface LiteralMarker {
  length: number;
  /** `{n+}`: the sender does not wait for a continuation (LITERAL+/LITERAL-). */
  nonSync: boolean;
  /** `~{n}`: a literal8 (RFC 3516), may hold NUL. */
  binary: boolean;
}

/**
 * If `tail` (the end of a line, without CRLF) ends in a literal marker, returns it.
 * A marker that is not a valid number (too many digits) is a protocol error, because
 * guessing would desynchronise the stream.
 */
export function literalMarker(
  tail: Uint8Array,
  limits: FramingLimits = defaultFramingLimits,
): LiteralMarker | undefined {
  let i = tail.length - 1;
  if (i < 0 || tail[i] !== 0x7d /* } */) return undefined;
  i--;
  let nonSync = false;
  if (tail[i] === 0x2b /* + */) {
    nonSync = true;
    i--;
  }
  const end = i + 1;
  while (i >= 0 && tail[i]! >= 0x30 && tail[i]! <= 0x39) i--;
  const digits = end - (i + 1);
  if (digits === 0 || i < 0 || tail[i] !== 0x7b /* { */) return undefined;
  if (digits > 15) {
    throw new MailwrightError(
      'protocol',
      'The IMAP server announced a literal with an impossible size; reconnect.',
      {
        code: 'IMAP_LITERAL_SIZE',
      },
    );
  }
  let length = 0;
  for (let k = i + 1; k < end; k++) length = length * 10 + (tail[k]! - 0x30);
  if (length > limits.maxLiteralLength) {
    throw new MailwrightError(
      'protocol',
      `The IMAP server sent a ${length}-byte literal, over the ${limits.maxLiteralLength}-byte limit; the message is too large to fetch whole.`,
      { code: 'IMAP_LITERAL_TOO_LARGE' },
    );
  }
  const binary = i > 0 && tail[i - 1] === 0x7e; /* ~ */
  return { length, nonSync, binary };
}

export class ImapFramer {
  private readonly limits: FramingLimits;
  private chunks: Buffer[] = [];
  /** Index of the first chunk still held (chunks before it were consumed). */
  private head = 0;
  /** Bytes of the current response scanned so far (all at the front of the held chunks). */
  private scanned = 0;
  /** Index and offset in `chunks` where scanning resumes. */
  private chunkIndex = 0;
  private chunkOffset = 0;
  /** Bytes of the current line seen so far (reset after each literal). */
  private lineLength = 0;
  /** Literal bytes still to skip before the line continues. */
  private literalLeft = 0;
  private buffered = 0;

  constructor(limits: Partial<FramingLimits> = {}) {
    this.limits = { ...defaultFramingLimits, ...limits };
  }

  /** Bytes held, including those of responses not yet taken. */
  get length(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
    );
    this.buffered += chunk.length;
  }

  /** The next complete response, or `incomplete`. Throws MailwrightError('protocol') on a limit. */
  next(): FrameResult {
    while (this.chunkIndex < this.chunks.length) {
      const chunk = this.chunks[this.chunkIndex]!;
      if (this.chunkOffset >= chunk.length) {
        this.chunkIndex++;
        this.chunkOffset = 0;
        continue;
      }
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, chunk.length - this.chunkOffset);
        this.literalLeft -= take;
        this.chunkOffset += take;
        this.scanned += take;
        continue;
      }
      const lf = chunk.indexOf(0x0a, this.chunkOffset);
      const end = lf === -1 ? chunk.length : lf + 1;
      this.lineLength += end - this.chunkOffset;
      this.scanned += end - this.chunkOffset;
      this.chunkOffset = end;
      if (this.lineLength > this.limits.maxLineLength + 2) {
        throw new MailwrightError(
          'protocol',
          `The IMAP server sent a line longer than ${this.limits.maxLineLength} bytes; reconnect.`,
          { code: 'IMAP_LINE_TOO_LONG' },
        );
      }
      if (lf === -1) continue;
      const marker = literalMarker(this.tailBeforeLf(), this.limits);
      this.lineLength = 0;
      if (marker !== undefined) {
        this.literalLeft = marker.length;
        continue;
      }
      const bytes = this.take(this.scanned);
      this.scanned = 0;
      return { type: 'response', bytes };
    }
    return { type: 'incomplete' };
  }

  /** The end of the line just scanned (up to MARKER_LOOKBACK bytes), without its LF or CR. */
  private tailBeforeLf(): Uint8Array {
    const want = Math.min(MARKER_LOOKBACK + 2, this.lineLength);
    const out = new Uint8Array(want);
    let filled = 0;
    let index = this.chunkIndex;
    let offset = this.chunkOffset - 1; // the LF
    while (filled < want) {
      if (offset < 0) {
        index--;
        if (index < this.head) break;
        offset = this.chunks[index]!.length - 1;
        continue;
      }
      out[want - 1 - filled] = this.chunks[index]![offset]!;
      filled++;
      offset--;
    }
    let tail = out.subarray(want - filled, want - 1);
    if (tail.length > 0 && tail[tail.length - 1] === 0x0d) tail = tail.subarray(0, tail.length - 1);
    return tail;
  }

  /** Removes `n` bytes from the front: one copy when they span chunks, none otherwise. */
  private take(n: number): Buffer {
    let result: Buffer;
    const first = this.chunks[this.head]!;
    if (first.length >= n) {
      result = first.subarray(0, n);
    } else {
      result = Buffer.allocUnsafe(n);
      let written = 0;
      for (let i = this.head; written < n; i++) {
        const chunk = this.chunks[i]!;
        const part = Math.min(chunk.length, n - written);
        chunk.copy(result, written, 0, part);
        written += part;
      }
    }
    // Drop consumed chunks by moving `head`; keep the rest of the one the response ended in.
    let left = n;
    while (left > 0) {
      const chunk = this.chunks[this.head]!;
      if (chunk.length <= left) {
        left -= chunk.length;
        this.head++;
      } else {
        this.chunks[this.head] = chunk.subarray(left);
        left = 0;
      }
    }
    // Compact the array now and then so its length stays proportional to what is held.
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    this.buffered -= n;
    this.chunkIndex = this.head;
    this.chunkOffset = 0;
    this.lineLength = 0;
    return result;
  }
}
