/**
 * serverHits against the real Dovecot, on a sync context's own session: while the session
 * is busy (held here as a long sync would hold it) a search answers null within its
 * budget; a newer search supersedes it, so only the newer one reaches the server; a later
 * page reuses the answer, a first page asks again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { resetMailbox } from '../../e2e/servers/env';
import { openAs } from '../imap/int-helpers';
import { syncFolder } from '../imap/sync';
import { testCache, type TestCache } from '../imap/sync/int-helpers';
import { withSession } from '../imap/sync/session';
import type { TranscriptLine } from '../net/types';
import { serverHits } from './server-search';

let cache: TestCache | undefined;
afterEach(async () => {
  await cache?.dispose();
  cache = undefined;
});

describe('serverHits on the sync session (Dovecot)', () => {
  it('busy session: null in time; superseded searches are never sent; later pages reuse the answer', async () => {
    await resetMailbox('carol', { seed: true });
    cache = await testCache();
    const lines: TranscriptLine[] = [];
    const ctx = cache.open('carol', {}, () => openAs('carol', { transcript: (l) => lines.push(l) }));
    await syncFolder(ctx, 'INBOX');
    const uidsOf = (ids: string[]) =>
      ctx.store
        .uids('INBOX')
        .filter((uid) => ids.includes(ctx.store.message('INBOX', uid)?.messageId ?? ''))
        .sort((a, b) => a - b);
    // "usual" is in the bodies of the seeded lunch message and of the reply that quotes it.
    const expected = uidsOf(['seed-01-plain@example.test', 'seed-07-reply@example.test']);
    expect(expected).toHaveLength(2);
    const searches = () =>
      lines
        .filter((l) => l.direction === 'client' && /^\S+ UID SEARCH .*TEXT/.test(l.text))
        .map((l) => l.text);

    let release!: () => void;
    const held = withSession(ctx, () => new Promise<void>((resolve) => (release = resolve)));
    expect(await serverHits(ctx, 'INBOX', 'thursday', { budgetMs: 50 })).toBeNull();
    const newer = serverHits(ctx, 'INBOX', 'usual', { budgetMs: 30_000 });
    release();
    await held;
    expect([...((await newer) ?? [])].sort((a, b) => a - b)).toEqual(expected);
    expect(searches()).toHaveLength(1);
    expect(searches()[0]).toContain('"usual"');

    // A later page: the remembered answer, nothing sent. A first page: asked again.
    expect(await serverHits(ctx, 'INBOX', 'usual', { reuse: true })).toEqual(new Set(expected));
    expect(searches()).toHaveLength(1);
    expect(await serverHits(ctx, 'INBOX', 'usual')).toEqual(new Set(expected));
    expect(searches()).toHaveLength(2);
  });
});
