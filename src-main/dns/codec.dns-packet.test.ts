/**
 * Differential test: our decoder and the dns-packet package (a dev dependency, used
 * here only as a peer) read the same bytes, and must agree on every field both model.
 * dns-packet's output is translated into our shape; what it models differently is
 * normalised on the way: its root is '.', ours ''; it names types and classes; its OPT
 * record splits the TTL into fields; it decodes types we keep raw (those are skipped).
 */
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ipv6FromText, ipv6ToText } from './address';
import { decodeMessage, encodeMessage } from './message';
import { messageArb } from './testdata/arbitraries';
import { normalise } from './testdata/normalise';
import { corpus } from './testdata/corpus';
import realPackets from './testdata/real-packets.json';
import type { DnsMessage, RData, ResourceRecord } from './types';

const require = createRequire(import.meta.url);
const dpTypes = require('dns-packet/types.js') as {
  toType(name: string): number;
  toString(type: number): string;
};
const dpClasses = require('dns-packet/classes.js') as { toString(cls: number): string };
const dpOpcodes = require('dns-packet/opcodes.js') as { toOpcode(name: string): number };
const dpRcodes = require('dns-packet/rcodes.js') as { toRcode(name: string): number };

/** The loose shape dns-packet decodes into (its own .d.ts is narrower than what it returns). */
interface DpRecord {
  name: string;
  type: string;
  class?: string;
  ttl?: number;
  data?: unknown;
  udpPayloadSize?: number;
  extendedRcode?: number;
  ednsVersion?: number;
  flags?: number;
  options?: { code: number; data: Buffer }[];
}
interface DpPacket {
  id: number;
  type: 'query' | 'response';
  opcode: string;
  rcode: string;
  flag_aa: boolean;
  flag_tc: boolean;
  flag_rd: boolean;
  flag_ra: boolean;
  flag_z: boolean;
  flag_ad: boolean;
  flag_cd: boolean;
  questions: { name: string; type: string; class: string }[];
  answers: DpRecord[];
  authorities: DpRecord[];
  additionals: DpRecord[];
}

/** A record's data that one side cannot be compared on (dns-packet decodes a type we keep raw). */
const SKIPPED = { type: 'UNKNOWN', data: Uint8Array.of(0xde, 0xad) } as const satisfies RData;

const dpName = (name: string): string => (name === '.' ? '' : name);
const bytes = (b: Uint8Array): Uint8Array => Uint8Array.from(b);
const classNumber = (name: string): number => {
  for (const [n, text] of [
    [1, 'IN'],
    [2, 'CS'],
    [3, 'CH'],
    [4, 'HS'],
    [255, 'ANY'],
  ] as const) {
    if (name === text) return n;
  }
  if (name.startsWith('UNKNOWN_')) return Number(name.slice(8));
  throw new Error(`dns-packet class ${name}`);
};

function fromDp(p: DpPacket): DnsMessage {
  const record = (r: DpRecord): ResourceRecord => {
    const type = dpTypes.toType(r.type);
    if (r.type === 'OPT') {
      return {
        name: dpName(r.name),
        type,
        class: r.udpPayloadSize!,
        ttl: ((r.extendedRcode! << 24) | (r.ednsVersion! << 16) | r.flags!) >>> 0,
        data: { type: 'OPT', options: r.options!.map((o) => ({ code: o.code, data: bytes(o.data) })) },
      };
    }
    return {
      name: dpName(r.name),
      type,
      class: classNumber(r.class!),
      ttl: r.ttl!,
      data: dpData(r.type, r.data),
    };
  };
  return {
    header: {
      id: p.id,
      qr: p.type === 'response',
      opcode: dpOpcodes.toOpcode(p.opcode),
      aa: p.flag_aa,
      tc: p.flag_tc,
      rd: p.flag_rd,
      ra: p.flag_ra,
      z: (p.flag_z ? 4 : 0) | (p.flag_ad ? 2 : 0) | (p.flag_cd ? 1 : 0),
      rcode: dpRcodes.toRcode(p.rcode),
    },
    questions: p.questions.map((q) => ({
      name: dpName(q.name),
      type: dpTypes.toType(q.type),
      class: classNumber(q.class),
    })),
    answers: p.answers.map(record),
    authorities: p.authorities.map(record),
    additionals: p.additionals.map(record),
  };
}

function dpData(type: string, data: unknown): RData {
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'A':
      return { type: 'A', address: data as string };
    case 'AAAA':
      // ip-codec's text form is not RFC 5952's in every case: compare the address.
      return { type: 'AAAA', address: ipv6ToText(ipv6FromText(data as string), 0) };
    case 'NS':
      return { type: 'NS', host: dpName(data as string) };
    case 'CNAME':
      return { type: 'CNAME', target: dpName(data as string) };
    case 'PTR':
      return { type: 'PTR', host: dpName(data as string) };
    case 'MX':
      return { type: 'MX', preference: d.preference as number, exchange: dpName(d.exchange as string) };
    case 'TXT':
      return { type: 'TXT', strings: (data as Buffer[]).map(bytes) };
    case 'SRV':
      return {
        type: 'SRV',
        priority: d.priority as number,
        weight: d.weight as number,
        port: d.port as number,
        target: dpName(d.target as string),
      };
    case 'SOA':
      return {
        type: 'SOA',
        mname: dpName(d.mname as string),
        rname: dpName(d.rname as string),
        serial: d.serial as number,
        refresh: d.refresh as number,
        retry: d.retry as number,
        expire: d.expire as number,
        minimum: d.minimum as number,
      };
    default:
      return type.startsWith('UNKNOWN_') ? { type: 'UNKNOWN', data: bytes(data as Buffer) } : SKIPPED;
  }
}

