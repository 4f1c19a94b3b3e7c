import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../model';
import { headerMatch, pageOf } from './imap-side';

function msg(i: number, over: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id: `imap:1:${i}:INBOX`,
    accountId: 'a',
    folder: 'INBOX',
    source: { protocol: 'imap', uidValidity: 1, uid: i },
    messageId: null,
    date: new Date(Date.UTC(2026, 0, 1 + (i % 7))).toISOString(),
    from: [{ name: null, address: `u${i % 3}@x` }],
    to: [],
    subject: `s${i % 5}`,
    snippet: '',
    flags: { seen: i % 2 === 0, flagged: i % 3 === 0, answered: false, draft: false, keywords: [] },
    size: (i * 37) % 11,
    hasAttachments: false,
    partial: false,
    ...over,
  };
}

describe('pageOf', () => {
  it('filters before counting: total and pages hold only matching messages', () => {
    const all = Array.from({ length: 10 }, (_, i) => msg(i + 1));
    const page = pageOf(all, { accountId: 'a', folder: 'INBOX', offset: 0, limit: 2, filter: 'unread' });
    expect(page.total).toBe(5);
    expect(page.messages.every((m) => !m.flags.seen)).toBe(true);
    expect(page.nextOffset).toBe(2);
  });

  it('paging through any sort and filter yields every matching message once, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('date', 'from', 'subject', 'size') as fc.Arbitrary<
          'date' | 'from' | 'subject' | 'size'
        >,
        fc.constantFrom('asc', 'desc') as fc.Arbitrary<'asc' | 'desc'>,
        fc.constantFrom('all', 'unread', 'flagged') as fc.Arbitrary<'all' | 'unread' | 'flagged'>,
        (n, limit, by, direction, filter) => {
          const all = Array.from({ length: n }, (_, i) => msg(i + 1));
          const ids: string[] = [];
          let offset: number | null = 0;
          for (let guard = 0; offset !== null && guard < 100; guard++) {
            const p = pageOf(all, {
              accountId: 'a',
              folder: 'INBOX',
              offset,
              limit,
              sort: { by, direction },
              filter,
            });
            ids.push(...p.messages.map((m) => m.id));
            offset = p.nextOffset;
          }
          const matching = all.filter((m) =>
            filter === 'unread' ? !m.flags.seen : filter === 'flagged' ? m.flags.flagged : true,
          );
          expect([...ids].sort()).toEqual(matching.map((m) => m.id).sort());
          const once = pageOf(all, {
            accountId: 'a',
            folder: 'INBOX',
            offset: 0,
            limit: 1000,
            sort: { by, direction },
            filter,
          });
          expect(once.messages.map((m) => m.id)).toEqual(ids);
          for (let i = 1; i < once.messages.length && by === 'size'; i++) {
            const [a, b] = [once.messages[i - 1]!.size, once.messages[i]!.size];
            expect(direction === 'asc' ? a <= b : a >= b).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('headerMatch (search over what the cache knows of every message)', () => {
  const m = msg(1, {
    subject: 'Grüße aus Köln',
    from: [{ name: 'Zoë Example', address: 'zoe@example.test' }],
    to: [{ name: null, address: 'bob@example.test' }],
  });

  it('finds every word in the subject, senders and recipients, ignoring case and accents', () => {
    expect(headerMatch(m, 'gruße')).toBe(true);
    expect(headerMatch(m, 'KÖLN  grüße')).toBe(true);
    expect(headerMatch(m, 'zoe')).toBe(true);
    expect(headerMatch(m, 'bob@example')).toBe(true);
    expect(headerMatch(m, '"aus köln"')).toBe(true);
  });

  it('needs all words, and an empty search finds nothing', () => {
    expect(headerMatch(m, 'köln berlin')).toBe(false);
    expect(headerMatch(m, 'smørrebrød')).toBe(false);
    expect(headerMatch(m, '   ')).toBe(false);
    expect(headerMatch(m, '""')).toBe(false);
  });
});
