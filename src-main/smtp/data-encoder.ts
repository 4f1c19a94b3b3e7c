/**
 * The DATA body encoder (RFC 5321 §4.5.2): lines end in CRLF (a bare LF or bare
 * CR becomes CRLF), a line starting with "." gets one more ".", and the body ends
 * with CRLF "." CRLF. It is streaming: feed chunks of any size and the output is
 * the same as for the whole message at once, so a multi-megabyte message never
 * needs to be copied whole.
 */

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

export class DataEncoder {
  #lineStart = true;
  #pendingCR = false;
  readonly #stuffDots: boolean;
  /** Bytes of the encoded body written so far, not counting the final ".". */
  bytesOut = 0;

  /** `dotStuffing: false` for BDAT (RFC 3030), whose chunks are counted, not terminated. */
  constructor({ dotStuffing = true }: { dotStuffing?: boolean } = {}) {
    this.#stuffDots = dotStuffing;
  }

  push(chunk: Uint8Array): Buffer {
    // Worst case every byte doubles ("\n" -> "\r\n", "." at line start -> ".."), plus a pending CR's LF.
    const out = Buffer.allocUnsafe(chunk.length * 2 + 1);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.#pendingCR) {
        this.#pendingCR = false;
        out[o++] = LF;
        this.#lineStart = true;
        if (b === LF) continue; // the CR LF pair is complete
      }
      if (b === CR) {
        out[o++] = CR;
        this.#pendingCR = true;
        continue;
      }
      if (b === LF) {
        out[o++] = CR;
        out[o++] = LF;
        this.#lineStart = true;
        continue;
      }
      if (this.#lineStart && b === DOT && this.#stuffDots) out[o++] = DOT;
      this.#lineStart = false;
      out[o++] = b;
    }
    this.bytesOut += o;
    return out.subarray(0, o);
  }

  /** Ends the body: completes the last line if needed and adds the "." line. */
  end(): Buffer {
    return Buffer.from(`${this.completeLine()}.\r\n`, 'latin1');
  }

  /** What completes the last line (CRLF, LF after a CR, or nothing): a body's end for BDAT. */
  completeLine(): string {
    let tail = '';
    if (this.#pendingCR) {
      this.#pendingCR = false;
      tail = '\n';
    } else if (!this.#lineStart) {
      tail = '\r\n';
    }
    this.#lineStart = true;
    this.bytesOut += tail.length;
    return tail;
  }
}

/**
 * A whole body as BDAT sends it: line ends made CRLF and the last line completed, as DATA
 * makes them, but no dot-stuffing. A body that already is so comes back as it is, uncopied
 * (what composeMessage builds always is).
 */
export function chunkBody(message: Uint8Array): Uint8Array {
  const n = message.length;
  let clean = n === 0 || (message[n - 2] === CR && message[n - 1] === LF);
  for (let i = 0; clean && i < n; i++) {
    const b = message[i];
    if (b === CR) clean = message[++i] === LF;
    else if (b === LF) clean = false;
  }
  if (clean) return message;
  const enc = new DataEncoder({ dotStuffing: false });
  return Buffer.concat([enc.push(message), Buffer.from(enc.completeLine(), 'latin1')]);
}

/** Encodes a whole message at once (tests, small messages). */
export function encodeData(message: Uint8Array): Buffer {
  const enc = new DataEncoder();
  return Buffer.concat([enc.push(message), enc.end()]);
}

/**
 * The inverse, as a receiving server does it: strip the terminator and one leading
 * dot per line. Used by tests to prove the encoding loses nothing.
 */
export function decodeData(wire: Uint8Array): Buffer {
  const text = Buffer.from(wire).toString('latin1');
  if (!text.endsWith('\r\n.\r\n') && text !== '.\r\n') throw new Error('no terminator');
  const body = text === '.\r\n' ? '' : text.slice(0, -3);
  return Buffer.from(
    body
      .split('\r\n')
      .map((line) => (line.startsWith('.') ? line.slice(1) : line))
      .join('\r\n'),
    'latin1',
  );
}

/** Normalises line ends as DATA does (what a body must equal after a round trip). */
export function normaliseLineEnds(message: Uint8Array): Buffer {
  const text = Buffer.from(message).toString('latin1');
  return Buffer.from(text.replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}
