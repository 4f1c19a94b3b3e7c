import { describe, expect, it } from 'vitest';
import { parseResponse } from './parse-response';
import type { FetchAttributes, ImapResponse, UntaggedData } from './types';
import { ImapParseError } from './wire-reader';

const p = (text: string, utf8 = false): ImapResponse =>
  parseResponse(Buffer.from(`${text}\r\n`, 'utf8'), { utf8 });
const u = (text: string, utf8 = false): UntaggedData => {
  const r = p(text, utf8);
  if (r.kind !== 'untagged') throw new Error(`not untagged: ${text}`);
  return r.data;
};
const fetch = (text: string): FetchAttributes => {
  const d = u(text);
  if (d.type !== 'fetch') throw new Error('not fetch');
  return d.attributes;
};

describe('RFC 3501 §8 sample session', () => {
  it('greeting, capability and tagged completions', () => {
    expect(p('* OK IMAP4rev1 Service Ready')).toEqual({
      kind: 'untagged',
      data: { type: 'condition', status: 'OK', code: null, text: 'IMAP4rev1 Service Ready' },
    });
    expect(p('a001 OK LOGIN completed')).toEqual({
      kind: 'tagged',
      tag: 'a001',
      status: 'OK',
      code: null,
      text: 'LOGIN completed',
    });
    expect(u('* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED')).toEqual({
      type: 'capability',
      capabilities: ['IMAP4REV1', 'STARTTLS', 'AUTH=GSSAPI', 'LOGINDISABLED'],
    });
  });

  it('SELECT responses', () => {
    expect(u('* 18 EXISTS')).toEqual({ type: 'exists', count: 18 });
    expect(u('* 2 RECENT')).toEqual({ type: 'recent', count: 2 });
    expect(u('* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)')).toEqual({
      type: 'flags',
      flags: ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'],
    });
    expect(u('* OK [UNSEEN 17] Message 17 is the first unseen message')).toEqual({
      type: 'condition',
      status: 'OK',
      code: { name: 'UNSEEN', value: 17 },
      text: 'Message 17 is the first unseen message',
    });
    expect(u('* OK [UIDVALIDITY 3857529045] UIDs valid')).toMatchObject({
      code: { name: 'UIDVALIDITY', value: 3857529045 },
    });
    expect(u('* OK [UIDNEXT 4392] Predicted next UID')).toMatchObject({
      code: { name: 'UIDNEXT', value: 4392 },
    });
    expect(u('* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited')).toMatchObject({
      code: { name: 'PERMANENTFLAGS', flags: ['\\Deleted', '\\Seen', '\\*'] },
    });
    expect(p('a002 OK [READ-WRITE] SELECT completed')).toMatchObject({
      status: 'OK',
      code: { name: 'READ-WRITE' },
    });
    expect(p('A932 OK [READ-ONLY] EXAMINE completed')).toMatchObject({ code: { name: 'READ-ONLY' } });
  });

  it('FETCH with FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE and BODY[HEADER] literal', () => {
    const raw =
      '* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ' +
      'ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
      '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
      '"<B27397-0100000@cac.washington.edu>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))';
    const a = fetch(raw);
    expect(a.flags).toEqual(['\\Seen']);
    expect(a.internalDate).toBe('17-Jul-1996 02:44:25 -0700');
    expect(a.rfc822Size).toBe(4286);
    expect(a.envelope?.subject).toBe('IMAP4rev1 WG mtg summary and minutes');
    expect(a.envelope?.cc).toEqual([
      { name: null, adl: null, mailbox: 'minutes', host: 'CNRI.Reston.VA.US' },
      { name: 'John Klensin', adl: null, mailbox: 'KLENSIN', host: 'MIT.EDU' },
    ]);
    expect(a.envelope?.bcc).toBeNull();
    expect(a.envelope?.messageId).toBe('<B27397-0100000@cac.washington.edu>');
    expect(a.bodyStructure).toEqual({
      type: 'single',
      mediaType: 'text',
      subtype: 'plain',
      params: { charset: 'US-ASCII' },
      id: null,
      description: null,
      encoding: '7BIT',
      size: 3028,
      lines: 92,
    });
    const h = parseResponse(
      Buffer.from('* 12 FETCH (BODY[HEADER] {41}\r\nDate: Wed, 17 Jul 1996 02:23:25 -0700\r\n\r\n)\r\n'),
    );
    expect(h).toMatchObject({ kind: 'untagged', data: { type: 'fetch', seq: 12 } });
    const sec = (h as { data: { attributes: FetchAttributes } }).data.attributes.sections?.[0];
    expect(sec?.section).toBe('HEADER');
    expect(sec?.data?.toString()).toBe('Date: Wed, 17 Jul 1996 02:23:25 -0700\r\n\r\n');
  });

  it('LIST, LSUB, STATUS, SEARCH, EXPUNGE, BYE, continuation', () => {
    expect(u('* LIST (\\Noselect) "/" ~/Mail/foo')).toEqual({
      type: 'list',
      attributes: ['\\Noselect'],
      delimiter: '/',
      mailbox: '~/Mail/foo',
      rawMailbox: '~/Mail/foo',
      childInfo: null,
      oldName: null,
    });
    expect(u('* LSUB () "." #news.comp.mail.misc')).toMatchObject({
      type: 'lsub',
      mailbox: '#news.comp.mail.misc',
    });
    expect(u('* LIST (\\Noselect) NIL ""')).toMatchObject({ delimiter: null, mailbox: '' });
    expect(u('* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)')).toEqual({
      type: 'status',
      mailbox: 'blurdybloop',
      rawMailbox: 'blurdybloop',
      values: { MESSAGES: 231, UIDNEXT: 44292 },
    });
    expect(u('* SEARCH 2 84 882')).toEqual({ type: 'search', numbers: [2, 84, 882], modseq: null });
    expect(u('* SEARCH')).toEqual({ type: 'search', numbers: [], modseq: null });
    expect(u('* 3 EXPUNGE')).toEqual({ type: 'expunge', seq: 3 });
    expect(u('* BYE IMAP4rev1 Server logging out')).toMatchObject({ type: 'condition', status: 'BYE' });
    expect(p('+ Ready for additional command text')).toEqual({
      kind: 'continuation',
      code: null,
      text: 'Ready for additional command text',
    });
    expect(p('+')).toEqual({ kind: 'continuation', code: null, text: '' });
    expect(p('A044 BAD No such command as "BLURDYBLOOP"')).toMatchObject({ status: 'BAD' });
  });
});

