/** Records as text for people and for `--json`: the RDATA in zone-file presentation form. */
import type { RData, ResourceRecord } from './types';
import { typeToText } from './types';

export function displayName(name: string): string {
  return name === '' ? '.' : name;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** A TXT string in quotes, with quotes, backslashes and non-printable bytes escaped (RFC 1035 §5.1). */
function quoted(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${String(b).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

export function rdataToText(d: RData): string {
  switch (d.type) {
    case 'A':
    case 'AAAA':
      return d.address;
    case 'NS':
    case 'PTR':
      return displayName(d.host);
    case 'CNAME':
      return displayName(d.target);
    case 'MX':
      return `${d.preference} ${displayName(d.exchange)}`;
    case 'TXT':
      return d.strings.map(quoted).join(' ');
    case 'SRV':
      return `${d.priority} ${d.weight} ${d.port} ${displayName(d.target)}`;
    case 'SOA':
      return `${displayName(d.mname)} ${displayName(d.rname)} ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    case 'OPT':
      return d.options.map((o) => `${o.code}:${hex(o.data)}`).join(' ');
    case 'UNKNOWN':
      return `\\# ${d.data.length}${d.data.length > 0 ? ` ${hex(d.data)}` : ''}`;
  }
}

export interface RecordJson {
  name: string;
  type: string;
  ttl: number;
  data: string;
}

export function recordToJson(rr: ResourceRecord): RecordJson {
  return { name: displayName(rr.name), type: typeToText(rr.type), ttl: rr.ttl, data: rdataToText(rr.data) };
}

/** 'MX 10 mx1.example.test, MX 20 mx2.example.test' — at most `max` records, then '…'. */
export function summarize(records: readonly ResourceRecord[], max = 3): string {
  const parts = records.slice(0, max).map((rr) => `${typeToText(rr.type)} ${rdataToText(rr.data)}`);
  if (records.length > max) parts.push(`… ${records.length - max} more`);
  return parts.join(', ');
}
