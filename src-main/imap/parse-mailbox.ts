/**
 * Mailbox data responses (RFC 9051 §7.3): LIST/LSUB with RFC 5258 extended data, STATUS,
 * NAMESPACE — and the one rule for turning wire mailbox names into Unicode.
 */
import { MailwrightError } from '../model/errors';
import { decodeMutf7 } from './mutf7';
import type { ParseOptions } from './parse-response';
import type { ListData, Namespace, StatusAttribute, StatusData } from './types';
import type { WireReader, WireValue } from './wire-reader';

/** Mailbox names: INBOX is case-insensitive; others decoded from modified UTF-7 or UTF-8. */
export function decodeMailboxName(raw: string, utf8: boolean): string {
  if (raw.toUpperCase() === 'INBOX') return 'INBOX';
  if (utf8) return raw;
  try {
    return decodeMutf7(raw);
  } catch (e) {
    // A server that sends invalid modified UTF-7 still names a real mailbox: keep its bytes.
    if (e instanceof MailwrightError) return raw;
    throw e;
  }
}

export function list(r: WireReader, type: 'list' | 'lsub', options: ParseOptions): ListData {
  r.expectSP();
  const attributes = r.flagList();
  r.expectSP();
  let delimiter: string | null = null;
  if (!r.acceptKeyword('NIL')) {
    const at = r.pos;
    delimiter = r.quoted().toString('utf8');
    if (delimiter.length !== 1) r.fail('a one-character hierarchy delimiter', at);
  }
  r.expectSP();
  const rawMailbox = r.astring();
  let childInfo: string[] | null = null;
  let oldName: string | null = null;
  if (r.acceptSP()) {
    const at = r.pos;
    const ext = r.value();
    if (!Array.isArray(ext) || ext.length % 2 !== 0) r.fail('extended LIST data as (tag value ...)', at);
    for (let i = 0; i < ext.length; i += 2) {
      const tag = text(ext[i]!)?.toUpperCase();
      const val = ext[i + 1]!;
      if (tag === 'CHILDINFO' && Array.isArray(val)) {
        childInfo = val.map((v) => text(v) ?? '').map((s) => s.toUpperCase());
      } else if (tag === 'OLDNAME' && Array.isArray(val) && val.length === 1) {
        const old = text(val[0]!);
        oldName = old === null ? null : decodeMailboxName(old, options.utf8 === true);
      }
    }
  }
  r.expectEnd();
  return {
    type,
    attributes,
    delimiter,
    mailbox: decodeMailboxName(rawMailbox, options.utf8 === true),
    rawMailbox,
    childInfo,
    oldName,
  };
}

/** One NAMESPACE list: NIL or `(("prefix" "delim") ...)`, extension data after each pair skipped. */
export function namespaces(r: WireReader, options: ParseOptions): Namespace[] | null {
  const at = r.pos;
  const v = r.value();
  if (v === null) return null;
  if (!Array.isArray(v)) return r.fail('a namespace list', at);
  return v.map((entry) => {
    if (!Array.isArray(entry) || entry.length < 2) return r.fail('("prefix" "delimiter") in NAMESPACE', at);
    const prefix = text(entry[0]!);
    if (prefix === null) return r.fail('a namespace prefix', at);
    return { prefix: decodeMailboxName(prefix, options.utf8 === true), delimiter: text(entry[1]!) };
  });
}

export function text(v: WireValue): string | null {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return null;
}

const STATUS_ATTRIBUTES = new Set<string>([
  'MESSAGES',
  'RECENT',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'DELETED',
  'SIZE',
]);

export function status(r: WireReader, options: ParseOptions): StatusData {
  r.expectSP();
  const rawMailbox = r.astring();
  r.expectSP();
  r.expectByte(0x28, '"(" before status attributes');
  const values: StatusData['values'] = {};
  let first = true;
  while (!r.acceptByte(0x29)) {
    if (!first) r.expectSP();
    first = false;
    const name = r.atom().toUpperCase();
    r.expectSP();
    if (name === 'HIGHESTMODSEQ') values.HIGHESTMODSEQ = r.number64();
    else if (name === 'SIZE') values.SIZE = Number(r.number64());
    else if (STATUS_ATTRIBUTES.has(name))
      values[name as Exclude<StatusAttribute, 'HIGHESTMODSEQ'>] = r.number();
    else r.value(); // an attribute from an extension we do not use
  }
  r.expectEnd();
  return {
    type: 'status',
    mailbox: decodeMailboxName(rawMailbox, options.utf8 === true),
    rawMailbox,
    values,
  };
}
