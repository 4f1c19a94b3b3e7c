/**
 * Generated ENVELOPE and BODYSTRUCTURE values, written the way a server writes them
 * (quoted strings, literals, NIL, nested lists), parse back to the same value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseResponse } from './parse-response';
import type { Address, BodyStructure, Envelope, MultiPart, SinglePart } from './types';

/** A string as a server would send it: quoted when it can be, else a literal. */
function str(s: string | null, asLiteral: boolean): string {
  if (s === null) return 'NIL';
  if (asLiteral || /[\r\n"\\]/.test(s) || /[^\x20-\x7e]/.test(s)) return `{${Buffer.byteLength(s)}}\r\n${s}`;
  return `"${s}"`;
}

const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\0'));
const nText = fc.option(text, { nil: null });
const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);

const address: fc.Arbitrary<Address> = fc.record({
  name: nText,
  adl: fc.constant(null),
  mailbox: nText,
  host: nText,
});
const addressList = fc.option(fc.array(address, { minLength: 1, maxLength: 3 }), { nil: null });
const envelope: fc.Arbitrary<Envelope> = fc.record({
  date: nText,
  subject: nText,
  from: addressList,
  sender: addressList,
  replyTo: addressList,
  to: addressList,
  cc: addressList,
  bcc: addressList,
  inReplyTo: nText,
  messageId: nText,
});

function encodeAddresses(list: Address[] | null, lit: boolean): string {
  if (list === null) return 'NIL';
  return `(${list.map((a) => `(${str(a.name, lit)} ${str(a.adl, lit)} ${str(a.mailbox, lit)} ${str(a.host, lit)})`).join('')})`;
}

function encodeEnvelope(e: Envelope, lit: boolean): string {
  const parts = [
    str(e.date, lit),
    str(e.subject, lit),
    ...[e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc].map((l) => encodeAddresses(l, lit)),
    str(e.inReplyTo, lit),
    str(e.messageId, lit),
  ];
  return `(${parts.join(' ')})`;
}

function encodeParams(p: Record<string, string>, lit: boolean): string {
  const entries = Object.entries(p);
  return entries.length === 0
    ? 'NIL'
    : `(${entries.map(([k, v]) => `${str(k, lit)} ${str(v, lit)}`).join(' ')})`;
}

function encodeBody(b: BodyStructure, lit: boolean): string {
  const ext = (x: BodyStructure): string =>
    ` ${x.disposition ? `(${str(x.disposition.type, lit)} ${encodeParams(x.disposition.params, lit)})` : 'NIL'} NIL NIL`;
  if (b.type === 'multipart') {
    return `(${b.parts.map((p) => encodeBody(p, lit)).join('')} ${str(b.subtype, lit)} ${encodeParams(b.params ?? {}, lit)}${ext(b)})`;
  }
  let s = `(${str(b.mediaType, lit)} ${str(b.subtype, lit)} ${encodeParams(b.params, lit)} ${str(b.id, lit)} ${str(b.description, lit)} ${str(b.encoding, lit)} ${b.size}`;
  if (b.envelope !== undefined && b.body !== undefined)
    s += ` ${encodeEnvelope(b.envelope, lit)} ${encodeBody(b.body, lit)} ${b.lines}`;
  else if (b.lines !== undefined) s += ` ${b.lines}`;
  return `${s} ${str(b.md5 ?? null, lit)}${ext(b)})`;
}

const params = fc.dictionary(token, text, { maxKeys: 2 });
const disposition = fc.option(fc.record({ type: token, params }), { nil: null });

const leaf: fc.Arbitrary<SinglePart> = fc
  .record({
    mediaType: fc.constantFrom('text', 'image', 'application'),
    subtype: token,
    params,
    id: nText,
    description: nText,
    encoding: fc.constantFrom('7BIT', 'BASE64', 'QUOTED-PRINTABLE'),
    size: fc.nat(1_000_000),
    lines: fc.nat(10_000),
    md5: nText,
    disposition,
  })
  .map((r): SinglePart => {
    const { lines, ...rest } = r;
    return {
      type: 'single',
      ...rest,
      ...(r.mediaType === 'text' ? { lines } : {}),
      language: null,
      location: null,
    };
  });

const body: fc.Arbitrary<BodyStructure> = fc.letrec<{ node: BodyStructure }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .record({
        parts: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
        subtype: token,
        params,
        disposition,
      })
      .map((r): MultiPart => ({ type: 'multipart', ...r, language: null, location: null })),
    fc
      .record({ env: envelope, inner: tie('node'), size: fc.nat(100_000), lines: fc.nat(1000) })
      .map((r): SinglePart => ({
        type: 'single',
        mediaType: 'message',
        subtype: 'rfc822',
        params: {},
        id: null,
        description: null,
        encoding: '7BIT',
        size: r.size,
        envelope: r.env,
        body: r.inner,
        lines: r.lines,
        md5: null,
        disposition: null,
        language: null,
        location: null,
      })),
  ),
})).node;

describe('ENVELOPE and BODYSTRUCTURE round-trip', () => {
  it('property: encode as a server would, parse, get the same value', () => {
    fc.assert(
      fc.property(envelope, body, fc.boolean(), (env, bs, asLiteral) => {
        const wire = `* 1 FETCH (UID 9 ENVELOPE ${encodeEnvelope(env, asLiteral)} BODYSTRUCTURE ${encodeBody(bs, asLiteral)})\r\n`;
        const r = parseResponse(Buffer.from(wire, 'utf8'));
        if (r.kind !== 'untagged' || r.data.type !== 'fetch') throw new Error('FETCH expected');
        expect(r.data.attributes.envelope).toEqual(env);
        expect(r.data.attributes.bodyStructure).toEqual(bs);
      }),
      { numRuns: 300 },
    );
  });
});
