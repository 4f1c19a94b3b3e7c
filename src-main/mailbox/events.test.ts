import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, Events } from '../ipc/contract';
import type { MessageListDiff, MessageSummary } from '../model';
import { createEventBatcher, MAX_DIFF_ROWS, mergeDiffs } from './events';

function msg(id: string, subject = id): MessageSummary {
  return {
    id,
    accountId: 'a',
    folder: 'INBOX',
    source: { protocol: 'local' },
    messageId: null,
    date: '2026-01-01T00:00:00.000Z',
    from: [],
    to: [],
    subject,
    snippet: '',
    flags: { seen: false, flagged: false, answered: false, draft: false, keywords: [] },
    size: 1,
    hasAttachments: false,
    partial: false,
  };
}

function diff(part: Partial<MessageListDiff>): MessageListDiff {
  return { accountId: 'a', folder: 'INBOX', added: [], updated: [], removed: [], ...part };
}

/** Applies a diff to a list the way the renderer does: removed, updated, added. */
function apply(list: Map<string, string>, d: MessageListDiff): Map<string, string> {
  const next = new Map(list);
  for (const id of d.removed) next.delete(id);
  for (const m of d.updated) if (next.has(m.id)) next.set(m.id, m.subject);
  for (const m of d.added) next.set(m.id, m.subject);
  return next;
}

describe('mergeDiffs', () => {
  it('an add then a remove in one window is never announced', () => {
    const merged = mergeDiffs(diff({ added: [msg('1')] }), diff({ removed: ['1'] }));
    expect(merged).toEqual(diff({}));
  });

  it('an update of a row added in the window updates the added row', () => {
    const merged = mergeDiffs(diff({ added: [msg('1')] }), diff({ updated: [msg('1', 'new')] }));
    expect(merged.added.map((m) => m.subject)).toEqual(['new']);
    expect(merged.updated).toEqual([]);
  });

  it('applying the merge equals applying both, for any sequence of changes', () => {
    const ids = fc.constantFrom('1', '2', '3', '4');
    const change = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: ids, subject: fc.string({ maxLength: 3 }) }),
      fc.record({ kind: fc.constant('update' as const), id: ids, subject: fc.string({ maxLength: 3 }) }),
      fc.record({ kind: fc.constant('remove' as const), id: ids, subject: fc.constant('') }),
    );
    fc.assert(
      fc.property(fc.array(change, { maxLength: 12 }), fc.constantFrom('1', '2'), (changes, start) => {
        // A valid history: add only what is absent, update/remove only what is present.
        let list = new Map<string, string>([[start, 's']]);
        const diffs: MessageListDiff[] = [];
        for (const c of changes) {
          const present = list.has(c.id);
          let d: MessageListDiff | undefined;
          if (c.kind === 'add' && !present) d = diff({ added: [msg(c.id, c.subject)] });
          if (c.kind === 'update' && present) d = diff({ updated: [msg(c.id, c.subject)] });
          if (c.kind === 'remove' && present) d = diff({ removed: [c.id] });
          if (d === undefined) continue;
          diffs.push(d);
          list = apply(list, d);
        }
        const initial = new Map<string, string>([[start, 's']]);
        const merged = diffs.reduce((a, b) => mergeDiffs(a, b), diff({}));
        expect(apply(initial, merged)).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });
});

