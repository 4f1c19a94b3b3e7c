/**
 * FETCH data items (RFC 3501 §7.4.2, RFC 9051 §7.5.2, RFC 7162 MODSEQ, RFC 3516 BINARY):
 * UID, FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY/BODYSTRUCTURE, BODY[section]<origin>,
 * MODSEQ. ENVELOPE and BODYSTRUCTURE are read as generic values, then interpreted.
 */
import type { Address, BodySection, BodyStructure, Disposition, Envelope, FetchAttributes } from './types';
import type { WireReader, WireValue } from './wire-reader';

export function parseFetchAttributes(r: WireReader): FetchAttributes {
  r.expectByte(0x28, '"(" before FETCH items');
  const out: FetchAttributes = {};
  let first = true;
  while (!r.acceptByte(0x29)) {
    if (!first) r.expectSP();
    first = false;
    item(r, out);
  }
  return out;
}

function item(r: WireReader, out: FetchAttributes): void {
  const at = r.pos;
  if (r.acceptKeyword('UID')) {
    r.expectSP();
    out.uid = r.number();
  } else if (r.acceptKeyword('FLAGS')) {
    r.expectSP();
    out.flags = r.flagList();
  } else if (r.acceptKeyword('INTERNALDATE')) {
    r.expectSP();
    out.internalDate = r.string().toString('latin1');
  } else if (r.acceptKeyword('RFC822.SIZE')) {
    r.expectSP();
    out.rfc822Size = r.number();
  } else if (r.acceptKeyword('ENVELOPE')) {
    r.expectSP();
    const vAt = r.pos;
    out.envelope = envelope(r.value(), (what) => r.fail(what, vAt));
  } else if (r.acceptKeyword('BODYSTRUCTURE') || r.acceptKeyword('BODY')) {
    r.expectSP();
    const vAt = r.pos;
    out.bodyStructure = bodyStructure(r.value(), (what) => r.fail(what, vAt), 0);
  } else if (r.acceptKeyword('MODSEQ')) {
    r.expectSP();
    r.expectByte(0x28, '"(" before the MODSEQ value');
    out.modseq = r.number64();
    r.expectByte(0x29, '")" after the MODSEQ value');
  } else if (
    r.acceptKeyword('RFC822') ||
    r.acceptKeyword('RFC822.HEADER') ||
    r.acceptKeyword('RFC822.TEXT')
  ) {
    const name = r.sliceFrom(at).toUpperCase();
    r.expectSP();
    const section = name === 'RFC822' ? '' : name === 'RFC822.HEADER' ? 'HEADER' : 'TEXT';
    (out.sections ??= []).push({ section, origin: null, data: r.nstring(), binary: false });
  } else {
    const name = r.atom().toUpperCase();
    if (name.startsWith('BODY[') || name.startsWith('BINARY[')) {
      // atom() stops at "]" — the section follows up to the matching bracket.
      out.sections ??= [];
      out.sections.push(section(r, name));
      return;
    }
    // An item from an extension we did not ask for (X-GM-MSGID, BINARY.SIZE[1], PREVIEW ...):
    // skip its section, if any, and its value.
    if (name.includes('[')) sectionSpec(r, name.slice(name.indexOf('[') + 1));
    r.expectSP();
    r.value();
  }
}

/** Reads the rest of `BODY[section]<origin> nstring`, `name` being `BODY[...` up to the first `]`. */
function section(r: WireReader, name: string): BodySection {
  const binary = name.startsWith('BINARY[');
  const { spec, origin } = sectionSpec(r, name.slice(binary ? 7 : 5));
  r.expectSP();
  return { section: spec, origin, data: r.nstring(), binary };
}

/** The rest of a section spec after `[` (`start` already read by atom()), through `]` and `<origin>`. */
function sectionSpec(r: WireReader, start: string): { spec: string; origin: number | null } {
  let spec = start;
  // HEADER.FIELDS (A B) holds a parenthesised list; it may contain spaces and quoted names.
  if (r.peek() === 0x20 && (spec.endsWith('FIELDS') || spec.endsWith('FIELDS.NOT'))) {
    r.expectSP();
    const listAt = r.pos;
    const fields = r.value();
    if (!Array.isArray(fields)) r.fail('a list of header field names', listAt);
    spec += ` (${fields.map((f) => (Buffer.isBuffer(f) ? f.toString('latin1') : String(f))).join(' ')})`;
  }
  r.expectByte(0x5d, '"]" closing the section');
  let origin: number | null = null;
  if (r.acceptByte(0x3c /* < */)) {
    origin = r.number();
    r.expectByte(0x3e, '">" after the origin');
  }
  return { spec, origin };
}

type Fail = (what: string) => never;

function str(v: WireValue | undefined, fail: Fail, what: string): string | null {
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'string') return v; // lenient: some servers send atoms where strings belong
  return fail(what);
}

function num(v: WireValue | undefined, fail: Fail, what: string): number {
  const s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('latin1') : null;
  if (s === null || !/^\d{1,15}$/.test(s)) return fail(what);
  return Number(s);
}