describe('RFC 9051 and extensions', () => {
  it('response codes: APPENDUID, COPYUID, TRYCREATE, HIGHESTMODSEQ, ALERT, CAPABILITY, unknown', () => {
    expect(p('A003 OK [APPENDUID 38505 3955] APPEND completed')).toMatchObject({
      code: { name: 'APPENDUID', uidValidity: 38505, uids: '3955' },
    });
    expect(p('A004 OK [COPYUID 38505 304,319:320 3956:3958] Done')).toMatchObject({
      code: { name: 'COPYUID', uidValidity: 38505, sourceUids: '304,319:320', destinationUids: '3956:3958' },
    });
    expect(p("A005 NO [TRYCREATE] Mailbox doesn't exist: foo")).toMatchObject({
      status: 'NO',
      code: { name: 'TRYCREATE' },
    });
    expect(u('* OK [HIGHESTMODSEQ 715194045007] Highest')).toMatchObject({
      code: { name: 'HIGHESTMODSEQ', value: 715194045007n },
    });
    expect(u('* OK [ALERT] System shutdown in 10 minutes')).toMatchObject({
      code: { name: 'ALERT' },
      text: 'System shutdown in 10 minutes',
    });
    expect(
      u(
        '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot ready.',
      ),
    ).toMatchObject({
      code: {
        name: 'CAPABILITY',
        capabilities: [
          'IMAP4REV1',
          'SASL-IR',
          'LOGIN-REFERRALS',
          'ID',
          'ENABLE',
          'IDLE',
          'LITERAL+',
          'AUTH=PLAIN',
        ],
      },
      text: 'Dovecot ready.',
    });
    expect(p('a NO [BADCHARSET (UTF-8 US-ASCII)] no')).toMatchObject({
      code: { name: 'OTHER', atom: 'BADCHARSET', text: '(UTF-8 US-ASCII)' },
    });
    expect(p('a OK [CLOSED] Previous mailbox closed.')).toMatchObject({ code: { name: 'CLOSED' } });
  });

  it('LIST with SPECIAL-USE, CHILDINFO, OLDNAME and modified UTF-7 names', () => {
    expect(u('* LIST (\\HasNoChildren \\Sent) "/" Sent')).toMatchObject({
      attributes: ['\\HasNoChildren', '\\Sent'],
    });
    expect(u('* LIST (\\Subscribed) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))')).toMatchObject({
      childInfo: ['SUBSCRIBED'],
    });
    expect(u('* LIST () "/" "NewName" ("OLDNAME" ("OldName"))')).toMatchObject({ oldName: 'OldName' });
    expect(u('* LIST () "/" "&ANw-berweisungen"')).toMatchObject({ mailbox: 'Überweisungen' });
    expect(u('* LIST () "/" "&ANw-berweisungen"')).not.toMatchObject({ mailbox: 'Uberweisungen' });
    expect(u('* LIST () "/" "&ZeVnLIqe-"')).toMatchObject({ mailbox: '日本語', rawMailbox: '&ZeVnLIqe-' });
    expect(u('* LIST () "/" "日本語"', true)).toMatchObject({ mailbox: '日本語' });
    expect(u('* LIST () "/" inbox')).toMatchObject({ mailbox: 'INBOX' });
    expect(u('* LIST () "/" {8}\r\nWork/A&B')).toMatchObject({ mailbox: 'Work/A&B' }); // invalid mUTF-7 kept raw
  });

  it('ESEARCH, SEARCH MODSEQ, VANISHED, ENABLED, STATUS HIGHESTMODSEQ', () => {
    expect(u('* ESEARCH (TAG "A282") UID MIN 2 COUNT 3 ALL 2:4')).toEqual({
      type: 'esearch',
      tag: 'A282',
      uid: true,
      min: 2,
      max: null,
      count: 3,
      all: '2:4',
      modseq: null,
    });
    expect(u('* ESEARCH (TAG "A1")')).toMatchObject({ tag: 'A1', uid: false, count: null });
    expect(u('* SEARCH 2 5 6 (MODSEQ 917162500)')).toEqual({
      type: 'search',
      numbers: [2, 5, 6],
      modseq: 917162500n,
    });
    expect(u('* VANISHED (EARLIER) 41,43:116,118')).toEqual({
      type: 'vanished',
      earlier: true,
      uids: '41,43:116,118',
    });
    expect(u('* VANISHED 405,407')).toEqual({ type: 'vanished', earlier: false, uids: '405,407' });
    expect(u('* ENABLED CONDSTORE QRESYNC')).toEqual({
      type: 'enabled',
      capabilities: ['CONDSTORE', 'QRESYNC'],
    });
    expect(u('* STATUS "INBOX" (MESSAGES 10 UNSEEN 2 HIGHESTMODSEQ 7011231777)')).toMatchObject({
      values: { MESSAGES: 10, UNSEEN: 2, HIGHESTMODSEQ: 7011231777n },
    });
    expect(u('* NAMESPACE (("" "/")) NIL NIL')).toEqual({
      type: 'namespace',
      personal: [{ prefix: '', delimiter: '/' }],
      otherUsers: null,
      shared: null,
    });
    expect(
      u('* NAMESPACE (("INBOX." ".")) (("~" "/")) (("#shared/" "/")("#public/" "/" "X-EXT" ("a")))'),
    ).toMatchObject({
      personal: [{ prefix: 'INBOX.', delimiter: '.' }],
      otherUsers: [{ prefix: '~', delimiter: '/' }],
      shared: [{ prefix: '#shared/' }, { prefix: '#public/' }],
    });
    expect(u('* ID ("name" "Dovecot" "version" NIL)')).toEqual({
      type: 'id',
      fields: { name: 'Dovecot', version: null },
    });
    expect(u('* ID NIL')).toEqual({ type: 'id', fields: null });
    expect(u('* QUOTA "" (STORAGE 10 512)')).toEqual({
      type: 'other',
      name: 'QUOTA',
      text: '"" (STORAGE 10 512)',
    });
  });

  it('FETCH UID, MODSEQ, partial BODY[], BINARY, HEADER.FIELDS, RFC822', () => {
    const a = parseResponse(
      Buffer.from(
        '* 7 FETCH (UID 42 MODSEQ (12121231000) BODY[1.2]<100> {5}\r\nhello BINARY[2] ~{3}\r\na\u0000b BODY[HEADER.FIELDS (FROM "SUBJECT")] {5}\r\nx\r\n\r\n RFC822 NIL)\r\n',
      ),
    );
    if (a.kind !== 'untagged' || a.data.type !== 'fetch') throw new Error('fetch');
    const attrs = a.data.attributes;
    expect(attrs.uid).toBe(42);
    expect(attrs.modseq).toBe(12121231000n);
    expect(
      attrs.sections?.map((s) => [s.section, s.origin, s.data?.toString('latin1') ?? null, s.binary]),
    ).toEqual([
      ['1.2', 100, 'hello', false],
      ['2', null, 'a\u0000b', true],
      ['HEADER.FIELDS (FROM SUBJECT)', null, 'x\r\n\r\n', false],
      ['', null, null, false],
    ]);
    expect(fetch('* 1 FETCH (BODY[] "" X-GM-MSGID 123 UID 9)')).toMatchObject({
      uid: 9,
      sections: [{ section: '', data: Buffer.alloc(0) }],
    });
    expect(fetch('* 1 FETCH (BINARY.SIZE[1] 1234 PREVIEW "hi" SAVEDATE NIL EMAILID (M1) UID 3)')).toEqual({
      uid: 3,
    });
    expect(fetch('* 1 FETCH (FLAGS (\\Seen $Forwarded) UID 4)')).toEqual({
      flags: ['\\Seen', '$Forwarded'],
      uid: 4,
    });
    expect(fetch('* 1 FETCH (FLAGS ())')).toEqual({ flags: [] });
  });

  it('BODYSTRUCTURE: nested multiparts, message/rfc822, extension data', () => {
    const raw =
      '* 3 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 120 4 NIL NIL NIL NIL)' +
      '(("TEXT" "HTML" ("CHARSET" "utf-8") "<id1>" "desc" "BASE64" 300 5 "md5sum" ("INLINE" NIL) "en" NIL)' +
      '("IMAGE" "PNG" ("NAME" "a.png") NIL NIL "BASE64" 2000 NIL ("ATTACHMENT" ("FILENAME" "a.png")) ("de" "fr") "http://x" 99 (1 2)) "RELATED" ("BOUNDARY" "b2") NIL NIL NIL)' +
      '("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 500 (NIL "inner" NIL NIL NIL NIL NIL NIL NIL NIL) ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 10 1) 12)' +
      ' "MIXED" ("BOUNDARY" "b1") ("INLINE" NIL) NIL))';
    const bs = fetch(raw).bodyStructure;
    if (bs?.type !== 'multipart') throw new Error('multipart expected');
    expect(bs.subtype).toBe('mixed');
    expect(bs.params).toEqual({ boundary: 'b1' });
    expect(bs.disposition).toEqual({ type: 'inline', params: {} });
    expect(bs.language).toBeNull();
    expect(bs.parts).toHaveLength(3);
    expect(bs.parts[0]).toMatchObject({
      mediaType: 'text',
      subtype: 'plain',
      encoding: 'QUOTED-PRINTABLE',
      size: 120,
      lines: 4,
      md5: null,
    });
    const related = bs.parts[1];
    if (related?.type !== 'multipart') throw new Error('related');
    expect(related.subtype).toBe('related');
    expect(related.parts[0]).toMatchObject({
      id: '<id1>',
      description: 'desc',
      md5: 'md5sum',
      language: ['en'],
      location: null,
    });
    expect(related.parts[1]).toMatchObject({
      mediaType: 'image',
      md5: null,
      disposition: { type: 'attachment', params: { filename: 'a.png' } },
      language: ['de', 'fr'],
      location: 'http://x',
      rest: ['99', ['1', '2']],
    });
    expect(bs.parts[2]).toMatchObject({
      mediaType: 'message',
      subtype: 'rfc822',
      envelope: { subject: 'inner' },
      body: { mediaType: 'text' },
      lines: 12,
    });
  });
});

