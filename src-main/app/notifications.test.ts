import { describe, expect, it } from 'vitest';
import type { MessageSummary, NewMail } from '../model';
import { newMailNotification } from './notifications';

function message(from: MessageSummary['from'], subject: string): MessageSummary {
  return {
    id: 'm1',
    accountId: 'a1',
    folder: 'INBOX',
    source: { protocol: 'imap', uidValidity: 1, uid: 1 },
    messageId: null,
    date: '2026-11-26T12:00:00Z',
    from,
    to: [],
    subject,
    snippet: '',
    flags: { seen: false, flagged: false, answered: false, draft: false, keywords: [] },
    size: 100,
    hasAttachments: false,
    partial: false,
  };
}

const event = (messages: MessageSummary[]): NewMail => ({ accountId: 'a1', folder: 'INBOX', messages });

describe('newMailNotification', () => {
  it('names the sender and the subject of one message', () => {
    expect(
      newMailNotification(event([message([{ name: 'Ada', address: 'ada@x.example' }], 'Lunch?')])),
    ).toEqual({
      title: 'New mail from Ada',
      body: 'Lunch?',
    });
    expect(newMailNotification(event([message([{ name: null, address: 'bob@x.example' }], ' ')]))).toEqual({
      title: 'New mail from bob@x.example',
      body: '(no subject)',
    });
    expect(newMailNotification(event([message([], 'x')]))?.title).toBe('New mail from an unknown sender');
  });

  it('counts several messages instead of listing them', () => {
    const m = message([{ name: 'Ada', address: 'ada@x.example' }], 'a');
    expect(newMailNotification(event([m, m, m]))).toEqual({ title: '3 new messages', body: 'In INBOX' });
  });

  it('shows nothing for an empty event', () => {
    expect(newMailNotification(event([]))).toBeUndefined();
  });

  it('flattens line breaks, drops control and bidi characters, and caps the length', () => {
    const spoof = message(
      [{ name: 'Bank\u202e\u0007\r\nSupport', address: 'x@x.example' }],
      `A\nB\t${'z'.repeat(300)}`,
    );
    const n = newMailNotification(event([spoof]));
    expect(n?.title).toBe('New mail from Bank Support');
    expect(n?.body.startsWith('A B zzz')).toBe(true);
    expect([...(n?.body ?? '')]).toHaveLength(160);
    expect(n?.body.endsWith('…')).toBe(true);
  });
});
