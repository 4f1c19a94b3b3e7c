/**
 * DNS over TCP frames each message with a 2-byte big-endian length (RFC 1035 §4.2.2,
 * RFC 7766 §8). The network may cut the stream anywhere, even inside the length, so
 * this stage only collects bytes and hands out whole messages; parsing comes after.
 */
export class LengthPrefixedFramer {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  /** Adds a chunk and returns every message it completed (possibly none). */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.buffered < 2) return out;
      const head = this.peek(2);
      const length = (head[0]! << 8) | head[1]!;
      if (this.buffered < 2 + length) return out;
      const frame = this.take(2 + length);
      out.push(frame.subarray(2));
    }
  }

  /** Bytes received but not yet part of a whole message. */
  get pending(): number {
    return this.buffered;
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0]!;
    if (first.length >= n) return first.subarray(0, n);
    return this.concat().subarray(0, n);
  }

  private take(n: number): Uint8Array {
    const all = this.concat();
    const frame = all.slice(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return frame;
  }

  private concat(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const all = new Uint8Array(this.buffered);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    this.chunks = [all];
    return all;
  }
}

/** The query with its 2-byte length in front. */
export function frameMessage(msg: Uint8Array): Uint8Array {
  if (msg.length > 0xffff) throw new RangeError('a DNS message over TCP is at most 65535 bytes');
  const out = new Uint8Array(msg.length + 2);
  out[0] = msg.length >> 8;
  out[1] = msg.length & 0xff;
  out.set(msg, 2);
  return out;
}
