/**
 * Whole messages (RFC 1035 §4.1): header, question and the three record sections.
 *
 * decodeMessage is a pure function of bytes that throws only DnsFormatError: every
 * count is checked against the bytes left before anything is allocated for it, and any
 * unexpected exception (a bug of ours) is still reported as a DnsFormatError rather
 * than escaping as a RangeError or TypeError. Bytes after the last record are ignored,
 * as miekg/dns and dns-packet do.
 */
import { MailwrightError } from '../model/errors';
import { NameReader } from './name';
import { decodeRData, encodeRData, u32 } from './rdata';
import { DnsFormatError, RRType } from './types';
import type { DnsHeader, DnsMessage, Question, ResourceRecord } from './types';
import { Writer } from './writer';

export const HEADER_OCTETS = 12;
/** The smallest question: the root name (1) + type (2) + class (2). */
const MIN_QUESTION_OCTETS = 5;
/** The smallest record: root name (1) + type, class (4) + ttl (4) + rdlength (2). */
const MIN_RECORD_OCTETS = 11;

/**
 * Only the header, for a transport that must check ID, QR and TC even when the rest
 * of the message is malformed.
 */
export function decodeHeader(bytes: Uint8Array): DnsHeader {
  if (bytes.length < HEADER_OCTETS) {
    throw new DnsFormatError(`the message is ${bytes.length} bytes, shorter than a 12-byte header`, 0);
  }
  const flags = (bytes[2]! << 8) | bytes[3]!;
  return {
    id: (bytes[0]! << 8) | bytes[1]!,
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >>> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    z: (flags >>> 4) & 0x7,
    rcode: flags & 0xf,
  };
}

export function decodeMessage(bytes: Uint8Array): DnsMessage {
  try {
    return decodeUnchecked(bytes);
  } catch (error) {
    if (error instanceof DnsFormatError) throw error;
    // Not reachable if the checks above are complete; if one is missing, the caller
    // still gets the one error type it was promised, with the bug as the cause.
    const wrapped = new DnsFormatError('an unexpected decoding failure', 0);
    (wrapped as { cause?: unknown }).cause = error;
    throw wrapped;
  }
}

function decodeUnchecked(bytes: Uint8Array): DnsMessage {
  const header = decodeHeader(bytes);
  const qd = (bytes[4]! << 8) | bytes[5]!;
  const an = (bytes[6]! << 8) | bytes[7]!;
  const ns = (bytes[8]! << 8) | bytes[9]!;
  const ar = (bytes[10]! << 8) | bytes[11]!;
  const end = bytes.length;
  if (qd * MIN_QUESTION_OCTETS + (an + ns + ar) * MIN_RECORD_OCTETS > end - HEADER_OCTETS) {
    throw new DnsFormatError(
      `the header counts ${qd} questions and ${an + ns + ar} records, more than ${end} bytes can hold`,
      4,
    );
  }
  // A lone question (a query) has no later names that could point back at it.
  const names = new NameReader(bytes, qd + an + ns + ar > 1);
  let pos = HEADER_OCTETS;

  const questions: Question[] = [];
  for (let i = 0; i < qd; i++) {
    const name = names.read(pos, end);
    pos = names.pos;
    if (end - pos < 4) throw new DnsFormatError('a question is cut short', pos);
    questions.push({
      name,
      type: (bytes[pos]! << 8) | bytes[pos + 1]!,
      class: (bytes[pos + 2]! << 8) | bytes[pos + 3]!,
    });
    pos += 4;
  }

  const answers: ResourceRecord[] = [];
  const authorities: ResourceRecord[] = [];
  const additionals: ResourceRecord[] = [];
  pos = readRecords(bytes, names, pos, an, answers);
  pos = readRecords(bytes, names, pos, ns, authorities);
  readRecords(bytes, names, pos, ar, additionals);
  return { header, questions, answers, authorities, additionals };
}

