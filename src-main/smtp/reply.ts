import { MailwrightError } from '../model/errors';

/**
 * One complete SMTP reply (RFC 5321 §4.2): one or more lines with the same
 * three-digit code, every line but the last written `250-...`, the last `250 ...`.
 */
export interface SmtpReply {
  code: number;
  /** RFC 3463 enhanced status code from the first line (`5.1.1`), when the server sent one. */
  enhanced: string | undefined;
  /** The text of each line after `NNN-`/`NNN `, exactly as sent (EHLO keywords live here). */
  lines: string[];
  /** The lines joined with a space, enhanced codes removed: what a person reads. */
  text: string;
}

/** A reply longer than this is hostile or broken; RFC 5321 §4.5.3.1.5 asks for 512. */
export const MAX_REPLY_LINE_BYTES = 4096;
/** A reply of more lines than this is hostile (EHLO replies have a dozen or two). */
export const MAX_REPLY_LINES = 512;

// class.subject.detail: class 2/4/5, subject and detail 1-3 digits (RFC 3463 §2).
const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?: |$)/;

function protocolError(what: string, line: string): MailwrightError {
  return new MailwrightError(
    'protocol',
    `The SMTP server sent a malformed reply (${what}); try again later or report the server's behaviour.`,
    { serverText: line.slice(0, 200) },
  );
}

/** Splits the enhanced status code off a line's text when its class matches the reply code. */
export function splitEnhanced(code: number, text: string): { enhanced: string | undefined; rest: string } {
  const m = ENHANCED.exec(text);
  if (m === null || Number(m[1]) !== Math.floor(code / 100)) return { enhanced: undefined, rest: text };
  return { enhanced: `${m[1]}.${m[2]}.${m[3]}`, rest: text.slice(m[0].length) };
}

/**
 * Assembles reply lines into replies. Lines come without their CRLF. This is the
 * only place where the "last line has a space" rule is applied, so a reply is never
 * mistaken for complete because a network chunk happened to end after a line.
 */
export class ReplyAssembler {
  #code: number | undefined;
  #lines: string[] = [];

  /** True while a multi-line reply has started but not finished. */
  get pending(): boolean {
    return this.#code !== undefined;
  }

  /** Feeds one line; returns the reply when this line completed one. Throws `protocol`. */
  pushLine(line: string): SmtpReply | undefined {
    if (line.length > MAX_REPLY_LINE_BYTES) throw protocolError('line too long', line);
    if (!/^[2-5][0-9][0-9]/.test(line)) throw protocolError('no reply code', line);
    const sep = line.length > 3 ? line[3] : ' ';
    if (sep !== ' ' && sep !== '-') throw protocolError('bad separator after the reply code', line);
    const code = Number(line.slice(0, 3));
    if (this.#code !== undefined && this.#code !== code) {
      throw protocolError('the reply code changed within a multi-line reply', line);
    }
    this.#code = code;
    this.#lines.push(line.slice(4));
    if (this.#lines.length > MAX_REPLY_LINES) throw protocolError('too many lines', line);
    if (sep === '-') return undefined;
    const lines = this.#lines;
    this.#code = undefined;
    this.#lines = [];
    return buildReply(code, lines);
  }
}

export function buildReply(code: number, lines: string[]): SmtpReply {
  const first = splitEnhanced(code, lines[0] ?? '');
  const text = lines
    .map((l) => splitEnhanced(code, l).rest)
    .join(' ')
    .trim();
  return { code, enhanced: first.enhanced, lines, text };
}

const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder('utf-8');

/**
 * Byte-level framing: cuts any sequence of chunks into lines, then replies. The
 * result does not depend on where chunks are split (property-tested). A bare LF is
 * accepted as a line end (some servers send one); a trailing CR is dropped.
 */
export class ReplyDecoder {
  #partial: Uint8Array[] = [];
  #partialLength = 0;
  readonly #assembler = new ReplyAssembler();

  push(chunk: Uint8Array): SmtpReply[] {
    const replies: SmtpReply[] = [];
    let start = 0;
    for (;;) {
      const lf = chunk.indexOf(LF, start);
      if (lf === -1) break;
      const line = this.#takeLine(chunk.subarray(start, lf));
      const reply = this.#assembler.pushLine(line);
      if (reply !== undefined) replies.push(reply);
      start = lf + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#partialLength += rest.length;
      if (this.#partialLength > MAX_REPLY_LINE_BYTES + 2) {
        throw protocolError('line too long', utf8.decode(rest.subarray(0, 200)));
      }
      this.#partial.push(rest);
    }
    return replies;
  }

  /** True when bytes of an unfinished line or reply are held (used at end of stream). */
  get pending(): boolean {
    return this.#partialLength > 0 || this.#assembler.pending;
  }

  #takeLine(tail: Uint8Array): string {
    let bytes = tail;
    if (this.#partialLength > 0) {
      bytes = Buffer.concat([...this.#partial, tail]);
      this.#partial = [];
      this.#partialLength = 0;
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    return decodeLine(bytes);
  }
}

/** Reply text is UTF-8 under SMTPUTF8 and ASCII otherwise; undecodable bytes become U+FFFD. */
export function decodeLine(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === LF || bytes[end - 1] === CR)) end--;
  return utf8.decode(bytes.subarray(0, end));
}

/** 2xx: the command did what was asked. */
export const isPositive = (r: SmtpReply): boolean => r.code >= 200 && r.code < 300;
/** 4xx: try again later. */
export const isTransient = (r: SmtpReply): boolean => r.code >= 400 && r.code < 500;
