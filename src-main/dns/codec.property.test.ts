/**
 * Properties of the codec over generated messages and hostile bytes. Every run is
 * bounded (numRuns); a hang would show as a test timeout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './message';
import { messageArb } from './testdata/arbitraries';
import { normalise } from './testdata/normalise';
import { DnsFormatError, RRType } from './types';
import type { DnsMessage } from './types';

/**
 * Decodes hostile bytes. The only acceptable failure is a DnsFormatError that one of
 * our checks raised (not the safety net that wraps an unexpected exception). Whatever
 * decodes must encode again and decode to the same message.
 */
function decodeHostile(bytes: Uint8Array): DnsMessage | undefined {
  let msg: DnsMessage;
  try {
    msg = decodeMessage(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DnsFormatError);
    expect((error as DnsFormatError).message).not.toContain('unexpected decoding failure');
    return undefined;
  }
  const again = decodeMessage(encodeMessage(msg));
  expect(normalise(again)).toEqual(normalise(msg));
  return msg;
}

/** Generous: a property run is bounded by numRuns; this only catches a hang on a busy machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe('generated messages', () => {
  it(
    'encode and decode to an equal message (names compared as names)',
    () => {
      fc.assert(
        fc.property(messageArb({ hostnames: false, opt: true }), (msg) => {
          expect(normalise(decodeMessage(encodeMessage(msg)))).toEqual(normalise(msg));
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'decode the question exactly as written (its case survives compression)',
    () => {
      fc.assert(
        fc.property(messageArb({ hostnames: true }), (msg) => {
          expect(decodeMessage(encodeMessage(msg)).questions[0]?.name).toBe(msg.questions[0]?.name);
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'round-trip byte for byte once decoded (encoding is stable)',
    () => {
      fc.assert(
        fc.property(messageArb({ hostnames: false, opt: true }), (msg) => {
          const wire = encodeMessage(msg);
          expect(encodeMessage(decodeMessage(wire))).toEqual(wire);
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('pointer' as const),
    at: fc.nat(),
    target: fc.integer({ min: 0, max: 0x3fff }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const out = [...bytes];
  const at = out.length === 0 ? 0 : m.at % out.length;
  switch (m.kind) {
    case 'set':
      out[at] = m.value;
      break;
    case 'pointer':
      out[at] = 0xc0 | (m.target >> 8);
      out[at + 1] = m.target & 0xff;
      break;
    case 'truncate':
      out.length = at;
      break;
    case 'insert':
      out.splice(at, 0, ...m.bytes);
      break;
    case 'delete':
      out.splice(at, m.length);
      break;
  }
  return Uint8Array.from(out);
}

describe('hostile bytes only ever give DnsFormatError', () => {
  it(
    'random bytes',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
          decodeHostile(bytes);
        }),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'random bodies behind a header with small counts (so parsing gets deep)',
    () => {
      const count = fc.integer({ min: 0, max: 4 });
      fc.assert(
        fc.property(
          fc.tuple(count, count, count, count),
          fc.uint8Array({ maxLength: 300 }),
          ([qd, an, ns, ar], body) => {
            const bytes = new Uint8Array(12 + body.length);
            bytes.set([0, 1, 0x81, 0x80, 0, qd, 0, an, 0, ns, 0, ar], 0);
            bytes.set(body, 12);
            decodeHostile(bytes);
          },
        ),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'mutated valid messages',
    () => {
      let decoded = 0;
      fc.assert(
        fc.property(
          messageArb({ hostnames: false, opt: true }),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          (msg, mutations) => {
            let bytes = encodeMessage(msg);
            for (const m of mutations) bytes = mutate(bytes, m);
            if (decodeHostile(bytes) !== undefined) decoded += 1;
          },
        ),
        { numRuns: 2000 },
      );
      // Some mutations (a changed TTL, a letter) leave a valid message: both paths ran.
      expect(decoded).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('a message whose counts claim the maximum of everything', () => {
    const bytes = new Uint8Array(512);
    bytes.fill(0xff, 4, 12);
    expect(() => decodeMessage(bytes)).toThrow(DnsFormatError);
  });

  it('a message whose answer owner is a pointer chain 16k bytes long', () => {
    // Question "a" at 12. Answer 1 is an unknown type whose rdata (from 30) is a chain
    // of pointers, each to the one before, the first to 12: as many as 14-bit pointers
    // can reach (8,177 hops, 16,354 bytes). Answer 2's owner points at the last one.
    const question = [1, 0x61, 0, 0, 1, 0, 1];
    const chainStart = 30;
    const depth = Math.floor((0x3fff - chainStart) / 2) + 1;
    const chain: number[] = [];
    for (let i = 0; i < depth; i++) {
      const target = i === 0 ? 12 : chainStart + 2 * (i - 1);
      chain.push(0xc0 | (target >> 8), target & 0xff);
    }
    const last = chainStart + 2 * (depth - 1);
    const bytes = Uint8Array.from(
      [
        [0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0],
        question,
        [0, 0xff, 0x00, 0, 1, 0, 0, 0, 60, chain.length >> 8, chain.length & 0xff],
        chain,
        [0xc0 | (last >> 8), last & 0xff, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1],
      ].flat(),
    );
    expect(chain.length).toBeGreaterThan(16_000);
    expect(() => decodeMessage(bytes)).toThrow(/too many compression pointers/);
  });

  it('a pointer loop in every place a name can be', () => {
    const loop = [0xc0, 0]; // patched to point at itself below
    const places: [string, number[]][] = [
      ['question', [...loop, 0, 1, 0, 1]],
      ['owner', [0, 0, 1, 0, 1, ...loop, 0, 1, 0, 1, 0, 0, 0, 0, 0, 2, 0xc0, 12]],
    ];
    for (const [where, body] of places) {
      const bytes = Uint8Array.from([0, 1, 0, 0, 0, 1, 0, where === 'owner' ? 1 : 0, 0, 0, 0, 0, ...body]);
      // Point every 0xc0 0x00 pair at itself.
      for (let i = 12; i + 1 < bytes.length; i++) {
        if (bytes[i] === 0xc0 && bytes[i + 1] === 0) bytes[i + 1] = i;
      }
      expect(() => decodeMessage(bytes), where).toThrow(/does not point backwards/);
    }
    const cname = Uint8Array.from(
      [
        [0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0],
        [0, 0, RRType.CNAME, 0, 1, 0, 0, 0, 60, 0, 4],
        [1, 0x78, 0xc0, 23], // "x" + pointer to its own first byte
      ].flat(),
    );
    expect(() => decodeMessage(cname)).toThrow(/does not point backwards/);
  });
});
