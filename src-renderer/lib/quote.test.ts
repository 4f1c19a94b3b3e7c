import { describe, expect, it } from 'vitest';
import type { MessageDetail, MessageSummary } from '../../src-main/model';
import { bracket, composeFrom, prefixSubject } from './quote';

const summary = {
  id: 'm1',
  accountId: 'a1',
  folder: 'INBOX',
  messageId: 'p1@example.test',
  date: '2026-01-02T10:00:00.000Z',
  from: [{ name: 'Bob', address: 'bob@example.test' }],
  to: [
    { name: 'Ada', address: 'ada@example.test' },
    { name: null, address: 'carol@example.test' },
  ],
  subject: 'Plans',
} as MessageSummary;

const m: MessageDetail = {
  summary,
  cc: [{ name: null, address: 'dan@example.test' }],
  replyTo: [],
  headers: [],
  text: 'Line one\n> earlier',
  html: null,
  attachments: [],
  references: ['<p0@example.test>', '<p1@example.test>'],
};

describe('composeFrom', () => {
  it('reply goes to the sender, quotes and threads', () => {
    const r = composeFrom(m, 'reply', 'ada@example.test', 'Friday');
    expect(r.to).toEqual([{ name: 'Bob', address: 'bob@example.test' }]);
    expect(r.cc).toEqual([]);
    expect(r.subject).toBe('Re: Plans');
    expect(r.text).toContain('On Friday, Bob <bob@example.test> wrote:\n> Line one\n>> earlier');
    expect(r.inReplyTo).toBe('<p1@example.test>');
    expect(r.references).toEqual(['<p0@example.test>', '<p1@example.test>']);
  });

  it('reply-all copies everyone but me, once', () => {
    const r = composeFrom(m, 'reply-all', 'ADA@example.test', 'Friday');
    expect(r.to.map((a) => a.address)).toEqual(['bob@example.test']);
    expect(r.cc.map((a) => a.address)).toEqual(['carol@example.test', 'dan@example.test']);
  });

  it('Reply-To wins over From; replying to my own message goes to its recipients', () => {
    const withReplyTo = { ...m, replyTo: [{ name: null, address: 'list@example.test' }] };
    expect(composeFrom(withReplyTo, 'reply', 'ada@example.test', 'x').to[0]!.address).toBe(
      'list@example.test',
    );
    const mine = { ...m, summary: { ...summary, from: [{ name: 'Ada', address: 'ada@example.test' }] } };
    expect(composeFrom(mine, 'reply', 'ada@example.test', 'x').to.map((a) => a.address)).toEqual([
      'ada@example.test',
      'carol@example.test',
    ]);
  });

  it('without references the parent id alone is the reference', () => {
    const r = composeFrom({ ...m, references: [] }, 'reply', 'ada@example.test', 'x');
    expect(r.references).toEqual(['<p1@example.test>']);
  });

  it('forward has no recipients, no threading, and the original headers', () => {
    const r = composeFrom(m, 'forward', 'ada@example.test', 'Friday');
    expect(r.to).toEqual([]);
    expect(r.subject).toBe('Fwd: Plans');
    expect(r.inReplyTo).toBeNull();
    expect(r.text).toContain('From: Bob <bob@example.test>');
    expect(r.text).toContain('Line one');
  });

  it('does not stack prefixes', () => {
    expect(prefixSubject('Re', 'RE: x')).toBe('RE: x');
    expect(prefixSubject('Fwd', 'Fw: x')).toBe('Fw: x');
    expect(bracket('x@y')).toBe('<x@y>');
    expect(bracket('<x@y>')).toBe('<x@y>');
  });
});
