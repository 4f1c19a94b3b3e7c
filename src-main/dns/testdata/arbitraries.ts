/**
 * fast-check generators for DNS messages, shared by the property and differential tests.
 * `hostnames` limits names to letters, digits, '-' and '_' (what dns-packet can also
 * represent); otherwise a label may hold any byte, written in \DDD form.
 */
import fc from 'fast-check';
import { ipv4ToText, ipv6ToText } from '../address';
import { RRType } from '../types';
import type { DnsHeader, DnsMessage, Question, RData, ResourceRecord } from '../types';

export interface GenOptions {
  hostnames: boolean;
  /** Record classes to draw from (dns-packet can only encode a few by name). */
  classes?: number[];
  /** Include OPT records in the additional section. */
  opt?: boolean;
  /** Which types we do not model may appear as raw records (default: all). */
  rawType?: (type: number) => boolean;
}

const ldh = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_');

function escapeLabel(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += `\\${String(b).padStart(3, '0')}`;
  return s;
}

function label(opts: GenOptions): fc.Arbitrary<string> {
  const host = fc.array(ldh, { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
  if (opts.hostnames) return host;
  return fc.oneof(
    { weight: 4, arbitrary: host },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 63 }).map(escapeLabel) },
  );
}

/** Wire octets of a name written in our text form (labels of \DDD or plain characters). */
function octets(labels: string[]): number {
  let n = 1;
  for (const l of labels) n += 1 + l.replace(/\\\d{3}/g, 'x').length;
  return n;
}

/**
 * Names drawn from a few shared base names, so that compression has suffixes to find.
 * Case is random, so case-insensitive matching is exercised.
 */
export function nameArb(opts: GenOptions): fc.Arbitrary<string> {
  const base = fc.constantFrom('example.test', 'Example.TEST', 'mx1.example.test', 'other.test', 'test', '');
  return fc
    .tuple(fc.array(label(opts), { maxLength: 4 }), base)
    .map(([prefix, b]) => (b === '' ? prefix : [...prefix, ...b.split('.')]))
    .filter((labels) => octets(labels) <= 255)
    .map((labels) => labels.join('.'));
}

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const knownTypes = new Set<number>(Object.values(RRType));

export function rdataArb(opts: GenOptions): fc.Arbitrary<{ type: number; data: RData }> {
  const name = nameArb(opts);
  const typed = (arb: fc.Arbitrary<RData>) => arb.map((data) => ({ type: typeOf(data), data }));
  return fc.oneof(
    typed(
      fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => ({ type: 'A', address: ipv4ToText(b, 0) })),
    ),
    typed(
      fc
        .array(fc.oneof(fc.constant(0), u16), { minLength: 8, maxLength: 8 })
        .map((groups) => {
          const b = new Uint8Array(16);
          groups.forEach((g, i) => {
            b[2 * i] = g >> 8;
            b[2 * i + 1] = g & 0xff;
          });
          return b;
        })
        .map((b) => ({ type: 'AAAA', address: ipv6ToText(b, 0) })),
    ),
    typed(name.map((host) => ({ type: 'NS', host }))),
    typed(name.map((target) => ({ type: 'CNAME', target }))),
    typed(name.map((host) => ({ type: 'PTR', host }))),
    typed(fc.record({ type: fc.constant('MX'), preference: u16, exchange: name })),
    typed(
      fc.record({
        type: fc.constant('TXT'),
        strings: fc.array(fc.uint8Array({ maxLength: 255 }), {
          minLength: opts.hostnames ? 1 : 0,
          maxLength: 4,
        }),
      }),
    ),
    typed(fc.record({ type: fc.constant('SRV'), priority: u16, weight: u16, port: u16, target: name })),
    typed(
      fc.record({
        type: fc.constant('SOA'),
        mname: name,
        rname: name,
        serial: u32,
        refresh: u32,
        retry: u32,
        expire: u32,
        minimum: u32,
      }),
    ),
    fc
      .tuple(
        u16.filter((t) => !knownTypes.has(t) && (opts.rawType?.(t) ?? true)),
        fc.uint8Array({ maxLength: 40 }),
      )
      .map(([type, data]) => ({ type, data: { type: 'UNKNOWN', data } as RData })),
  );
}

function typeOf(data: RData): number {
  if (data.type === 'UNKNOWN') throw new Error('typeOf needs a known type');
  return RRType[data.type];
}

export function recordArb(opts: GenOptions): fc.Arbitrary<ResourceRecord> {
  const cls = opts.classes === undefined ? u16 : fc.constantFrom(...opts.classes);
  return fc
    .record({ name: nameArb(opts), rd: rdataArb(opts), class: cls, ttl: u32 })
    .map(({ name, rd, class: c, ttl }) => ({ name, type: rd.type, class: c, ttl, data: rd.data }));
}

export const optArb: fc.Arbitrary<ResourceRecord> = fc
  .record({
    size: fc.integer({ min: 512, max: 0xffff }),
    ttl: u32,
    options: fc.array(
      fc.record({ code: fc.constantFrom(3, 10, 12, 15, 65001), data: fc.uint8Array({ maxLength: 20 }) }),
      {
        maxLength: 3,
      },
    ),
  })
  .map(({ size, ttl, options }) => ({
    name: '',
    type: RRType.OPT,
    class: size,
    ttl,
    data: { type: 'OPT', options },
  }));

export const headerArb: fc.Arbitrary<DnsHeader> = fc.record({
  id: u16,
  qr: fc.boolean(),
  opcode: fc.integer({ min: 0, max: 15 }),
  aa: fc.boolean(),
  tc: fc.boolean(),
  rd: fc.boolean(),
  ra: fc.boolean(),
  z: fc.integer({ min: 0, max: 7 }),
  rcode: fc.integer({ min: 0, max: 15 }),
});

export function messageArb(opts: GenOptions): fc.Arbitrary<DnsMessage> {
  const question: fc.Arbitrary<Question> = fc.record({
    name: nameArb(opts),
    type: u16,
    class: opts.classes === undefined ? u16 : fc.constantFrom(...opts.classes),
  });
  const rec = recordArb(opts);
  const additionals = opts.opt
    ? fc
        .tuple(fc.array(rec, { maxLength: 3 }), fc.option(optArb, { nil: undefined }))
        .map(([rs, o]) => (o === undefined ? rs : [...rs, o]))
    : fc.array(rec, { maxLength: 3 });
  return fc.record({
    header: headerArb,
    questions: fc.array(question, { maxLength: 2 }),
    answers: fc.array(rec, { maxLength: 5 }),
    authorities: fc.array(rec, { maxLength: 3 }),
    additionals,
  });
}
