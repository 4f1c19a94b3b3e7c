import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BodyStructure, FetchAttributes } from '../types';
import {
  changeFlags,
  fromFetch,
  hasAttachments,
  maildirFlags,
  messageIdOf,
  modelFlags,
  parseMessageId,
  sameFlags,
} from './summary';

const text: BodyStructure = {
  type: 'single',
  mediaType: 'TEXT',
  subtype: 'PLAIN',
  params: { charset: 'utf-8' },
  id: null,
  description: null,
  encoding: '7BIT',
  size: 10,
  lines: 1,
};

describe('summary rows from FETCH', () => {
  it('decodes the envelope: encoded words, addresses without group markers, Message-ID without brackets', () => {
    const a: FetchAttributes = {
      uid: 42,
      flags: ['\\Seen', '$Forwarded'],
      rfc822Size: 1234,
      internalDate: '26-Nov-2026 12:00:00 +0000',
      modseq: 7n,
      envelope: {
        date: 'Thu, 26 Nov 2026 13:00:00 +0100',
        subject: '=?utf-8?B?R3LDvMOfZQ==?=',
        from: [{ name: '=?utf-8?Q?J=C3=BCrgen?=', adl: null, mailbox: 'j', host: 'example.test' }],
        sender: null,
        replyTo: null,
        to: [
          { name: null, adl: null, mailbox: 'team', host: null },
          { name: null, adl: null, mailbox: 'a', host: 'example.test' },
          { name: null, adl: null, mailbox: null, host: null },
        ],
        cc: [{ name: 'C', adl: null, mailbox: 'c', host: 'example.test' }],
        bcc: null,
        inReplyTo: null,
        messageId: '<abc@example.test>',
      },
      bodyStructure: text,
    };
    expect(fromFetch('INBOX', a)).toEqual({
      folder: 'INBOX',
      uid: 42,
      messageId: 'abc@example.test',
      date: '2026-11-26T12:00:00.000Z',
      from: [{ name: 'Jürgen', address: 'j@example.test' }],
      to: [
        { name: null, address: 'a@example.test' },
        { name: 'C', address: 'c@example.test' },
      ],
      subject: 'Grüße',
      flags: ['\\Seen', '$Forwarded'],
      size: 1234,
      hasAttachments: false,
      modseq: 7n,
      maildirId: null,
      snippet: '',
    });
  });

  it('falls back to INTERNALDATE, then the epoch, and refuses a FETCH without UID', () => {
    expect(fromFetch('X', { uid: 1, internalDate: '01-Jan-2026 00:00:00 +0000' })?.date).toBe(
      '2026-01-01T00:00:00.000Z',
    );
    expect(fromFetch('X', { uid: 1 })?.date).toBe('1970-01-01T00:00:00.000Z');
    expect(fromFetch('X', { flags: [] })).toBeNull();
  });

  it('sees attachments by disposition or by a named non-text part, nested', () => {
    const pdf: BodyStructure = {
      ...text,
      mediaType: 'APPLICATION',
      subtype: 'PDF',
      params: { name: 'a.pdf' },
    };
    const inlineText: BodyStructure = {
      ...text,
      disposition: { type: 'inline', params: { filename: 'x.txt' } },
    };
    const attached: BodyStructure = { ...text, disposition: { type: 'ATTACHMENT', params: {} } };
    const multi = (parts: BodyStructure[]): BodyStructure => ({ type: 'multipart', subtype: 'MIXED', parts });
    expect(hasAttachments(multi([text, multi([text, pdf])]))).toBe(true);
    expect(hasAttachments(multi([text, inlineText]))).toBe(false);
    expect(hasAttachments(attached)).toBe(true);
    expect(hasAttachments(undefined)).toBe(false);
  });
});

describe('flags', () => {
  it('maps IMAP flags to the model and to Maildir letters', () => {
    expect(modelFlags(['\\seen', '\\Flagged', '\\Recent', '$Label1'])).toEqual({
      seen: true,
      flagged: true,
      answered: false,
      draft: false,
      keywords: ['$Label1'],
    });
    expect(maildirFlags(['\\Seen', '\\Deleted', '\\Answered', '\\Draft', '\\Flagged', '$x'])).toEqual([
      'D',
      'F',
      'R',
      'S',
      'T',
    ]);
  });

  it('changeFlags adds and removes case-insensitively without duplicates', () => {
    expect(changeFlags(['\\Seen', '$A'], ['\\seen', '\\Flagged'], ['$a'])).toEqual(['\\Seen', '\\Flagged']);
  });

  it('property: after changeFlags every added flag is present and every removed one absent (unless re-added)', () => {
    const flag = fc.constantFrom('\\Seen', '\\seen', '\\Flagged', '$A', '$a', 'Work');
    fc.assert(
      fc.property(fc.array(flag), fc.array(flag), fc.array(flag), (start, add, remove) => {
        const out = changeFlags(start, add, remove).map((f) => f.toUpperCase());
        for (const f of add) expect(out).toContain(f.toUpperCase());
        for (const f of remove)
          if (!add.some((a) => a.toUpperCase() === f.toUpperCase()))
            expect(out).not.toContain(f.toUpperCase());
        const startHasDuplicates = new Set(start.map((f) => f.toUpperCase())).size !== start.length;
        if (!startHasDuplicates) expect(new Set(out).size).toBe(out.length);
      }),
    );
  });

  it('sameFlags ignores order, case and \\Recent', () => {
    expect(sameFlags(['\\Seen', '$A'], ['$a', '\\SEEN', '\\Recent'])).toBe(true);
    expect(sameFlags(['\\Seen'], ['\\Seen', '\\Flagged'])).toBe(false);
  });
});

describe('message ids', () => {
  it('round-trip, including folders with colons and non-ASCII, and placeholders', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: -1000, max: 2 ** 31 }), fc.string(), (uv, uid, folder) => {
        expect(parseMessageId(messageIdOf(uv, uid, folder))).toEqual({ uidValidity: uv, uid, folder });
      }),
    );
    expect(parseMessageId('pop3:abc')).toBeNull();
  });
});
