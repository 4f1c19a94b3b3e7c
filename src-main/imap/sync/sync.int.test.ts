import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededMessages } from '../../../e2e/servers/env';
import type { MessageListDiff, SyncProgress } from '../../model';
import { append } from '../commands/append';
import { uidFetch } from '../commands/fetch';
import { createMailbox, deleteMailbox } from '../commands/mailboxes';
import { uidSearch } from '../commands/search';
import { select } from '../commands/select';
import { uidStore } from '../commands/store';
import { openAs, sampleMessage, uniqueName } from '../int-helpers';
import { raw } from '../serialize';
import { syncAccount, syncFolder } from './engine';
import { closeSync } from './session';
import { testCache, type TestCache } from './int-helpers';
import type { SyncContext } from './types';

async function serverUids(user: 'alice' | 'carol', folder: string): Promise<number[]> {
  const c = await openAs(user);
  try {
    await select(c, folder, { readOnly: true });
    return await uidSearch(c, [raw('ALL')]);
  } finally {
    await c.logout();
  }
}

/** Runs `fn` on a second session of carol (the "other client"). */
async function asOtherClient(fn: (c: Awaited<ReturnType<typeof openAs>>) => Promise<void>): Promise<void> {
  const c = await openAs('carol');
  try {
    await fn(c);
  } finally {
    await c.logout();
  }
}

function cachedUids(ctx: SyncContext, folder: string): number[] {
  return ctx.store.uids(folder);
}

