import { MailwrightError } from '../model/errors';

const LF = 0x0a;
const CR = 0x0d;

/** Work counters, so tests can prove the reader never copies or scans a byte twice. */
export interface ByteReaderStats {
  /** Bytes copied into new buffers (a line or block that spans several chunks). */
  bytesCopied: number;
  /** Bytes examined while looking for a line feed. */
  bytesScanned: number;
}

/**
 * The framing primitive: a queue of received chunks plus a read offset. Pure, no I/O.
 *
 * Why a queue and not one growing buffer: `Buffer.concat` on every push is quadratic when a
 * peer trickles bytes (a 1-byte-chunk stream of a 1 MB literal would copy ~500 GB). Here each
 * byte is scanned for LF at most once (the scan position survives incomplete reads) and copied
 * at most once (only when a line or block spans chunks; otherwise it is a zero-copy subarray).
 */
export class ByteReader {
  private chunks: Buffer[] = [];
  /** Index of the first live chunk in `chunks` (consumed chunks are dropped lazily). */
  private head = 0;
  /** Read offset inside chunks[head]. */
  private offset = 0;
  private total = 0;
  /** Bytes from the read position already known to hold no LF. */
  private scanned = 0;
  private readonly counters: ByteReaderStats = { bytesCopied: 0, bytesScanned: 0 };

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Buffered bytes not yet read. */
  get length(): number {
    return this.total;
  }

  get stats(): Readonly<ByteReaderStats> {
    return this.counters;
  }

  /**
   * The next line without its line ending (CRLF, or a bare LF), or undefined if no complete
   * line is buffered. Throws MailwrightError('protocol') as soon as a line is known to be
   * longer than maxLength bytes (not counting its line ending), so a peer that never sends LF
   * cannot make us buffer without bound.
   */
  readLine(maxLength: number): Buffer | undefined {
    const lf = this.findLf();
    if (lf === -1) {
      // The buffered bytes may still end in the CR of a CRLF, hence the + 1.
      if (this.total > maxLength + 1) throw overLong(maxLength);
      return undefined;
    }
    // lf is the distance from the read position to the LF byte.
    const withLf = this.take(lf + 1);
    let end = withLf.length - 1;
    if (end > 0 && withLf[end - 1] === CR) end -= 1;
    if (end > maxLength) throw overLong(maxLength);
    return withLf.subarray(0, end);
  }

  /** Exactly n bytes (a literal, a counted block), or undefined if fewer are buffered. */
  readBytes(n: number): Buffer | undefined {
    if (!Number.isInteger(n) || n < 0) {
      throw new MailwrightError('internal', `readBytes needs a whole non-negative count, not ${n}.`);
    }
    if (n > this.total) return undefined;
    return this.take(n);
  }

  /**
   * Up to max buffered bytes (at least one if any are buffered), without waiting for more:
   * lets a caller stream a large literal to disk instead of holding it all in memory.
   */
  readAvailable(max: number): Buffer | undefined {
    if (this.total === 0 || max <= 0) return undefined;
    // Prefer the rest of the current chunk: it needs no copy.
    const first = this.chunks[this.head];
    const inFirst = first === undefined ? 0 : first.length - this.offset;
    return this.take(Math.min(max, inFirst > 0 ? inFirst : this.total));
  }

  /** Does the buffered data start with these bytes? Undefined when too few are buffered to tell. */
  startsWith(prefix: Buffer | string): boolean | undefined {
    const p = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : prefix;
    let i = 0;
    for (let c = this.head, off = this.offset; c < this.chunks.length && i < p.length; c++, off = 0) {
      const chunk = this.chunks[c] as Buffer;
      for (let j = off; j < chunk.length && i < p.length; j++, i++) {
        if (chunk[j] !== p[i]) return false;
      }
    }
    return i === p.length ? true : undefined;
  }

  /** Drops everything buffered and returns how many bytes that was. */
  clear(): number {
    const dropped = this.total;
    this.chunks = [];
    this.head = 0;
    this.offset = 0;
    this.total = 0;
    this.scanned = 0;
    return dropped;
  }

  /** Distance from the read position to the next LF, or -1. Resumes where the last scan ended. */
  private findLf(): number {
    if (this.scanned >= this.total) return -1;
    // Walk to the chunk that holds position `scanned`.
    let skip = this.scanned;
    let c = this.head;
    let off = this.offset;
    for (;;) {
      const chunk = this.chunks[c] as Buffer;
      const avail = chunk.length - off;
      if (skip < avail) {
        off += skip;
        break;
      }
      skip -= avail;
      c += 1;
      off = 0;
    }
    let pos = this.scanned;
    for (; c < this.chunks.length; c++, off = 0) {
      const chunk = this.chunks[c] as Buffer;
      const idx = chunk.indexOf(LF, off);
      if (idx !== -1) {
        this.counters.bytesScanned += idx - off + 1;
        return pos + (idx - off);
      }
      this.counters.bytesScanned += chunk.length - off;
      pos += chunk.length - off;
    }
    this.scanned = this.total;
    return -1;
  }

  /** Removes n (<= total) bytes from the front; one copy only when they span chunks. */
  private take(n: number): Buffer {
    this.total -= n;
    this.scanned = Math.max(0, this.scanned - n);
    const first = this.chunks[this.head];
    if (n === 0 || first === undefined) return Buffer.alloc(0);
    let out: Buffer;
    if (first.length - this.offset >= n) {
      out = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) this.advance();
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const chunk = this.chunks[this.head] as Buffer;
        const part = Math.min(chunk.length - this.offset, n - filled);
        chunk.copy(out, filled, this.offset, this.offset + part);
        filled += part;
        this.offset += part;
        if (this.offset === chunk.length) this.advance();
      }
      this.counters.bytesCopied += n;
    }
    return out;
  }

  private advance(): void {
    this.head += 1;
    this.offset = 0;
    // Compact the array now and then so shifting stays amortised O(1) per chunk.
    if (this.head >= 1024 && this.head * 2 >= this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}

function overLong(maxLength: number): MailwrightError {
  return new MailwrightError(
    'protocol',
    `The server sent a line longer than ${maxLength} bytes; the connection was closed to protect the app.`,
    { code: 'LINE_TOO_LONG' },
  );
}