/** Our decoding with the data of types dns-packet models but we do not marked skipped. */
function comparable(msg: DnsMessage): DnsMessage {
  const record = (r: ResourceRecord): ResourceRecord =>
    r.data.type === 'UNKNOWN' && !dpTypes.toString(r.type).startsWith('UNKNOWN_')
      ? { ...r, data: SKIPPED }
      : r;
  return {
    ...msg,
    answers: msg.answers.map(record),
    authorities: msg.authorities.map(record),
    additionals: msg.additionals.map(record),
  };
}

function bothDecode(wire: Uint8Array): { ours: DnsMessage; theirs: DnsMessage } {
  const theirs = fromDp(dnsPacket.decode(Buffer.from(wire)) as unknown as DpPacket);
  return { ours: comparable(decodeMessage(wire)), theirs };
}

/** Our message in dns-packet's input shape, for its encoder. */
function toDp(msg: DnsMessage): dnsPacket.Packet {
  const h = msg.header;
  const record = (r: ResourceRecord): unknown => {
    const d = r.data;
    if (d.type === 'OPT') {
      return {
        type: 'OPT',
        name: '.',
        udpPayloadSize: r.class,
        extendedRcode: r.ttl >>> 24,
        ednsVersion: (r.ttl >>> 16) & 0xff,
        flags: r.ttl & 0xffff,
        options: d.options.map((o) => ({ code: o.code, data: Buffer.from(o.data) })),
      };
    }
    const base = {
      name: r.name,
      type: dpTypes.toString(r.type),
      class: dpClasses.toString(r.class),
      ttl: r.ttl,
    };
    switch (d.type) {
      case 'A':
      case 'AAAA':
        return { ...base, data: d.address };
      case 'NS':
      case 'PTR':
        return { ...base, data: d.host };
      case 'CNAME':
        return { ...base, data: d.target };
      case 'TXT':
        return { ...base, data: d.strings.map((s) => Buffer.from(s)) };
      case 'UNKNOWN':
        return { ...base, data: Buffer.from(d.data) };
      default: {
        const { type: _type, ...fields } = d;
        return { ...base, data: fields };
      }
    }
  };
  return {
    id: h.id,
    type: h.qr ? 'response' : 'query',
    flags:
      (h.opcode << 11) |
      (h.aa ? 0x400 : 0) |
      (h.tc ? 0x200 : 0) |
      (h.rd ? 0x100 : 0) |
      (h.ra ? 0x80 : 0) |
      (h.z << 4) |
      h.rcode,
    questions: msg.questions.map((q) => ({
      name: q.name,
      type: dpTypes.toString(q.type),
      class: dpClasses.toString(q.class),
    })),
    answers: msg.answers.map(record),
    authorities: msg.authorities.map(record),
    additionals: msg.additionals.map(record),
  } as dnsPacket.Packet;
}

// Classes dns-packet can encode by name, and unknown types it also keeps raw.
const genOptions = {
  hostnames: true,
  opt: true,
  classes: [1, 2, 3, 4, 255],
  rawType: (t: number) => dpTypes.toString(t).startsWith('UNKNOWN_'),
};

/** Generous: a property run is bounded by numRuns; this only catches a hang on a busy machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe('our decoder agrees with dns-packet', () => {
  it.each(corpus.map((p) => [p.what, p.bytes] as const))('hand-made: %s', (_what, wire) => {
    const { ours, theirs } = bothDecode(wire);
    expect(ours).toEqual(theirs);
  });

  it.each(realPackets.packets.map((p) => [p.what, Uint8Array.from(Buffer.from(p.hex, 'hex'))] as const))(
    'from a real server: %s',
    (_what, wire) => {
      const { ours, theirs } = bothDecode(wire);
      expect(ours).toEqual(theirs);
      // A real answer re-encodes to a message that decodes the same. BIND compresses
      // only exact-case suffixes; we match without case (see writer.ts), so after a
      // mixed-case question the names come back in its case: compare them as names.
      const again = decodeMessage(encodeMessage(decodeMessage(wire)));
      expect(normalise(again)).toEqual(normalise(decodeMessage(wire)));
    },
  );

  it('keeps the case of a mixed-case question that BIND echoed', () => {
    const p = realPackets.packets.find((x) => x.what.includes('ExAmPlE.TeSt'));
    expect(p).toBeDefined();
    const m = decodeMessage(Buffer.from(p!.hex, 'hex'));
    expect(m.questions[0]!.name).toBe('ExAmPlE.TeSt');
    expect(m.answers.length).toBeGreaterThan(0);
  });

  it('hand-made corpus exercises every type we model', () => {
    const seen = new Set<string>();
    for (const p of corpus) {
      const m = decodeMessage(p.bytes);
      for (const r of [...m.answers, ...m.authorities, ...m.additionals]) seen.add(r.data.type);
    }
    expect([...seen].sort()).toEqual([
      'A',
      'AAAA',
      'CNAME',
      'MX',
      'NS',
      'OPT',
      'PTR',
      'SOA',
      'SRV',
      'TXT',
      'UNKNOWN',
    ]);
  });

  it(
    'on generated messages encoded by us (with compression)',
    () => {
      fc.assert(
        fc.property(messageArb(genOptions), (msg) => {
          const { ours, theirs } = bothDecode(encodeMessage(msg));
          expect(ours).toEqual(theirs);
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'on generated messages encoded by dns-packet (no compression)',
    () => {
      fc.assert(
        fc.property(messageArb(genOptions), (msg) => {
          const wire = dnsPacket.encode(toDp(msg));
          const { ours, theirs } = bothDecode(wire);
          expect(ours).toEqual(theirs);
          // Without compression, every name also comes back exactly as written.
          expect(decodeMessage(wire)).toEqual(msg);
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