function list(v: WireValue | undefined, fail: Fail, what: string): WireValue[] {
  if (!Array.isArray(v)) return fail(what);
  return v;
}

function addresses(v: WireValue | undefined, fail: Fail): Address[] | null {
  if (v === null) return null;
  return list(v, fail, 'an address list in ENVELOPE').map((a) => {
    const fields = list(a, fail, 'an address in ENVELOPE');
    if (fields.length !== 4) fail('an address of 4 fields in ENVELOPE');
    return {
      name: str(fields[0], fail, 'an address name'),
      adl: str(fields[1], fail, 'an address route'),
      mailbox: str(fields[2], fail, 'an address mailbox'),
      host: str(fields[3], fail, 'an address host'),
    };
  });
}

export function envelope(v: WireValue, fail: Fail): Envelope {
  const f = list(v, fail, 'an ENVELOPE list');
  if (f.length !== 10) fail('an ENVELOPE of 10 fields');
  return {
    date: str(f[0], fail, 'the ENVELOPE date'),
    subject: str(f[1], fail, 'the ENVELOPE subject'),
    from: addresses(f[2], fail),
    sender: addresses(f[3], fail),
    replyTo: addresses(f[4], fail),
    to: addresses(f[5], fail),
    cc: addresses(f[6], fail),
    bcc: addresses(f[7], fail),
    inReplyTo: str(f[8], fail, 'the ENVELOPE in-reply-to'),
    messageId: str(f[9], fail, 'the ENVELOPE message-id'),
  };
}

function params(v: WireValue | undefined, fail: Fail): Record<string, string> {
  if (v === null || v === undefined) return {};
  const items = list(v, fail, 'a body parameter list');
  if (items.length % 2 !== 0) fail('body parameters in name/value pairs');
  const out: Record<string, string> = {};
  for (let i = 0; i < items.length; i += 2) {
    const key = str(items[i], fail, 'a body parameter name');
    const val = str(items[i + 1], fail, 'a body parameter value');
    if (key !== null && val !== null) out[key.toLowerCase()] = val;
  }
  return out;
}

function disposition(v: WireValue | undefined, fail: Fail): Disposition | null {
  if (v === null || v === undefined) return null;
  const items = list(v, fail, 'a body disposition');
  if (items.length !== 2) fail('a body disposition (type params)');
  return {
    type: (str(items[0], fail, 'a disposition type') ?? '').toLowerCase(),
    params: params(items[1], fail),
  };
}

function language(v: WireValue | undefined, fail: Fail): string[] | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => str(x, fail, 'a body language') ?? '');
  const one = str(v, fail, 'a body language');
  return one === null ? null : [one];
}

/** Fills disposition, language, location and any later extension data, each optional in turn. */
function extensions(target: BodyStructure, rest: WireValue[], fail: Fail): void {
  if (rest.length > 0) target.disposition = disposition(rest[0], fail);
  if (rest.length > 1) target.language = language(rest[1], fail);
  if (rest.length > 2) target.location = str(rest[2], fail, 'a body location');
  if (rest.length > 3) target.rest = rest.slice(3);
}

export function bodyStructure(v: WireValue, fail: Fail, depth: number): BodyStructure {
  if (depth > 32) fail('a body structure nested under 32 levels');
  const f = list(v, fail, 'a body structure list');
  if (Array.isArray(f[0])) {
    let i = 0;
    const parts: BodyStructure[] = [];
    while (i < f.length && Array.isArray(f[i])) parts.push(bodyStructure(f[i++]!, fail, depth + 1));
    const subtype = (str(f[i++], fail, 'a multipart subtype') ?? '').toLowerCase();
    const part: BodyStructure = { type: 'multipart', parts, subtype };
    if (i < f.length) part.params = params(f[i++], fail);
    extensions(part, f.slice(i), fail);
    return part;
  }
  if (f.length < 7) fail('a body part of at least 7 fields');
  const mediaType = (str(f[0], fail, 'a media type') ?? '').toLowerCase();
  const subtype = (str(f[1], fail, 'a media subtype') ?? '').toLowerCase();
  const part: BodyStructure = {
    type: 'single',
    mediaType,
    subtype,
    params: params(f[2], fail),
    id: str(f[3], fail, 'a body id'),
    description: str(f[4], fail, 'a body description'),
    encoding: (str(f[5], fail, 'a body encoding') ?? '').toUpperCase(),
    size: num(f[6], fail, 'a body size'),
  };
  let i = 7;
  if (mediaType === 'message' && (subtype === 'rfc822' || subtype === 'global') && f.length >= 10) {
    part.envelope = envelope(f[7]!, fail);
    part.body = bodyStructure(f[8]!, fail, depth + 1);
    part.lines = num(f[9], fail, 'the line count of a message part');
    i = 10;
  } else if (mediaType === 'text') {
    part.lines = num(f[7], fail, 'the line count of a text part');
    i = 8;
  }
  if (i < f.length) part.md5 = str(f[i++], fail, 'a body MD5');
  extensions(part, f.slice(i), fail);
  return part;
}