/** Reads `count` records from `pos` into `out`; returns where they end. */
function readRecords(
  bytes: Uint8Array,
  names: NameReader,
  from: number,
  count: number,
  out: ResourceRecord[],
): number {
  const end = bytes.length;
  let pos = from;
  for (let i = 0; i < count; i++) {
    const name = names.read(pos, end);
    pos = names.pos;
    if (end - pos < 10) throw new DnsFormatError('a record header is cut short', pos);
    const type = (bytes[pos]! << 8) | bytes[pos + 1]!;
    const cls = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    const ttl = u32(bytes, pos + 4);
    const rdlength = (bytes[pos + 8]! << 8) | bytes[pos + 9]!;
    const rdStart = pos + 10;
    const rdEnd = rdStart + rdlength;
    if (rdEnd > end) throw new DnsFormatError(`a record's rdlength ${rdlength} runs past the end`, pos + 8);
    out.push({ name, type, class: cls, ttl, data: decodeRData(bytes, names, type, rdStart, rdEnd) });
    pos = rdEnd;
  }
  return pos;
}

export function encodeMessage(msg: DnsMessage): Uint8Array {
  const w = new Writer();
  const h = msg.header;
  w.u16(h.id, 'message id');
  checkField(h.opcode, 0xf, 'opcode');
  checkField(h.z, 0x7, 'z bits');
  checkField(h.rcode, 0xf, 'rcode');
  w.u16(
    (h.qr ? 0x8000 : 0) |
      (h.opcode << 11) |
      (h.aa ? 0x0400 : 0) |
      (h.tc ? 0x0200 : 0) |
      (h.rd ? 0x0100 : 0) |
      (h.ra ? 0x0080 : 0) |
      (h.z << 4) |
      h.rcode,
    'flags',
  );
  w.u16(msg.questions.length, 'question count');
  w.u16(msg.answers.length, 'answer count');
  w.u16(msg.authorities.length, 'authority count');
  w.u16(msg.additionals.length, 'additional count');
  for (const q of msg.questions) {
    w.name(q.name, true);
    w.u16(q.type, 'question type');
    w.u16(q.class, 'question class');
  }
  for (const section of [msg.answers, msg.authorities, msg.additionals]) {
    for (const rr of section) {
      w.name(rr.name, true);
      w.u16(rr.type, 'record type');
      w.u16(rr.class, 'record class');
      w.u32(rr.ttl, 'record ttl');
      const lengthAt = w.pos;
      w.u16(0, 'rdlength');
      encodeRData(w, rr.type, rr.data);
      w.patchU16(lengthAt, w.pos - lengthAt - 2, 'rdlength');
    }
  }
  return w.result();
}

function checkField(v: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new MailwrightError(
      'bad-input',
      `The DNS header ${what} ${v} is not a whole number from 0 to ${max}.`,
    );
  }
}

/** Queries are written directly, without the general Writer: see query.ts. */
export { buildQuery, withId } from './query';

/** What the OPT record of a message says (RFC 6891 §6.1.3), or undefined without one. */
export interface EdnsInfo {
  udpPayloadSize: number;
  version: number;
  dnssecOk: boolean;
  /** The full 12-bit rcode: the OPT's upper 8 bits joined to the header's 4. */
  rcode: number;
  options: { code: number; data: Uint8Array }[];
}

export function ednsInfo(msg: DnsMessage): EdnsInfo | undefined {
  const opt = msg.additionals.find((rr) => rr.type === RRType.OPT);
  if (opt === undefined || opt.data.type !== 'OPT') return undefined;
  return {
    udpPayloadSize: opt.class,
    version: (opt.ttl >>> 16) & 0xff,
    dnssecOk: (opt.ttl & 0x8000) !== 0,
    rcode: ((opt.ttl >>> 24) << 4) | msg.header.rcode,
    options: opt.data.options,
  };
}
