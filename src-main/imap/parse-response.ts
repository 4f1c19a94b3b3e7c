/**
 * The parser: one complete response (as cut by framing.ts) → a typed ImapResponse.
 * A pure function; on anything it cannot read it throws ImapParseError (kind
 * 'protocol', with the byte position), never another exception.
 */
import { list, namespaces, status, text } from './parse-mailbox';
import { parseFetchAttributes } from './parse-fetch';
import type { EsearchData, ImapResponse, Namespace, ResponseCode, StatusWord, UntaggedData } from './types';
import { ImapParseError, WireReader } from './wire-reader';

export { decodeMailboxName } from './parse-mailbox';

export interface ParseOptions {
  /** UTF8=ACCEPT is enabled: mailbox names are UTF-8, not modified UTF-7. */
  utf8?: boolean;
}

export function parseResponse(bytes: Buffer, options: ParseOptions = {}): ImapResponse {
  const r = new WireReader(bytes);
  try {
    return readResponse(r, options);
  } catch (e) {
    if (e instanceof ImapParseError) throw e;
    // Any other exception here is a bug of ours on hostile input; it must still be a typed value.
    return r.fail(`a readable response (${e instanceof Error ? e.message : String(e)})`);
  }
}

function readResponse(r: WireReader, options: ParseOptions): ImapResponse {
  if (r.acceptByte(0x2b /* + */)) {
    // "+" alone, "+ text" or "+ [CODE] text".
    if (r.atEnd) return { kind: 'continuation', code: null, text: '' };
    r.expectSP();
    const { code, text } = respText(r);
    return { kind: 'continuation', code, text };
  }
  if (r.acceptByte(0x2a /* * */)) {
    r.expectSP();
    return { kind: 'untagged', data: untagged(r, options) };
  }
  const tagAt = r.pos;
  const tag = r.atom();
  if (tag.includes('+')) r.fail('a tag without "+"', tagAt);
  r.expectSP();
  const status = statusWord(r);
  if (status === undefined) return r.fail('OK, NO or BAD after the tag');
  const { code, text } = r.atEnd ? { code: null, text: '' } : (r.expectSP(), respText(r));
  return { kind: 'tagged', tag, status, code, text };
}

function statusWord(r: WireReader): StatusWord | undefined {
  if (r.acceptKeyword('OK')) return 'OK';
  if (r.acceptKeyword('NO')) return 'NO';
  if (r.acceptKeyword('BAD')) return 'BAD';
  return undefined;
}

/** resp-text: optional `[code]`, then free text (possibly empty). */
function respText(r: WireReader): { code: ResponseCode | null; text: string } {
  let code: ResponseCode | null = null;
  if (r.acceptByte(0x5b /* [ */)) {
    code = responseCode(r);
    r.expectByte(0x5d, '"]" closing the response code');
    r.acceptSP();
  }
  return { code, text: r.text() };
}

function responseCode(r: WireReader): ResponseCode {
  const at = r.pos;
  const name = r.atom().toUpperCase();
  switch (name) {
    case 'UIDVALIDITY':
    case 'UIDNEXT':
    case 'UNSEEN':
      r.expectSP();
      return { name, value: r.number() };
    case 'HIGHESTMODSEQ':
      r.expectSP();
      return { name, value: r.number64() };
    case 'PERMANENTFLAGS':
      r.expectSP();
      return { name, flags: r.flagList() };
    case 'CAPABILITY':
      return { name, capabilities: capabilityList(r) };
    case 'APPENDUID': {
      r.expectSP();
      const uidValidity = r.number();
      r.expectSP();
      return { name, uidValidity, uids: r.sequenceSet() };
    }
    case 'COPYUID': {
      r.expectSP();
      const uidValidity = r.number();
      r.expectSP();
      const sourceUids = r.sequenceSet();
      r.expectSP();
      return { name, uidValidity, sourceUids, destinationUids: r.sequenceSet() };
    }
    case 'READ-ONLY':
    case 'READ-WRITE':
    case 'TRYCREATE':
    case 'ALERT':
    case 'NOMODSEQ':
    case 'CLOSED':
    case 'PARSE':
      return { name };
    default: {
      if (name.length === 0) r.fail('a response code', at);
      const text = r.acceptSP() ? r.until(0x5d) : null;
      return { name: 'OTHER', atom: name, text };
    }
  }
}

/** SP-separated capability atoms up to the end of the line or a `]`. */
function capabilityList(r: WireReader): string[] {
  const caps: string[] = [];
  while (r.acceptSP()) {
    if (r.atEnd || r.peek() === 0x5d) break;
    caps.push(r.atom().toUpperCase());
  }
  return caps;
}

