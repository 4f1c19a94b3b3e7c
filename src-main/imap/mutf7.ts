/**
 * Modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable US-ASCII stands for
 * itself except `&`, which is written `&-`; everything else is UTF-16 in base64 with `,`
 * instead of `/`, no padding, between `&` and `-`.
 */
import { MailwrightError } from '../model/errors';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';

export function encodeMutf7(name: string): string {
  let out = '';
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes: number[] = [];
    for (const unit of pending) bytes.push(unit >> 8, unit & 0xff);
    let bits = 0;
    let value = 0;
    out += '&';
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out += B64[(value >> bits) & 0x3f];
      }
    }
    if (bits > 0) out += B64[(value << (6 - bits)) & 0x3f];
    out += '-';
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (unit >= 0x20 && unit <= 0x7e) {
      flush();
      out += unit === 0x26 ? '&-' : name[i];
    } else {
      pending.push(unit);
    }
  }
  flush();
  return out;
}

function invalid(name: string): MailwrightError {
  return new MailwrightError(
    'protocol',
    `The IMAP server sent the folder name "${name}", which is not valid modified UTF-7; rename the folder with another mail client or report it to the provider.`,
    {
      code: 'IMAP_BAD_MUTF7',
    },
  );
}

/** Decodes a modified UTF-7 name; throws MailwrightError('protocol') when it is malformed. */
export function decodeMutf7(name: string): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const ch = name[i]!;
    const code = name.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) throw invalid(name);
    if (ch !== '&') {
      out += ch;
      i++;
      continue;
    }
    const end = name.indexOf('-', i + 1);
    if (end === -1) throw invalid(name);
    if (end === i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    let bits = 0;
    let value = 0;
    const units: number[] = [];
    let byteHigh = -1;
    for (let k = i + 1; k < end; k++) {
      const digit = B64.indexOf(name[k]!);
      if (digit === -1) throw invalid(name);
      value = ((value << 6) | digit) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        const byte = (value >> bits) & 0xff;
        if (byteHigh === -1) byteHigh = byte;
        else {
          units.push((byteHigh << 8) | byte);
          byteHigh = -1;
        }
      }
    }
    // Leftover bits must be zero padding and no half code unit may remain.
    if (byteHigh !== -1 || bits >= 6 || (value & ((1 << bits) - 1)) !== 0) throw invalid(name);
    const text = String.fromCharCode(...units);
    // A base64 run must not encode printable ASCII, and must hold whole surrogate pairs.
    if (units.some((u) => u >= 0x20 && u <= 0x7e)) throw invalid(name);
    if (!isWellFormedUtf16(text)) throw invalid(name);
    out += text;
    i = end + 1;
  }
  return out;
}

/** True when every surrogate in `text` is half of a pair (String#isWellFormed is ES2024). */
export function isWellFormedUtf16(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}