describe('createEventBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('coalesces a burst into one event per key, in first-seen order, after the window', () => {
    const out: [EventName, Events[EventName]][] = [];
    const b = createEventBatcher((e, p) => out.push([e, p]), 100);
    for (let i = 0; i < 1000; i++) {
      b.emit('sync-progress', { accountId: 'a', phase: 'fetching-headers', done: i, total: 1000, bytes: i });
      b.emit('message-list-diff', diff({ added: [msg(String(i))] }));
    }
    b.emit('counts-changed', { accountId: 'a', path: 'INBOX', counts: { total: 1000, unread: 1000 } });
    expect(out).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(out.map(([e]) => e)).toEqual(['sync-progress', 'message-list-diff', 'counts-changed']);
    expect(out[0]?.[1]).toMatchObject({ done: 999 });
    expect((out[1]![1] as MessageListDiff).added).toHaveLength(1000);
  });

  it('keeps folders and accounts apart, and lets errors through one by one', () => {
    const out: [EventName, Events[EventName]][] = [];
    const b = createEventBatcher((e, p) => out.push([e, p]), 100);
    b.emit('message-list-diff', diff({ added: [msg('1')] }));
    b.emit('message-list-diff', { ...diff({ added: [msg('2')] }), folder: 'Sent' });
    b.emit('account-error', { accountId: 'a', error: { kind: 'network', message: 'one' } });
    b.emit('account-error', { accountId: 'a', error: { kind: 'network', message: 'two' } });
    b.emit('protocol-log', {
      accountId: 'a',
      lines: [{ seq: 1, protocol: 'imap', direction: 'client', text: 'x', time: 0 }],
    });
    b.emit('protocol-log', {
      accountId: 'a',
      lines: [{ seq: 2, protocol: 'imap', direction: 'server', text: 'y', time: 0 }],
    });
    b.flush();
    expect(out.map(([e]) => e)).toEqual([
      'message-list-diff',
      'message-list-diff',
      'account-error',
      'account-error',
      'protocol-log',
    ]);
    expect((out[4]![1] as Events['protocol-log']).lines.map((l) => l.seq)).toEqual([1, 2]);
  });

  it('a 100,000-message sync in one window: bounded diffs in order, nothing lost, counts once', () => {
    const out: [EventName, Events[EventName]][] = [];
    const b = createEventBatcher((e, p) => out.push([e, p]), 100);
    // The sync announces in batches of 250 (as imap/sync does), with counts after each.
    for (let start = 0; start < 100_000; start += 250) {
      const added = Array.from({ length: 250 }, (_, i) => msg(String(start + i)));
      b.emit('message-list-diff', diff({ added }));
      b.emit('counts-changed', { accountId: 'a', path: 'INBOX', counts: { total: start + 250, unread: 0 } });
    }
    vi.advanceTimersByTime(100);
    const diffs = out.filter(([e]) => e === 'message-list-diff').map(([, p]) => p as MessageListDiff);
    expect(diffs).toHaveLength(100_000 / MAX_DIFF_ROWS);
    expect(diffs.every((d) => d.added.length === MAX_DIFF_ROWS)).toBe(true);
    expect(diffs.flatMap((d) => d.added.map((m) => Number(m.id)))).toEqual(
      Array.from({ length: 100_000 }, (_, i) => i),
    );
    const counts = out.filter(([e]) => e === 'counts-changed');
    expect(counts).toHaveLength(1);
    expect(counts[0]![1]).toMatchObject({ counts: { total: 100_000 } });
  });

  it('splitting full diffs keeps their meaning, for any valid sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('add', 'update', 'remove'),
            id: fc.integer({ min: 0, max: 5 }).map(String),
            subject: fc.string({ maxLength: 3 }),
          }),
          { maxLength: 40 },
        ),
        (steps) => {
          const delivered: MessageListDiff[] = [];
          const b = createEventBatcher((_, p) => delivered.push(p as MessageListDiff), 100, 3);
          let direct = new Map<string, string>();
          for (const s of steps) {
            // A valid history, as in the merge property: add only what is absent, the rest only what is present.
            const present = direct.has(s.id);
            let d: MessageListDiff | undefined;
            if (s.kind === 'add' && !present) d = diff({ added: [msg(s.id, s.subject)] });
            if (s.kind === 'update' && present) d = diff({ updated: [msg(s.id, s.subject)] });
            if (s.kind === 'remove' && present) d = diff({ removed: [s.id] });
            if (d === undefined) continue;
            direct = apply(direct, d);
            b.emit('message-list-diff', d);
          }
          b.flush();
          let batched = new Map<string, string>();
          for (const d of delivered) batched = apply(batched, d);
          expect(batched).toEqual(direct);
          // A diff closes at three rows; one change adds at most one row before that check.
          for (const d of delivered)
            expect(d.added.length + d.updated.length + d.removed.length).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a throwing listener does not stop the rest of the batch', () => {
    const seen: EventName[] = [];
    const b = createEventBatcher((e) => {
      seen.push(e);
      if (e === 'accounts-changed') throw new Error('listener bug');
    }, 100);
    b.emit('accounts-changed', { accounts: [] });
    b.emit('folders-changed', { accountId: 'a', folders: [] });
    b.flush();
    expect(seen).toEqual(['accounts-changed', 'folders-changed']);
  });
});