function untagged(r: WireReader, options: ParseOptions): UntaggedData {
  const first = r.peek();
  if (first !== undefined && first >= 0x30 && first <= 0x39) {
    const n = r.number();
    r.expectSP();
    if (r.acceptKeyword('EXISTS')) return { type: 'exists', count: n };
    if (r.acceptKeyword('RECENT')) return { type: 'recent', count: n };
    if (r.acceptKeyword('EXPUNGE')) return { type: 'expunge', seq: n };
    if (r.acceptKeyword('FETCH')) {
      r.expectSP();
      const attributes = parseFetchAttributes(r);
      r.expectEnd();
      return { type: 'fetch', seq: n, attributes };
    }
    return r.fail('EXISTS, RECENT, EXPUNGE or FETCH after a number');
  }
  const nameAt = r.pos;
  const name = r.atom().toUpperCase();
  switch (name) {
    case 'OK':
    case 'NO':
    case 'BAD':
    case 'PREAUTH':
    case 'BYE': {
      const { code, text } = r.atEnd ? { code: null, text: '' } : (r.expectSP(), respText(r));
      return { type: 'condition', status: name, code, text };
    }
    case 'CAPABILITY':
    case 'ENABLED': {
      const capabilities = capabilityList(r);
      r.expectEnd();
      return { type: name === 'CAPABILITY' ? 'capability' : 'enabled', capabilities };
    }
    case 'LIST':
    case 'LSUB':
      return list(r, name === 'LIST' ? 'list' : 'lsub', options);
    case 'STATUS':
      return status(r, options);
    case 'SEARCH':
      return search(r);
    case 'ESEARCH':
      return esearch(r);
    case 'FLAGS': {
      r.expectSP();
      const flags = r.flagList();
      r.expectEnd();
      return { type: 'flags', flags };
    }
    case 'NAMESPACE': {
      const lists: (Namespace[] | null)[] = [];
      for (let i = 0; i < 3; i++) {
        r.expectSP();
        lists.push(namespaces(r, options));
      }
      r.expectEnd();
      return { type: 'namespace', personal: lists[0]!, otherUsers: lists[1]!, shared: lists[2]! };
    }
    case 'ID': {
      r.expectSP();
      const at = r.pos;
      const v = r.value();
      r.expectEnd();
      if (v === null) return { type: 'id', fields: null };
      if (!Array.isArray(v) || v.length % 2 !== 0) return r.fail('ID field/value pairs', at);
      const fields: Record<string, string | null> = {};
      for (let i = 0; i < v.length; i += 2) {
        const key = text(v[i]!);
        if (key !== null) fields[key.toLowerCase()] = text(v[i + 1]!);
      }
      return { type: 'id', fields };
    }
    case 'VANISHED': {
      r.expectSP();
      let earlier = false;
      if (r.acceptByte(0x28)) {
        if (!r.acceptKeyword('EARLIER')) r.fail('(EARLIER)');
        r.expectByte(0x29, '")"');
        r.expectSP();
        earlier = true;
      }
      const uids = r.sequenceSet();
      r.expectEnd();
      return { type: 'vanished', earlier, uids };
    }
    default:
      if (name.length === 0) r.fail('a response name', nameAt);
      r.acceptSP();
      return { type: 'other', name, text: r.text() };
  }
}

function search(r: WireReader): UntaggedData {
  const numbers: number[] = [];
  let modseq: bigint | null = null;
  while (r.acceptSP()) {
    if (r.atEnd) break; // Some servers end "* SEARCH " with a space.
    if (r.acceptByte(0x28)) {
      if (!r.acceptKeyword('MODSEQ')) r.fail('(MODSEQ n)');
      r.expectSP();
      modseq = r.number64();
      r.expectByte(0x29, '")"');
      break;
    }
    numbers.push(r.number());
  }
  r.expectEnd();
  return { type: 'search', numbers, modseq };
}

function esearch(r: WireReader): EsearchData {
  const data: EsearchData = {
    type: 'esearch',
    tag: null,
    uid: false,
    min: null,
    max: null,
    count: null,
    all: null,
    modseq: null,
  };
  if (r.acceptSP() && r.acceptByte(0x28)) {
    if (!r.acceptKeyword('TAG')) r.fail('(TAG "tag")');
    r.expectSP();
    data.tag = r.string().toString('utf8');
    r.expectByte(0x29, '")"');
    if (!r.acceptSP()) {
      r.expectEnd();
      return data;
    }
  }
  while (!r.atEnd) {
    if (r.acceptKeyword('UID')) data.uid = true;
    else {
      const name = r.atom().toUpperCase();
      r.expectSP();
      if (name === 'MIN') data.min = r.number();
      else if (name === 'MAX') data.max = r.number();
      else if (name === 'COUNT') data.count = r.number();
      else if (name === 'ALL') data.all = r.sequenceSet();
      else if (name === 'MODSEQ') data.modseq = r.number64();
      else r.value();
    }
    if (!r.acceptSP()) break;
  }
  r.expectEnd();
  return data;
}
