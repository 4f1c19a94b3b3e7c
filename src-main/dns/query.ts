/**
 * Queries: one question, optionally an OPT record (RFC 6891 §6.1.2). Every lookup encodes
 * one, so this writes the bytes directly instead of going through encodeMessage's general
 * Writer (its suffix map and per-label arrays cost more than the rest of a query's own
 * work). The bytes are exactly those encodeMessage writes for the same message: a lone
 * question has nothing to compress against, and the OPT owner is the root (one 0 byte).
 * The name is checked as parseName checks it; any name the plain scan is unsure of
 * (escapes, bad labels, non-ASCII) goes through parseName, which also throws its errors.
 */
import { MailwrightError } from '../model/errors';
import { MAX_LABEL_OCTETS, MAX_NAME_OCTETS, parseName } from './name';
import { RRClass, RRType } from './types';

export interface QueryOptions {
  id: number;
  name: string;
  type: number;
  rd: boolean;
  edns?: { udpPayloadSize: number };
}

const HEADER = 12;
const QUESTION_TAIL = 4;
/** Root owner (1) + type (2) + class (2) + ttl (4) + rdlength (2). */
const OPT_OCTETS = 11;

export function buildQuery(opts: QueryOptions): Uint8Array {
  checkU16(opts.id, 'message id');
  checkU16(opts.type, 'question type');
  const edns = opts.edns;
  if (edns !== undefined) checkU16(edns.udpPayloadSize, 'record class');
  const name = opts.name;
  const wireName = plainNameOctets(name);
  const labels = wireName < 0 ? parseName(name) : undefined;
  const nameOctets = labels === undefined ? wireName : labels.reduce((n, l) => n + 1 + l.length, 1);
  const out = new Uint8Array(HEADER + nameOctets + QUESTION_TAIL + (edns === undefined ? 0 : OPT_OCTETS));
  out[0] = opts.id >>> 8;
  out[1] = opts.id & 0xff;
  out[2] = opts.rd ? 0x01 : 0;
  out[5] = 1; // one question
  if (edns !== undefined) out[11] = 1; // one additional record: the OPT
  let pos = HEADER;
  if (labels === undefined) pos = writePlainName(out, pos, name);
  else {
    for (const label of labels) {
      out[pos++] = label.length;
      out.set(label, pos);
      pos += label.length;
    }
    out[pos++] = 0;
  }
  out[pos++] = opts.type >>> 8;
  out[pos++] = opts.type & 0xff;
  out[pos++] = 0;
  out[pos++] = RRClass.IN;
  if (edns !== undefined) {
    pos++; // root owner
    out[pos++] = 0;
    out[pos++] = RRType.OPT;
    out[pos++] = edns.udpPayloadSize >>> 8;
    out[pos++] = edns.udpPayloadSize & 0xff;
    // TTL (extended rcode, version, flags) and rdlength stay 0.
  }
  return out;
}

/** A copy of `query` with another ID (the TCP retry of a truncated UDP answer). */
export function withId(query: Uint8Array, id: number): Uint8Array {
  checkU16(id, 'message id');
  const out = query.slice();
  out[0] = id >>> 8;
  out[1] = id & 0xff;
  return out;
}

/**
 * The wire length of a name made only of printable ASCII other than '\', with labels of
 * 1-63 octets and at most 255 octets in all; -1 for any other name (parseName decides).
 */
function plainNameOctets(name: string): number {
  const n = name.length;
  if (n === 0 || name === '.') return 1;
  let label = 0;
  let octets = 1;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      if (label === 0) return -1;
      octets += label + 1;
      label = 0;
    } else if (c > 0x7f || c === 0x5c) return -1;
    else if (++label > MAX_LABEL_OCTETS) return -1;
  }
  octets += label === 0 ? 0 : label + 1; // a trailing dot leaves an empty last label
  return octets > MAX_NAME_OCTETS ? -1 : octets;
}

/** Writes a name plainNameOctets accepted; returns the position after its root byte. */
function writePlainName(out: Uint8Array, start: number, name: string): number {
  let lengthAt = start;
  let pos = start + 1;
  const n = name === '.' ? 0 : name.length;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c === 0x2e) {
      out[lengthAt] = pos - lengthAt - 1;
      lengthAt = pos++;
    } else out[pos++] = c;
  }
  const last = pos - lengthAt - 1;
  if (last > 0) {
    out[lengthAt] = last;
    out[pos++] = 0;
  } else out[lengthAt] = 0; // the root byte, in place of an empty last label
  return pos;
}

function checkU16(v: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
    throw new MailwrightError('bad-input', `The DNS ${what} ${v} is not a whole number from 0 to 65535.`);
  }
}
