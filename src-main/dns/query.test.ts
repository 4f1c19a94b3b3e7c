/**
 * buildQuery writes queries directly; encodeMessage is the reference it must equal byte
 * for byte, and parseName the reference for which names it refuses and how.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { decodeMessage, encodeMessage } from './message';
import { parseName } from './name';
import { buildQuery, withId, type QueryOptions } from './query';
import { nameArb } from './testdata/arbitraries';
import { RRType } from './types';

/** The same query through the general encoder. */
function reference(o: QueryOptions): Uint8Array {
  return encodeMessage({
    header: { id: o.id, qr: false, opcode: 0, aa: false, tc: false, rd: o.rd, ra: false, z: 0, rcode: 0 },
    questions: [{ name: o.name, type: o.type, class: 1 }],
    answers: [],
    authorities: [],
    additionals:
      o.edns === undefined
        ? []
        : [
            {
              name: '',
              type: RRType.OPT,
              class: o.edns.udpPayloadSize,
              ttl: 0,
              data: { type: 'OPT', options: [] },
            },
          ],
  });
}

/** Its result, or the MailwrightError message it threw. */
function outcome(f: () => Uint8Array): string {
  try {
    return Buffer.from(f()).toString('hex');
  } catch (e) {
    expect(e).toBeInstanceOf(MailwrightError);
    return `error: ${(e as Error).message}`;
  }
}

const options = (name: fc.Arbitrary<string>): fc.Arbitrary<QueryOptions> =>
  fc.record(
    {
      id: fc.integer({ min: 0, max: 0xffff }),
      name,
      type: fc.integer({ min: 0, max: 0xffff }),
      rd: fc.boolean(),
      edns: fc.record({ udpPayloadSize: fc.integer({ min: 0, max: 0xffff }) }),
    },
    { requiredKeys: ['id', 'name', 'type', 'rd'] },
  );

/** Names near every edge: dots, escapes, long labels and names, non-ASCII, odd bytes. */
const awkwardName = fc.oneof(
  fc
    .array(fc.constantFrom(...'aZ09.-\\ \u00e9', '\u0000', '\u001f', '\u007f'), { maxLength: 20 })
    .map((cs) => cs.join('')),
  fc
    .tuple(fc.integer({ min: 60, max: 66 }), fc.integer({ min: 1, max: 5 }))
    .map(([len, count]) =>
      Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i).repeat(len)).join('.'),
    ),
  fc.constantFrom('', '.', '..', 'a..b', '.a', 'a.', 'a.b.', '\\', 'a\\', '\\046.test', 'x\\999', 'Ünï.test'),
);

describe('buildQuery', () => {
  it('writes the bytes encodeMessage writes for the same query, for any name it accepts', () => {
    fc.assert(
      fc.property(options(nameArb({ hostnames: false })), (o) => {
        expect(outcome(() => buildQuery(o))).toBe(outcome(() => reference(o)));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts and refuses the names parseName does, with the same error', () => {
    fc.assert(
      fc.property(options(awkwardName), (o) => {
        expect(outcome(() => buildQuery(o))).toBe(outcome(() => reference(o)));
      }),
      { numRuns: 1000 },
    );
    // The edges themselves, not left to chance.
    for (const name of ['a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61)]) {
      const o = { id: 1, name, type: RRType.A, rd: true };
      expect(outcome(() => buildQuery(o))).toBe(outcome(() => reference(o)));
    }
    expect(() => parseName(`${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(62))).toThrow(MailwrightError);
    expect(() =>
      buildQuery({ id: 1, name: `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(62), type: 1, rd: true }),
    ).toThrow(/longer than 255 octets/);
  });

  it('refuses an ID, type or payload size outside 16 bits', () => {
    for (const bad of [
      { id: 0x10000, name: 'a.test', type: 1, rd: true },
      { id: 1, name: 'a.test', type: -1, rd: true },
      { id: 1, name: 'a.test', type: 1.5, rd: true },
      { id: 1, name: 'a.test', type: 1, rd: true, edns: { udpPayloadSize: 70000 } },
    ]) {
      expect(() => buildQuery(bad)).toThrow(MailwrightError);
    }
  });
});

describe('withId', () => {
  it('copies a query with another ID and leaves the original alone', () => {
    const q = buildQuery({
      id: 0x1234,
      name: 'Mail.Example.test',
      type: RRType.MX,
      rd: false,
      edns: { udpPayloadSize: 1232 },
    });
    const again = withId(q, 0xbeef);
    expect(decodeMessage(again)).toEqual({
      ...decodeMessage(q),
      header: { ...decodeMessage(q).header, id: 0xbeef },
    });
    expect(decodeMessage(q).header.id).toBe(0x1234);
    expect(() => withId(q, 0x10000)).toThrow(MailwrightError);
  });
});
