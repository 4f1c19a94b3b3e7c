/**
 * Domain names: wire form (RFC 1035 §3.1, §4.1.4) <-> presentation form.
 *
 * Presentation form (see types.ts): labels joined by '.', no trailing dot, '' is the
 * root, case kept. A label byte outside 0x21-0x7E, or '.' or '\', becomes \DDD, so a
 * decoded name has exactly one spelling and a label can never carry a dot in disguise.
 *
 * Reading treats every length and pointer as unverified: a label must fit in the
 * message, a pointer must point strictly before the run of labels that contains it
 * (so no loop is possible), at most MAX_POINTER_HOPS pointers per name, and the
 * expanded name must fit in 255 octets (label length bytes and the root byte counted).
 */
import { MailwrightError } from '../model/errors';
import { DnsFormatError } from './types';

/** RFC 1035 §2.3.4. */
export const MAX_NAME_OCTETS = 255;
export const MAX_LABEL_OCTETS = 63;
/**
 * A name of at most 255 octets can hold at most 127 labels, so an honest message never
 * needs more pointers than that for one name; miekg/dns uses the same bound.
 */
export const MAX_POINTER_HOPS = 126;

/** A decoded suffix, remembered per message so a pointer to it costs one lookup. */
interface Suffix {
  text: string;
  /** Octets of the labels, length bytes included, root byte excluded. */
  octets: number;
  hops: number;
}

// Scratch for the segments of the name being read: where reading (re)started, and how
// far the text, octet count and hop count had got by then. Decoding is synchronous, so
// one set for the whole module is safe and saves an allocation per name.
const segPos = new Int32Array(MAX_POINTER_HOPS + 2);
const segChar = new Int32Array(MAX_POINTER_HOPS + 2);
const segOctets = new Int32Array(MAX_POINTER_HOPS + 2);
const segHops = new Int32Array(MAX_POINTER_HOPS + 2);

/**
 * Reads names from one message. `memo` maps an offset to the name that starts there;
 * it is valid because decoding from an offset always yields the same suffix.
 */
export class NameReader {
  /** Where reading stopped: just past the name as it sits in the message. */
  pos = 0;
  private memo: Map<number, Suffix> | undefined;

  /**
   * @param remember keep decoded names for later pointers to them; a caller that reads
   *   a single name (a bare query) saves the bookkeeping by passing false.
   */
  constructor(
    private readonly buf: Uint8Array,
    private readonly remember = true,
  ) {}

  /**
   * Reads the name at `start`; its own bytes (not those reached through pointers) must
   * end by `limit`. Sets `this.pos` to the byte after the name.
   */
  read(start: number, limit: number): string {
    const buf = this.buf;
    const memo = this.memo;
    let pos = start;
    let end = limit;
    let after = -1;
    let text = '';
    // Character codes of the text so far, turned into a string once at the end: one
    // flat string per name instead of a concatenation per character.
    let n = 0;
    let octets = 0;
    let hops = 0;
    let segStart = start;
    let segments = 0;

    const known = memo?.get(start);
    if (known !== undefined) {
      // Only an inline name can be memoised at its start, so its end is the first 0
      // byte after `start` that a re-read would find; re-walk the labels to find it.
      return this.skipKnown(start, limit, known);
    }

    segPos[0] = start;
    segChar[0] = 0;
    segOctets[0] = 0;
    segHops[0] = 0;
    segments = 1;

    for (;;) {
      if (pos >= end) throw new DnsFormatError('a name runs past the end of its data', pos);
      const len = buf[pos]!;
      if (len === 0) {
        pos += 1;
        break;
      }
      const kind = len & 0xc0;
      if (kind === 0) {
        const labelEnd = pos + 1 + len;
        if (labelEnd > end) throw new DnsFormatError('a label runs past the end of its data', pos);
        octets += len + 1;
        if (octets + 1 > MAX_NAME_OCTETS) {
          throw new DnsFormatError('a name is longer than 255 octets', pos);
        }
        if (n !== 0) chars[n++] = 0x2e;
        for (let i = pos + 1; i < labelEnd; i++) {
          const b = buf[i]!;
          if (b > 0x20 && b < 0x7f && b !== 0x2e && b !== 0x5c) {
            chars[n++] = b;
          } else {
            // \DDD: the byte in three decimal digits.
            chars[n++] = 0x5c;
            chars[n++] = 0x30 + ((b / 100) | 0);
            chars[n++] = 0x30 + (((b / 10) | 0) % 10);
            chars[n++] = 0x30 + (b % 10);
          }
        }
        pos = labelEnd;
      } else if (kind === 0xc0) {
        if (pos + 1 >= end) throw new DnsFormatError('a compression pointer is cut short', pos);
        const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
        if (target >= segStart) {
          throw new DnsFormatError('a compression pointer does not point backwards', pos);
        }
        hops += 1;
        if (hops > MAX_POINTER_HOPS)
          throw new DnsFormatError('a name has too many compression pointers', pos);
        if (after < 0) after = pos + 2;
        const suffix = memo?.get(target);
        if (suffix !== undefined) {
          octets += suffix.octets;
          if (octets + 1 > MAX_NAME_OCTETS) {
            throw new DnsFormatError('a name is longer than 255 octets', pos);
          }
          hops += suffix.hops;
          if (hops > MAX_POINTER_HOPS) {
            throw new DnsFormatError('a name has too many compression pointers', pos);
          }
          if (n === 0) text = suffix.text;
          else if (suffix.text.length === 0) text = charsToString(n);
          else text = `${charsToString(n)}.${suffix.text}`;
          n = -1;
          break;
        }
        pos = segStart = target;
        // Labels reached through a pointer may lie anywhere before it in the message.
        end = buf.length;
        segPos[segments] = target;
        segChar[segments] = n === 0 ? 0 : n + 1;
        segOctets[segments] = octets;
        segHops[segments] = hops;
        segments += 1;
      } else {
        // 0x40 and 0x80 (extended label types, RFC 6891 §5) are not in use.
        throw new DnsFormatError(`a label has the unknown type bits 0x${kind.toString(16)}`, pos);
      }
    }

    if (n >= 0) text = charsToString(n);
    this.pos = after < 0 ? pos : after;
    if (!this.remember) return text;
    const remembered = memo ?? (this.memo = new Map<number, Suffix>());
    for (let i = 0; i < segments; i++) {
      const at = segPos[i]!;
      if (!remembered.has(at)) {
        const from = segChar[i]!;
        remembered.set(at, {
          text: from === 0 ? text : text.slice(from),
          octets: octets - segOctets[i]!,
          hops: hops - segHops[i]!,
        });
      }
    }
    return text;
  }