describe('IMAP sync into the local store (real Dovecot)', () => {
  let cache: TestCache;
  beforeEach(async () => {
    cache = await testCache();
  });
  afterEach(async () => {
    await cache.dispose();
  });

  it("first sync of alice's tree: folders mirrored, headers newest first in batches, counts right; a second sync changes nothing", async () => {
    const ctx = cache.open('alice', { batchSize: 2 });
    const diffs: MessageListDiff[] = [];
    const progress: SyncProgress[] = [];
    const report = await syncAccount(ctx, {
      onChange: (d) => diffs.push(d),
      onProgress: (p) => progress.push(p),
    });

    const tree = ctx.store.folders('alice');
    const top = tree.map((f) => f.path);
    expect(top[0]).toBe('INBOX');
    expect(top).toEqual(expect.arrayContaining(['Sent', 'Trash', 'Drafts', 'Work', '日本語']));
    expect(tree.find((f) => f.path === 'Sent')?.specialUse).toBe('sent');
    expect(tree.find((f) => f.path === 'Work')?.children.map((f) => f.path)).toContain('Work/Projects');

    for (const folder of ['INBOX', 'Work/Projects']) {
      const onServer = await serverUids('alice', folder);
      expect(cachedUids(ctx, folder)).toEqual(onServer);
      expect(onServer.length).toBeGreaterThanOrEqual(seededMessages(folder).length);
    }
    const inbox = ctx.store.page('alice', 'INBOX', 0, 1000);
    expect(inbox.total).toBe(cachedUids(ctx, 'INBOX').length);
    expect(inbox.messages.every((m) => m.source.protocol === 'imap' && m.partial)).toBe(true);
    expect(inbox.messages.some((m) => m.subject !== '' && m.from.length > 0)).toBe(true);

    // Headers came newest first, two per batch: INBOX's first diff holds its two highest UIDs.
    const firstInbox = diffs.find((d) => d.folder === 'INBOX')!;
    const top2 = cachedUids(ctx, 'INBOX').slice(-2).reverse();
    expect(firstInbox.added.map((m) => (m.source.protocol === 'imap' ? m.source.uid : 0))).toEqual(top2);
    expect(
      progress.some((p) => p.phase === 'fetching-headers' && p.total !== null && p.done === p.total),
    ).toBe(true);
    expect(progress.at(-1)?.phase).toBe('done');
    expect(report.folders.find((f) => f.folder === 'INBOX')?.added).toBe(cachedUids(ctx, 'INBOX').length);

    const again = await syncAccount(ctx, { onChange: (d) => diffs.push(d) });
    const inboxAgain = again.folders.find((f) => f.folder === 'INBOX')!;
    expect(inboxAgain.rebuilt).toBe(false);
    expect(inboxAgain.flagsVia).toBe('condstore');
    expect(cachedUids(ctx, 'INBOX')).toEqual(await serverUids('alice', 'INBOX'));
  }, 60_000);

  for (const mode of ['condstore+qresync', 'plain'] as const) {
    it(`resync (${mode}): new messages by UID range, another session's flag change and expunge arrive`, async () => {
      const folder = uniqueName(`Sync-${mode === 'plain' ? 'plain' : 'cs'}`);
      await asOtherClient(async (c) => {
        await createMailbox(c, folder);
        for (let i = 1; i <= 3; i++) await append(c, folder, sampleMessage(`first ${i}`));
      });
      try {
        const ctx = cache.open('carol', mode === 'plain' ? { extensions: [] } : {});
        const first = await syncFolder(ctx, folder);
        expect(first.added).toBe(3);
        const [u1, u2, u3] = cachedUids(ctx, folder) as [number, number, number];

        await asOtherClient(async (c) => {
          await append(c, folder, sampleMessage('later 1'));
          await append(c, folder, sampleMessage('later 2'));
        });
        const second = await syncFolder(ctx, folder);
        expect(second.added).toBe(2);
        expect(cachedUids(ctx, folder)).toHaveLength(5);
        expect(
          ctx.store
            .page('carol', folder, 0, 10)
            .messages.map((m) => m.subject)
            .sort(),
        ).toEqual(['first 1', 'first 2', 'first 3', 'later 1', 'later 2']);

        await asOtherClient(async (c) => {
          await select(c, folder);
          await uidStore(c, String(u1), 'add', ['\\Flagged', '$Label1']);
          await uidStore(c, String(u2), 'add', ['\\Deleted']);
          await c.execute('UID EXPUNGE', [raw(String(u2))]);
        });
        const diffs: MessageListDiff[] = [];
        const third = await syncFolder(ctx, folder, { onChange: (d) => diffs.push(d) });
        expect(third.flagsVia).toBe(mode === 'plain' ? 'full-refresh' : 'condstore');
        expect(third.expungesVia).toBe(mode === 'plain' ? 'search-diff' : 'qresync');
        expect(third).toMatchObject({ added: 0, updated: 1, removed: 1 });
        const flagged = ctx.store.message(folder, u1)!;
        expect(flagged.flags).toEqual(expect.arrayContaining(['\\Flagged', '$Label1']));
        expect(ctx.store.message(folder, u2)).toBeUndefined();
        expect(ctx.store.message(folder, u3)).toBeDefined();
        expect(diffs.flatMap((d) => d.removed)).toHaveLength(1);
        expect(diffs.flatMap((d) => d.updated.map((m) => m.flags.flagged))).toEqual([true]);
        expect(cachedUids(ctx, folder)).toEqual(await serverUids('carol', folder));
      } finally {
        await asOtherClient((c) => deleteMailbox(c, folder));
      }
    }, 60_000);
  }

  it('UIDVALIDITY change (folder deleted and recreated under the same name): the cache is dropped and rebuilt', async () => {
    const folder = uniqueName('Sync-uv');
    await asOtherClient(async (c) => {
      await createMailbox(c, folder);
      await append(c, folder, sampleMessage('old 1'));
      await append(c, folder, sampleMessage('old 2'));
    });
    try {
      const ctx = cache.open('carol', { downloadBodies: true });
      await syncFolder(ctx, folder);
      const before = ctx.store.folderState(folder)!.uidValidity;
      expect(cachedUids(ctx, folder)).toHaveLength(2);

      await asOtherClient(async (c) => {
        await deleteMailbox(c, folder);
        await createMailbox(c, folder);
        await append(c, folder, sampleMessage('new 1'));
      });
      const diffs: MessageListDiff[] = [];
      const report = await syncFolder(ctx, folder, { onChange: (d) => diffs.push(d) });
      expect(report.rebuilt).toBe(true);
      expect(ctx.store.folderState(folder)!.uidValidity).not.toBe(before);
      const page = ctx.store.page('carol', folder, 0, 10);
      expect(page.messages.map((m) => m.subject)).toEqual(['new 1']);
      expect(page.messages[0]!.partial).toBe(false);
      expect(diffs[0]!.removed).toHaveLength(2);
      expect(diffs.flatMap((d) => d.added.map((m) => m.subject))).toEqual(['new 1']);
      // The old bodies are gone from the Maildir and the search index too.
      expect((await (await ctx.store.maildir(folder)).list()).length).toBe(1);
      expect(ctx.store.messageIndex().search('old')).toHaveLength(0);
    } finally {
      await asOtherClient((c) => deleteMailbox(c, folder));
    }
  }, 60_000);

  it('bodies on demand are cached once, byte for byte', async () => {
    const ctx = cache.open('alice');
    await syncFolder(ctx, 'INBOX');
    const uid = cachedUids(ctx, 'INBOX')[0]!;
    const { fetchBody } = await import('./bodies');
    const body = await fetchBody(ctx, 'INBOX', uid);
    const c = await openAs('alice');
    try {
      await select(c, 'INBOX', { readOnly: true });
      const [m] = await uidFetch(c, String(uid), ['BODY.PEEK[]']);
      expect(body.equals(m!.attributes.sections![0]!.data!)).toBe(true);
    } finally {
      await c.logout();
    }
    expect(ctx.store.message('INBOX', uid)!.maildirId).not.toBeNull();
    expect((await ctx.store.readBody('INBOX', uid))!.equals(body)).toBe(true);
    // Once: asked again with the server out of reach, the cached body is the answer.
    await closeSync(ctx);
    ctx.connect = () => Promise.reject(new Error('offline: the second fetch must not reach the server'));
    expect((await fetchBody(ctx, 'INBOX', uid)).equals(body)).toBe(true);
  }, 60_000);
});
