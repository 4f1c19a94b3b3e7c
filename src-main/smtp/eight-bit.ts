import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import { MailwrightError } from '../model/errors';

/**
 * The 8-bit decision (RFC 6152, RFC 6531, RFC 5321 §2.4): a message with bytes above
 * 0x7F in its body may go as-is only to a server that offers 8BITMIME (sent with
 * BODY=8BITMIME); otherwise it is re-encoded here to 7-bit (quoted-printable for text,
 * base64 for the rest). Non-ASCII in headers needs SMTPUTF8; it cannot be re-encoded
 * safely (addresses), so it is refused with a clear error when the server lacks it.
 */

export interface EightBitScan {
  /** Byte offset where the body starts (after the blank line), or the length if none. */
  bodyStart: number;
  eightBitHeaders: boolean;
  eightBitBody: boolean;
}

export function has8bit(bytes: Uint8Array, from = 0, to = bytes.length): boolean {
  for (let i = from; i < to; i++) if ((bytes[i] as number) > 0x7f) return true;
  return false;
}

/** Finds the header/body boundary: the first empty line (CRLF CRLF or LF LF). */
export function findBodyStart(bytes: Uint8Array): number {
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    const line = i - lineStart;
    if (line === 0 || (line === 1 && bytes[lineStart] === 0x0d)) return i + 1;
    lineStart = i + 1;
  }
  return bytes.length;
}

export function scan8bit(bytes: Uint8Array): EightBitScan {
  const bodyStart = findBodyStart(bytes);
  return {
    bodyStart,
    eightBitHeaders: has8bit(bytes, 0, bodyStart),
    eightBitBody: has8bit(bytes, bodyStart),
  };
}

export interface BodyPlan {
  /** The bytes to send (the input, or its 7-bit re-encoding). */
  message: Uint8Array;
  /** MAIL FROM parameters: BODY=8BITMIME and/or SMTPUTF8. */
  mailParams: string[];
  reencoded: boolean;
}

export interface ServerSupport {
  eightBitMime: boolean;
  smtpUtf8: boolean;
}

/** Decides how a message goes to this server; `utf8Addresses` when an envelope address is non-ASCII. */
export function planBody(message: Uint8Array, server: ServerSupport, utf8Addresses: boolean): BodyPlan {
  const s = scan8bit(message);
  const needsUtf8 = utf8Addresses || s.eightBitHeaders;
  if (needsUtf8 && !server.smtpUtf8) {
    throw new MailwrightError(
      'bad-input',
      utf8Addresses
        ? 'An address contains non-ASCII characters and the server does not support SMTPUTF8; use an ASCII address.'
        : 'The message has non-ASCII header text and the server does not support SMTPUTF8; encode the headers (RFC 2047) and try again.',
      { code: 'SMTPUTF8_NOT_OFFERED' },
    );
  }
  const mailParams: string[] = [];
  if (!s.eightBitBody && !needsUtf8) return { message, mailParams, reencoded: false };
  // An SMTPUTF8 server also takes 8-bit bodies (RFC 6531 §3.1 requires 8BITMIME).
  if (server.eightBitMime || server.smtpUtf8) {
    if (s.eightBitBody || needsUtf8) mailParams.push('BODY=8BITMIME');
    if (needsUtf8) mailParams.push('SMTPUTF8');
    return { message, mailParams, reencoded: false };
  }
  return { message: reencode7bit(Buffer.from(message)), mailParams, reencoded: true };
}

// ---- re-encoding a MIME entity to 7 bit ----

interface Header {
  name: string;
  /** The whole raw header field, folded lines included, without the final line end. */
  raw: string;
  value: string;
}

function splitEntity(entity: Buffer): { headers: Header[]; body: Buffer; eol: string } {
  const bodyStart = findBodyStart(entity);
  const headText = entity.subarray(0, bodyStart).toString('latin1');
  const eol = headText.includes('\r\n') ? '\r\n' : '\n';
  const headers: Header[] = [];
  for (const line of headText.split(/\r?\n/)) {
    if (line === '') continue;
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.raw += `${eol}${line}`;
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    headers.push({
      name: (colon === -1 ? line : line.slice(0, colon)).trim().toLowerCase(),
      raw: line,
      value: colon === -1 ? '' : line.slice(colon + 1).trim(),
    });
  }
  return { headers, body: entity.subarray(bodyStart), eol };
}

function param(value: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m === null ? undefined : (m[1] ?? m[2]);
}

/** Quoted-printable, line by line, so line ends stay line ends and trailing spaces are kept. */
function qpText(body: Buffer, eol: string): string {
  const lines = body.toString('latin1').split(/\r?\n/);
  const encoded = lines.map((line) =>
    qpWrap(qpEncode(Buffer.from(line, 'latin1')), 76).replace(/\r\n/g, eol),
  );
  return encoded.join(eol);
}

function base64Lines(body: Buffer, eol: string): string {
  const text = body.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join(eol) + eol;
}

/** Re-encodes every 8-bit leaf of a MIME entity; 7-bit parts are left byte for byte. */
export function reencode7bit(entity: Buffer): Buffer {
  const { headers, body, eol } = splitEntity(entity);
  const type = headers.find((h) => h.name === 'content-type')?.value ?? 'text/plain';
  const boundary = /^multipart\//i.test(type) ? param(type, 'boundary') : undefined;
  if (boundary !== undefined) {
    return Buffer.concat([
      entity.subarray(0, entity.length - body.length),
      reencodeMultipart(body, boundary),
    ]);
  }
  if (!has8bit(body)) return entity;
  const isText = /^text\//i.test(type) || type === '';
  const encoded = isText ? qpText(body, eol) : base64Lines(body, eol);
  const kept = headers.filter((h) => h.name !== 'content-transfer-encoding').map((h) => h.raw);
  kept.push(`Content-Transfer-Encoding: ${isText ? 'quoted-printable' : 'base64'}`);
  return Buffer.from(`${kept.join(eol)}${eol}${eol}${encoded}`, 'latin1');
}

function reencodeMultipart(body: Buffer, boundary: string): Buffer {
  const text = body.toString('latin1');
  // Parts are separated by lines "--boundary"; the last is "--boundary--" (RFC 2046 §5.1.1).
  const delimiter = new RegExp(
    `(^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?=\\r?\\n|$)`,
    'g',
  );
  const out: Buffer[] = [];
  let last = 0;
  let inPart = false;
  for (const m of text.matchAll(delimiter)) {
    const chunk = text.slice(last, m.index);
    if (inPart) {
      // The line end after the previous delimiter belongs to that delimiter line.
      const lead = /^\r?\n/.exec(chunk)?.[0] ?? '';
      out.push(Buffer.from(lead, 'latin1'), reencode7bit(Buffer.from(chunk.slice(lead.length), 'latin1')));
    } else {
      out.push(Buffer.from(chunk, 'latin1')); // the preamble
    }
    out.push(Buffer.from(m[0], 'latin1'));
    last = m.index + m[0].length;
    inPart = m[2] === undefined;
    if (!inPart) break;
  }
  // The text after the closing delimiter (epilogue), or all of it when no delimiter matched.
  out.push(Buffer.from(text.slice(last), 'latin1'));
  return Buffer.concat(out);
}
