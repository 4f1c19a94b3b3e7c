/**
 * The command serializer (imap-codec's half of the split): typed arguments → wire bytes.
 * It picks atom, quoted string or literal for each string, uses non-synchronising
 * literals when LITERAL+ (or LITERAL- for ≤ 4096 bytes) is offered, and refuses CR, LF
 * and NUL anywhere they would break the line, so injected text cannot reach the wire.
 */
import { MailwrightError } from '../model/errors';
import { encodeMutf7, isWellFormedUtf16 } from './mutf7';

export type Arg =
  /** Syntax we write ourselves (command names, flags, `BODY.PEEK[]`, `(UID FLAGS)`); checked, never quoted. */
  | { kind: 'raw'; text: string }
  /** A string the server reads as astring: sent as atom, quoted string or literal as needed. */
  | { kind: 'astring'; value: string | Buffer }
  /** A string that must not be an atom (e.g. a SEARCH argument, an APPEND date). */
  | { kind: 'string'; value: string | Buffer }
  /** A mailbox name: modified UTF-7 or, with UTF8=ACCEPT, UTF-8; then as an astring. */
  | { kind: 'mailbox'; name: string }
  /** Always a literal (an APPEND message). */
  | { kind: 'literal'; value: Buffer }
  | { kind: 'list'; items: Arg[] };

export const raw = (text: string): Arg => ({ kind: 'raw', text });
export const astring = (value: string | Buffer): Arg => ({ kind: 'astring', value });
export const qstring = (value: string | Buffer): Arg => ({ kind: 'string', value });
export const mailbox = (name: string): Arg => ({ kind: 'mailbox', name });
export const literal = (value: Buffer): Arg => ({ kind: 'literal', value });
export const list = (...items: Arg[]): Arg => ({ kind: 'list', items });

export interface SerializeOptions {
  literalPlus?: boolean;
  literalMinus?: boolean;
  /** UTF8=ACCEPT is enabled: UTF-8 may go in quoted strings and mailbox names. */
  utf8?: boolean;
}

/**
 * The command as wire parts: after each part but the last, the client must wait for
 * the server's `+` continuation before sending the next (a synchronising literal).
 */
export interface SerializedCommand {
  parts: Buffer[];
}

const LITERAL_MINUS_MAX = 4096;
/** Longer strings go as literals even when they could be quoted; servers cap line lengths. */
const QUOTED_MAX = 1024;

function badInput(message: string): MailwrightError {
  return new MailwrightError('bad-input', message, { code: 'IMAP_BAD_ARGUMENT' });
}

function isAtomChar(b: number): boolean {
  return (
    b > 0x20 &&
    b < 0x7f &&
    b !== 0x28 &&
    b !== 0x29 &&
    b !== 0x7b &&
    b !== 0x25 &&
    b !== 0x2a &&
    b !== 0x22 &&
    b !== 0x5c &&
    b !== 0x5d
  );
}

/** Tags: atom chars except `+`. */
export function checkTag(tag: string): string {
  if (tag.length === 0 || [...Buffer.from(tag, 'latin1')].some((b) => !isAtomChar(b) || b === 0x2b)) {
    throw badInput(`"${tag}" cannot be an IMAP tag.`);
  }
  return tag;
}

class Writer {
  parts: Buffer[] = [];
  private current: Buffer[] = [];

  constructor(private readonly options: SerializeOptions) {}

  text(s: string): void {
    this.current.push(Buffer.from(s, 'latin1'));
  }

  bytes(b: Buffer): void {
    this.current.push(b);
  }

  literal(data: Buffer): void {
    if (data.includes(0)) {
      throw badInput(
        'The text contains a NUL byte, which IMAP cannot carry in a literal; remove it and try again.',
      );
    }
    const nonSync =
      this.options.literalPlus === true ||
      (this.options.literalMinus === true && data.length <= LITERAL_MINUS_MAX);
    this.text(`{${data.length}${nonSync ? '+' : ''}}\r\n`);
    if (!nonSync) {
      this.parts.push(Buffer.concat(this.current));
      this.current = [];
    }
    this.bytes(data);
  }

  finish(): SerializedCommand {
    this.text('\r\n');
    this.parts.push(Buffer.concat(this.current));
    return { parts: this.parts };
  }
}

function toBytes(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** How a string would be sent: as an atom, quoted or a literal. */
export function stringForm(data: Buffer, allowAtom: boolean, utf8: boolean): 'atom' | 'quoted' | 'literal' {
  if (
    allowAtom &&
    data.length > 0 &&
    data.every(isAtomChar) &&
    data.toString('latin1').toUpperCase() !== 'NIL'
  ) {
    return 'atom';
  }
  if (data.length > QUOTED_MAX) return 'literal';
  for (const b of data) {
    if (b === 0x00 || b === 0x0d || b === 0x0a) return 'literal';
    if (b >= 0x80 && !utf8) return 'literal';
  }
  if (utf8 && !isValidUtf8(data)) return 'literal';
  return 'quoted';
}

function isValidUtf8(data: Buffer): boolean {
  return Buffer.from(data.toString('utf8'), 'utf8').equals(data);
}

function writeString(w: Writer, value: string | Buffer, allowAtom: boolean, options: SerializeOptions): void {
  const data = toBytes(value);
  const form = stringForm(data, allowAtom, options.utf8 === true);
  if (form === 'atom') w.bytes(data);
  else if (form === 'quoted') {
    w.text('"');
    w.bytes(Buffer.from(data.toString('latin1').replace(/[\\"]/g, '\\$&'), 'latin1'));
    w.text('"');
  } else w.literal(data);
}

/** Encodes a mailbox name for the wire (exported for tests and for callers that compare names). */
export function encodeMailboxName(name: string, utf8: boolean): string {
  if (name.toUpperCase() === 'INBOX') return 'INBOX';
  if (!isWellFormedUtf16(name))
    throw badInput('The folder name holds a broken Unicode character; rename it and try again.');
  if (/[\r\n\0]/.test(name))
    throw badInput('A folder name cannot contain line breaks or NUL; choose another name.');
  return utf8 ? name : encodeMutf7(name);
}

function writeArg(w: Writer, arg: Arg, options: SerializeOptions): void {
  switch (arg.kind) {
    case 'raw':
      if (/[\r\n\0]/.test(arg.text))
        throw badInput('A command argument contains a line break or NUL and was not sent.');
      w.text(arg.text);
      return;
    case 'astring':
      writeString(w, arg.value, true, options);
      return;
    case 'string':
      writeString(w, arg.value, false, options);
      return;
    case 'mailbox': {
      const wire = encodeMailboxName(arg.name, options.utf8 === true);
      // With UTF8=ACCEPT a name is UTF-8; in modified UTF-7 it is 7-bit ASCII.
      writeString(w, Buffer.from(wire, 'utf8'), true, options);
      return;
    }
    case 'literal':
      w.literal(arg.value);
      return;
    case 'list':
      w.text('(');
      arg.items.forEach((item, i) => {
        if (i > 0) w.text(' ');
        writeArg(w, item, options);
      });
      w.text(')');
      return;
  }
}

/** `tag SP name *(SP arg) CRLF`, cut where synchronising literals need a continuation. */
export function serializeCommand(
  tag: string,
  name: string,
  args: readonly Arg[],
  options: SerializeOptions = {},
): SerializedCommand {
  const w = new Writer(options);
  w.text(`${checkTag(tag)} `);
  writeArg(w, raw(name), options);
  for (const arg of args) {
    w.text(' ');
    writeArg(w, arg, options);
  }
  return w.finish();
}

export { expandSequenceSet, sequenceSet } from './sequence-set';
