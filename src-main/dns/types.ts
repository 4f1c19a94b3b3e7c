/**
 * What a DNS message *is* (RFC 1035 §4, RFC 3596, RFC 2782, RFC 6891, RFC 3597).
 * How it is written and read lives in the codec (name.ts, rdata.ts, message.ts).
 *
 * Names are in presentation form without the trailing dot: '' is the root,
 * 'mx1.example.test' is a host. Case is kept as it came. A label byte that is
 * not a printable ASCII character (0x21-0x7E), or is '.' or '\', is written as
 * \DDD (three decimal digits), so every wire name has exactly one text form
 * and no label can smuggle in a dot. The encoder also accepts \X for a literal X.
 */
import { MailwrightError } from '../model/errors';

export const RRType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
} as const;
export type RRTypeName = keyof typeof RRType;

export const RRClass = { IN: 1 } as const;

export const Rcode = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

export interface Question {
  name: string;
  type: number;
  class: number;
}

export type RData =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'NS'; host: string }
  | { type: 'CNAME'; target: string }
  | { type: 'PTR'; host: string }
  | { type: 'MX'; preference: number; exchange: string }
  | { type: 'TXT'; strings: Uint8Array[] }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | {
      type: 'SOA';
      mname: string;
      rname: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    }
  | { type: 'OPT'; options: { code: number; data: Uint8Array }[] }
  | { type: 'UNKNOWN'; data: Uint8Array };

/**
 * One record. `type` is the numeric RR type and always agrees with `data.type`
 * (an RRType value, or any other number when `data.type` is 'UNKNOWN').
 * For OPT (EDNS), `class` is the requestor's UDP payload size and `ttl` carries
 * extended-rcode (bits 24-31), version (bits 16-23) and the DO bit (bit 15).
 * `ttl` is the unsigned 32-bit value as sent; RFC 2181 §8 says a value with the top
 * bit set means 0, which is for the cache to apply, not the codec.
 */
export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RData;
}

export interface DnsHeader {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The three bits after RA: Z (4), AD (2), CD (1), as on the wire. */
  z: number;
  /** The low 4 bits of the rcode; EDNS keeps the high 8 bits in the OPT ttl. */
  rcode: number;
}

export interface DnsMessage {
  header: DnsHeader;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

/** The bit of DnsHeader.z that is AD (RFC 4035 §3.2.3), and the one that is CD. */
export const Z_AD = 0b010;
export const Z_CD = 0b001;

/**
 * A malformed message from the wire. Thrown by the decoder and only by it,
 * with what is wrong and the byte offset where it was found.
 */
export class DnsFormatError extends MailwrightError {
  readonly offset: number;

  constructor(what: string, offset: number) {
    super(
      'protocol',
      `The DNS server sent a malformed message (${what} at byte ${offset}); try another server.`,
      { code: 'FORMERR' },
    );
    this.name = 'DnsFormatError';
    this.offset = offset;
  }
}

const typeNames = new Map<number, RRTypeName>(
  (Object.entries(RRType) as [RRTypeName, number][]).map(([name, value]) => [value, name]),
);

/** 'MX' for 15; 'TYPE65' for types we do not model (RFC 3597 §5). */
export function typeToText(type: number): string {
  return typeNames.get(type) ?? `TYPE${type}`;
}

/** The numeric type for 'mx', 'MX' or 'TYPE65'; undefined if it is neither. */
export function typeFromText(text: string): number | undefined {
  const upper = text.toUpperCase();
  if (Object.hasOwn(RRType, upper)) return RRType[upper as RRTypeName];
  const m = /^TYPE(\d{1,5})$/.exec(upper);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return n <= 0xffff ? n : undefined;
}

/** 'NXDOMAIN' for 3; 'RCODE17' for codes without a name here. */
export function rcodeToText(rcode: number): string {
  for (const [name, value] of Object.entries(Rcode)) if (value === rcode) return name;
  return `RCODE${rcode}`;
}