  /** A name already decoded at `start`: find where its bytes end, without re-decoding. */
  private skipKnown(start: number, limit: number, known: Suffix): string {
    const buf = this.buf;
    let pos = start;
    for (;;) {
      if (pos >= limit) throw new DnsFormatError('a name runs past the end of its data', pos);
      const len = buf[pos]!;
      if (len === 0) {
        this.pos = pos + 1;
        return known.text;
      }
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= limit) throw new DnsFormatError('a compression pointer is cut short', pos);
        this.pos = pos + 2;
        return known.text;
      }
      // Labels were checked when this name was first read; only the limit can differ.
      pos += len + 1;
    }
  }
}

/** Scratch for the character codes of the name being read (at most 255 octets as \DDD). */
const chars: number[] = [];

function charsToString(n: number): string {
  if (n === 0) return '';
  chars.length = n;
  return String.fromCharCode.apply(null, chars);
}

/** The presentation form of one label's bytes. */
function labelText(buf: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (b > 0x20 && b < 0x7f && b !== 0x2e && b !== 0x5c) {
      s += String.fromCharCode(b);
    } else {
      s += b < 10 ? `\\00${b}` : b < 100 ? `\\0${b}` : `\\${b}`;
    }
  }
  return s;
}

/**
 * The labels of a name in presentation form, as bytes. Accepts a trailing dot, \DDD
 * and \X escapes; '' and '.' are the root. Throws `bad-input` for an empty label, a
 * label over 63 octets, a name over 255 octets, a bad escape or a non-ASCII character
 * (internationalised names must be converted to A-labels, "xn--...", first).
 */
export function parseName(name: string): Uint8Array[] {
  const labels: Uint8Array[] = [];
  if (name === '' || name === '.') return labels;
  const bytes: number[] = [];
  let octets = 1;
  const n = name.length;
  let i = 0;
  const finishLabel = (): void => {
    if (bytes.length === 0) throw badName(name, 'it has an empty label');
    if (bytes.length > MAX_LABEL_OCTETS) throw badName(name, 'a label is longer than 63 octets');
    octets += bytes.length + 1;
    if (octets > MAX_NAME_OCTETS) throw badName(name, 'it is longer than 255 octets');
    labels.push(Uint8Array.from(bytes));
    bytes.length = 0;
  };
  while (i < n) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      finishLabel();
      i += 1;
      if (i === n) return labels; // the trailing dot of an absolute name
      continue;
    }
    if (c > 0x7f) throw badName(name, 'it has a non-ASCII character (use its xn-- form)');
    if (c === 0x5c) {
      const d0 = name.charCodeAt(i + 1);
      if (Number.isNaN(d0)) throw badName(name, 'it ends with a lone backslash');
      if (isDigit(d0)) {
        const d1 = name.charCodeAt(i + 2);
        const d2 = name.charCodeAt(i + 3);
        if (!isDigit(d1) || !isDigit(d2)) throw badName(name, 'a \\DDD escape needs three digits');
        const v = (d0 - 48) * 100 + (d1 - 48) * 10 + (d2 - 48);
        if (v > 255) throw badName(name, 'a \\DDD escape is above 255');
        bytes.push(v);
        i += 4;
      } else {
        if (d0 > 0x7f) throw badName(name, 'it has a non-ASCII character (use its xn-- form)');
        bytes.push(d0);
        i += 2;
      }
      continue;
    }
    bytes.push(c);
    i += 1;
  }
  finishLabel();
  return labels;
}

/** The canonical presentation form of a name (the form the decoder produces). */
export function canonicalName(name: string): string {
  return parseName(name)
    .map((label) => labelText(label, 0, label.length))
    .join('.');
}

/**
 * True when two names are the same name: ASCII letters compared without case
 * (RFC 4343), other bytes exactly. Escaped and trailing-dot spellings are understood;
 * a name that cannot be parsed equals only its identical twin.
 */
export function namesEqual(a: string, b: string): boolean {
  if (a.length === b.length && asciiLowerEquals(a, b)) return true;
  if (!a.includes('\\') && !b.includes('\\') && !a.endsWith('.') && !b.endsWith('.')) return false;
  try {
    const ca = canonicalName(a);
    const cb = canonicalName(b);
    return ca.length === cb.length && asciiLowerEquals(ca, cb);
  } catch {
    return false;
  }
}

function asciiLowerEquals(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x !== y) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function badName(name: string, why: string): MailwrightError {
  return new MailwrightError('bad-input', `The name "${name}" cannot be used in DNS: ${why}.`);
}
