import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { ImapFramer } from './framing';
import { parseResponse } from './parse-response';
import { list, mailbox, qstring, raw, serializeCommand, type Arg, type SerializeOptions } from './serialize';
import { ImapParseError } from './wire-reader';

/** Builds a server response with the serializer's own string rules: "x ..." becomes "* ...". */
function untagged(args: Arg[], options: SerializeOptions): Buffer {
  const [head, ...rest] = args;
  const bytes = Buffer.concat(serializeCommand('x', (head as { text: string }).text, rest, options).parts);
  return Buffer.concat([Buffer.from('* '), bytes.subarray(2)]);
}

const options = fc.record({ literalPlus: fc.boolean(), utf8: fc.boolean() });
const name = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .filter((s) => !/[\r\n\0]/.test(s) && s.toUpperCase() !== 'INBOX');
const flag = fc.constantFrom(
  '\\Seen',
  '\\Flagged',
  '\\Answered',
  '\\Deleted',
  '\\Draft',
  '$Forwarded',
  'Junk',
);
const text = fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a.map((b) => (b === 0 ? 1 : b))));

describe('generated responses round-trip through serialize → parse', () => {
  it('LIST with any mailbox name (modified UTF-7 or UTF-8 on the wire)', () => {
    fc.assert(
      fc.property(name, options, fc.subarray(['\\HasChildren', '\\Sent', '\\Noselect']), (n, o, attrs) => {
        const bytes = untagged([raw('LIST'), list(...attrs.map(raw)), qstring('/'), mailbox(n)], o);
        const r = parseResponse(bytes, { utf8: o.utf8 });
        expect(r).toMatchObject({
          kind: 'untagged',
          data: { type: 'list', mailbox: n, attributes: attrs, delimiter: '/' },
        });
      }),
      { numRuns: 400 },
    );
  });

  it('STATUS counts and FETCH UID/FLAGS/BODY[] with arbitrary bytes', () => {
    fc.assert(
      fc.property(
        name,
        fc.nat(),
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.uniqueArray(flag, { maxLength: 4 }),
        text,
        options,
        (n, count, uid, flags, body, o) => {
          const status = untagged([raw('STATUS'), mailbox(n), list(raw('MESSAGES'), raw(String(count)))], o);
          expect(parseResponse(status, { utf8: o.utf8 })).toMatchObject({
            data: { type: 'status', mailbox: n, values: { MESSAGES: count } },
          });
          const fetch = untagged(
            [
              raw('7'),
              raw('FETCH'),
              list(
                raw('UID'),
                raw(String(uid)),
                raw('FLAGS'),
                list(...flags.map(raw)),
                raw('BODY[]'),
                qstring(body),
              ),
            ],
            o,
          );
          const r = parseResponse(fetch, { utf8: o.utf8 });
          if (r.kind !== 'untagged' || r.data.type !== 'fetch') throw new Error('expected FETCH');
          expect(r.data.attributes.uid).toBe(uid);
          expect(r.data.attributes.flags).toEqual(flags);
          expect(r.data.attributes.sections?.[0]?.data).toEqual(body);
        },
      ),
      { numRuns: 400 },
    );
  });
});

const SAMPLES = [
  '* 12 FETCH (FLAGS (\\Seen) UID 7 BODY[] {5}\r\nhello ENVELOPE ("d" "s" (("n" NIL "m" "h")) NIL NIL NIL NIL NIL NIL "<i>"))\r\n',
  '* LIST (\\HasNoChildren \\Sent) "/" "&ZeVnLIqe-" ("CHILDINFO" ("SUBSCRIBED"))\r\n',
  'a1 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n',
  '* 3 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "7BIT" 1 1)("TEXT" "HTML" NIL NIL NIL "7BIT" 2 1) "ALTERNATIVE"))\r\n',
  '* STATUS "x y" (MESSAGES 3 HIGHESTMODSEQ 99)\r\n',
].map((s) => Buffer.from(s));

function expectTypedOrOk(bytes: Buffer): void {
  try {
    parseResponse(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImapParseError);
    expect((e as MailwrightError).kind).toBe('protocol');
  }
}

describe('hostile bytes give typed errors only', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (a) => expectTypedOrOk(Buffer.from(a))),
      { numRuns: 2000 },
    );
  });

  it('mutated valid responses (flip, insert, delete, truncate)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES),
        fc.array(fc.tuple(fc.nat(), fc.nat(255), fc.nat(3)), { maxLength: 6 }),
        (sample, edits) => {
          let bytes = Buffer.from(sample);
          for (const [at, value, op] of edits) {
            const i = at % (bytes.length + 1);
            if (op === 0 && i < bytes.length) bytes[i] = value;
            else if (op === 1)
              bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([value]), bytes.subarray(i)]);
            else if (op === 2) bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
            else bytes = bytes.subarray(0, i);
          }
          expectTypedOrOk(bytes);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the framer on random chunks ends (incomplete or responses) or throws a typed error', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const f = new ImapFramer({ maxLineLength: 200, maxLiteralLength: 500 });
        try {
          for (const c of chunks) {
            f.push(Buffer.from(c));
            for (let guard = 0; guard < 2000; guard++) {
              const r = f.next();
              if (r.type === 'incomplete') break;
              expectTypedOrOk(r.bytes);
            }
          }
        } catch (e) {
          expect(e).toBeInstanceOf(MailwrightError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
