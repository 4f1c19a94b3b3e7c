/**
 * A growable byte buffer for encoding one message, with RFC 1035 §4.1.4 name
 * compression: a name's longest suffix already written (compared without ASCII case)
 * becomes a pointer to it. The suffix is then read back with the case it was first
 * written in, as every DNS server does; the question is written first, so its case
 * (e.g. DNS 0x20 randomisation) always survives.
 */
import { MailwrightError } from '../model/errors';
import { parseName } from './name';

/** Pointers hold 14 bits of offset. */
const MAX_POINTER_TARGET = 0x3fff;
/** The largest message that fits TCP's 2-byte length prefix (RFC 1035 §4.2.2). */
export const MAX_MESSAGE_OCTETS = 0xffff;

export class Writer {
  buf = new Uint8Array(512);
  pos = 0;
  /** Lower-cased wire suffix (as a string of byte codes) -> its offset. */
  private readonly suffixes = new Map<string, number>();

  private room(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    if (need > MAX_MESSAGE_OCTETS) {
      throw new MailwrightError(
        'bad-input',
        'The DNS message would be longer than 65535 bytes; send fewer records.',
      );
    }
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(Math.min(size, MAX_MESSAGE_OCTETS));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number, what: string): void {
    checkInt(v, 0xffff, what);
    this.room(2);
    this.buf[this.pos++] = v >>> 8;
    this.buf[this.pos++] = v & 0xff;
  }

  u32(v: number, what: string): void {
    checkInt(v, 0xffffffff, what);
    this.room(4);
    this.buf[this.pos++] = v >>> 24;
    this.buf[this.pos++] = (v >>> 16) & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Writes a 16-bit value at an earlier position (an rdlength filled in afterwards). */
  patchU16(at: number, v: number, what: string): void {
    checkInt(v, 0xffff, what);
    this.buf[at] = v >>> 8;
    this.buf[at + 1] = v & 0xff;
  }

  /**
   * Writes a name; with `compress`, points at an earlier copy of its longest known
   * suffix. Every name written (compressed or not) is remembered as a target, but
   * names inside records that must not be compressed (SRV, RFC 2782) are written
   * whole.
   */
  name(text: string, compress: boolean): void {
    const labels = parseName(text);
    const n = labels.length;
    // keys[i] is the suffix starting at label i, lower-cased, as a string of bytes.
    const keys: string[] = [];
    let key = '';
    for (let i = n - 1; i >= 0; i--) {
      key = labelKey(labels[i]!) + key;
      keys[i] = key;
    }
    let i = 0;
    for (; i < n; i++) {
      const k = keys[i]!;
      if (compress) {
        const target = this.suffixes.get(k);
        if (target !== undefined) {
          this.u8(0xc0 | (target >>> 8));
          this.u8(target & 0xff);
          return;
        }
      }
      if (this.pos <= MAX_POINTER_TARGET && !this.suffixes.has(k)) this.suffixes.set(k, this.pos);
      const label = labels[i]!;
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function labelKey(label: Uint8Array): string {
  let s = String.fromCharCode(label.length);
  for (const b of label) s += String.fromCharCode(b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
  return s;
}

function checkInt(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new MailwrightError('bad-input', `The DNS ${what} ${v} is not a whole number from 0 to ${max}.`);
  }
}