describe('bad input gives a positioned protocol error', () => {
  const bad = [
    '',
    '*',
    '* ',
    'a',
    'a MAYBE done',
    '* 12',
    '* 12 FROB',
    '* 1 FETCH (UID x)',
    '* 1 FETCH (UID 1',
    '* 1 FETCH (BODY[] {10}\r\nabc)',
    '* 1 FETCH (ENVELOPE (NIL))',
    '* 1 FETCH (BODYSTRUCTURE ())',
    '* OK [UIDVALIDITY] x',
    '* OK [UIDNEXT 99999999999] x',
    '* LIST () "//" x',
    '* STATUS x (MESSAGES)',
    '* FLAGS (\\Seen',
    '* 1 FETCH (FLAGS ("quoted"))',
    '* SEARCH 1 x',
    'a+b OK fine',
    `* 1 FETCH (BODYSTRUCTURE ${'('.repeat(200)}${')'.repeat(200)})`,
    '* OK "unterminated',
    '* LIST () "/" "bad\\q"',
  ];
  for (const text of bad) {
    it(JSON.stringify(text.slice(0, 40)), () => {
      let caught: unknown;
      try {
        parseResponse(Buffer.from(`${text}\r\n`));
      } catch (e) {
        caught = e;
      }
      // "* OK "unterminated" is valid text; everything else must fail with a typed error.
      if (text.startsWith('* OK "')) {
        expect(caught).toBeUndefined();
        return;
      }
      expect(caught).toBeInstanceOf(ImapParseError);
      expect((caught as ImapParseError).kind).toBe('protocol');
      expect((caught as ImapParseError).position).toBeGreaterThanOrEqual(0);
    });
  }
});
