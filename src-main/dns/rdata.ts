/**
 * Record data of each type we model, read and written. Every rdlength is checked
 * against what its type needs before a byte is used: A is exactly 4, AAAA exactly 16,
 * MX at least 3, SRV at least 7, SOA exactly its two names + 20, and a name inside
 * rdata must end exactly at rdlength. Anything else is kept as raw bytes (RFC 3597).
 *
 * Byte arrays in decoded records (TXT strings, OPT option data, UNKNOWN data) are
 * copies, not views of the packet, so a caller may keep a record and let the socket
 * reuse or free the packet buffer.
 */
import { MailwrightError } from '../model/errors';
import { ipv4FromText, ipv4ToText, ipv6FromText, ipv6ToText } from './address';
import type { NameReader } from './name';
import { DnsFormatError, RRType, typeToText } from './types';
import type { RData } from './types';
import type { Writer } from './writer';

/** Reads the rdata of a record of `type` that occupies buf[start, end). */
export function decodeRData(
  buf: Uint8Array,
  names: NameReader,
  type: number,
  start: number,
  end: number,
): RData {
  const length = end - start;
  switch (type) {
    case RRType.A:
      if (length !== 4) throw wrongLength('A', length, 'exactly 4', start);
      return { type: 'A', address: ipv4ToText(buf, start) };
    case RRType.AAAA:
      if (length !== 16) throw wrongLength('AAAA', length, 'exactly 16', start);
      return { type: 'AAAA', address: ipv6ToText(buf, start) };
    case RRType.NS:
      return { type: 'NS', host: wholeName(names, start, end, 'NS') };
    case RRType.CNAME:
      return { type: 'CNAME', target: wholeName(names, start, end, 'CNAME') };
    case RRType.PTR:
      return { type: 'PTR', host: wholeName(names, start, end, 'PTR') };
    case RRType.MX:
      if (length < 3) throw wrongLength('MX', length, 'at least 3', start);
      return {
        type: 'MX',
        preference: (buf[start]! << 8) | buf[start + 1]!,
        exchange: wholeName(names, start + 2, end, 'MX'),
      };
    case RRType.SRV:
      if (length < 7) throw wrongLength('SRV', length, 'at least 7', start);
      return {
        type: 'SRV',
        priority: (buf[start]! << 8) | buf[start + 1]!,
        weight: (buf[start + 2]! << 8) | buf[start + 3]!,
        port: (buf[start + 4]! << 8) | buf[start + 5]!,
        target: wholeName(names, start + 6, end, 'SRV'),
      };
    case RRType.SOA:
      return decodeSoa(buf, names, start, end);
    case RRType.TXT:
      return { type: 'TXT', strings: decodeTxt(buf, start, end) };
    case RRType.OPT:
      return { type: 'OPT', options: decodeOptions(buf, start, end) };
    default:
      return { type: 'UNKNOWN', data: copy(buf, start, end) };
  }
}

function wholeName(names: NameReader, start: number, end: number, type: string): string {
  const name = names.read(start, end);
  if (names.pos !== end)
    throw new DnsFormatError(`the name in a ${type} record ends before its rdlength`, names.pos);
  return name;
}

function decodeSoa(buf: Uint8Array, names: NameReader, start: number, end: number): RData {
  const mname = names.read(start, end);
  const rname = names.read(names.pos, end);
  const at = names.pos;
  if (end - at !== 20) throw wrongLength('SOA', end - start, 'its two names + 20', start);
  return {
    type: 'SOA',
    mname,
    rname,
    serial: u32(buf, at),
    refresh: u32(buf, at + 4),
    retry: u32(buf, at + 8),
    expire: u32(buf, at + 12),
    minimum: u32(buf, at + 16),
  };
}

function decodeTxt(buf: Uint8Array, start: number, end: number): Uint8Array[] {
  const strings: Uint8Array[] = [];
  let pos = start;
  while (pos < end) {
    const next = pos + 1 + buf[pos]!;
    if (next > end) throw new DnsFormatError('a TXT string runs past its rdlength', pos);
    strings.push(copy(buf, pos + 1, next));
    pos = next;
  }
  return strings;
}

function decodeOptions(buf: Uint8Array, start: number, end: number): { code: number; data: Uint8Array }[] {
  const options: { code: number; data: Uint8Array }[] = [];
  let pos = start;
  while (pos < end) {
    if (end - pos < 4) throw new DnsFormatError('an EDNS option header is cut short', pos);
    const code = (buf[pos]! << 8) | buf[pos + 1]!;
    const next = pos + 4 + ((buf[pos + 2]! << 8) | buf[pos + 3]!);
    if (next > end) throw new DnsFormatError('an EDNS option runs past its rdlength', pos);
    options.push({ code, data: copy(buf, pos + 4, next) });
    pos = next;
  }
  return options;
}

/** A plain Uint8Array copy (Buffer#slice would give a view, and a Buffer). */
function copy(buf: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(buf.subarray(start, end));
  return out;
}

export function u32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) | (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!) >>> 0;
}

function wrongLength(type: string, length: number, need: string, at: number): DnsFormatError {
  return new DnsFormatError(`a ${type} record has rdlength ${length}, not ${need}`, at);
}

/**
 * Writes the rdata of a record whose numeric type is `type` (without the rdlength).
 * Throws `bad-input` when `data` does not fit `type` or holds a value out of range.
 */
export function encodeRData(w: Writer, type: number, data: RData): void {
  if (data.type !== 'UNKNOWN' && RRType[data.type] !== type) {
    throw new MailwrightError(
      'bad-input',
      `A record of type ${typeToText(type)} cannot carry ${data.type} data; make the two agree.`,
    );
  }
  switch (data.type) {
    case 'A':
      w.bytes(ipv4FromText(data.address));
      return;
    case 'AAAA':
      w.bytes(ipv6FromText(data.address));
      return;
    case 'NS':
    case 'PTR':
      w.name(data.host, true);
      return;
    case 'CNAME':
      w.name(data.target, true);
      return;
    case 'MX':
      w.u16(data.preference, 'MX preference');
      w.name(data.exchange, true);
      return;
    case 'SRV':
      w.u16(data.priority, 'SRV priority');
      w.u16(data.weight, 'SRV weight');
      w.u16(data.port, 'SRV port');
      // RFC 2782: "name compression is not to be used for this field".
      w.name(data.target, false);
      return;
    case 'SOA':
      w.name(data.mname, true);
      w.name(data.rname, true);
      w.u32(data.serial, 'SOA serial');
      w.u32(data.refresh, 'SOA refresh');
      w.u32(data.retry, 'SOA retry');
      w.u32(data.expire, 'SOA expire');
      w.u32(data.minimum, 'SOA minimum');
      return;
    case 'TXT':
      for (const s of data.strings) {
        w.u8(checkLength(s.length, 0xff, 'TXT string'));
        w.bytes(s);
      }
      return;
    case 'OPT':
      for (const o of data.options) {
        w.u16(o.code, 'EDNS option code');
        w.u16(checkLength(o.data.length, 0xffff, 'EDNS option'), 'EDNS option length');
        w.bytes(o.data);
      }
      return;
    case 'UNKNOWN':
      w.bytes(data.data);
      return;
  }
}

function checkLength(length: number, max: number, what: string): number {
  if (length > max) {
    throw new MailwrightError(
      'bad-input',
      `A ${what} of ${length} bytes is too long for DNS (at most ${max}).`,
    );
  }
  return length;
}
