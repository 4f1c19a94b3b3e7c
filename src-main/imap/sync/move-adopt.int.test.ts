/**
 * A message moved into a folder the cache has never synced shows exactly once there: before
 * the move reaches the server, after it, and after that folder's first sync (real Dovecot,
 * which answers MOVE with COPYUID). For a server that does not say the new UID, a session
 * over the same Dovecot that hides COPYUID stands in (no such server is among the test
 * servers): the placed copy stays, with its cached body, and the sync adopts it by Message-ID.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageListDiff } from '../../model';
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { append } from '../commands/append';
import { createMailbox, deleteMailbox } from '../commands/mailboxes';
import { openAs, sampleMessage, uniqueName } from '../int-helpers';
import { applyAction } from './actions';
import { fetchBody } from './bodies';
import { syncFolder } from './engine';
import { testCache, type TestCache } from './int-helpers';
import type { SyncContext } from './types';

/** A real Dovecot session whose UID MOVE results carry no COPYUID (as from a server without UIDPLUS). */
async function withoutCopyUid(): Promise<ImapClient> {
  const client = await openAs('carol');
  const execute = client.execute.bind(client);
  client.execute = async (name, args, options = {}) => {
    if (name !== 'UID MOVE') return execute(name, args, options);
    const collect = options.collect;
    const r = await execute(name, args, {
      ...options,
      ...(collect === undefined
        ? {}
        : { collect: (d) => collect(d.type === 'condition' ? { ...d, code: null } : d) }),
    });
    return { ...r, tagged: { ...r.tagged, code: null } };
  };
  return client;
}

const offline = (): Promise<ImapClient> =>
  Promise.reject(new MailwrightError('network', 'Offline for this test.'));

describe('a move into a folder never synced shows once (real Dovecot)', () => {
  let cache: TestCache;
  const folder = uniqueName('MvFrom');
  const target = uniqueName('MvTo');
  const withId = sampleMessage(`moved ${folder}`);
  // No Message-ID: nothing to adopt it by.
  const withoutId = Buffer.from(
    `From: Bob <bob@example.test>\r\nTo: carol@example.test\r\nSubject: no id ${folder}\r\n` +
      'Date: Thu, 26 Nov 2026 12:00:00 +0000\r\n\r\nHi.\r\n',
  );

  beforeEach(async () => {
    cache = await testCache();
    const c = await openAs('carol');
    try {
      await createMailbox(c, folder);
      await createMailbox(c, target);
      await append(c, folder, withId);
      await append(c, folder, withoutId);
    } finally {
      await c.logout();
    }
  });
  afterEach(async () => {
    await cache.dispose();
    const c = await openAs('carol');
    try {
      await deleteMailbox(c, folder).catch(() => undefined);
      await deleteMailbox(c, target).catch(() => undefined);
    } finally {
      await c.logout();
    }
  });

  /** The source synced (the target only listed, never synced); the first message's body cached. */
  async function prepare(ctx: SyncContext): Promise<number> {
    await syncFolder(ctx, folder);
    expect(ctx.store.folderState(target)?.uidValidity).toBeNull();
    const [uid] = ctx.store.uids(folder) as [number];
    await fetchBody(ctx, folder, uid);
    return uid;
  }

  const rows = (ctx: SyncContext) => ctx.store.page('carol', target, 0, 10).messages;

  it('online (COPYUID): one row at once, none added by the first sync, the body kept', async () => {
    const ctx = cache.open('carol');
    const uid = await prepare(ctx);
    await applyAction(ctx, { kind: 'move', folder, uids: [uid], to: target });
    expect(ctx.store.queue.queued()).toHaveLength(0);
    expect(rows(ctx)).toHaveLength(1);
    const report = await syncFolder(ctx, target);
    expect(report.added).toBe(0);
    const [only, ...more] = rows(ctx);
    expect(more).toEqual([]);
    expect(only).toMatchObject({ source: { protocol: 'imap' }, partial: false, subject: `moved ${folder}` });
  }, 60_000);

  it('offline, then the first sync of the target (which sends the move first): one row', async () => {
    const online = cache.open('carol');
    const uid = await prepare(online);
    online.store.close();
    const off = cache.open('carol', {}, offline);
    await applyAction(off, { kind: 'move', folder, uids: [uid], to: target });
    expect(rows(off).map((m) => m.source.protocol)).toEqual(['local']);
    off.store.close();

    const again = cache.open('carol');
    await syncFolder(again, target);
    expect(again.store.queue.queued()).toHaveLength(0);
    expect(rows(again).map((m) => [m.source.protocol, m.partial])).toEqual([['imap', false]]);
    expect((await syncFolder(again, folder)).removed).toBe(0);
    expect(again.store.uids(folder)).toHaveLength(1);
  }, 60_000);

  it('without COPYUID: the placed copy stays until the first sync adopts it by Message-ID', async () => {
    const ctx = cache.open('carol', {}, withoutCopyUid);
    const uid = await prepare(ctx);
    const diffs: MessageListDiff[] = [];
    const h = { onChange: (d: MessageListDiff) => diffs.push(d) };
    await applyAction(ctx, { kind: 'move', folder, uids: [uid], to: target }, h);
    expect(ctx.store.queue.queued()).toHaveLength(0); // the server has done it
    const [placed, ...none] = rows(ctx);
    expect(none).toEqual([]);
    expect(placed).toMatchObject({ source: { protocol: 'local' }, partial: false });

    diffs.length = 0;
    const report = await syncFolder(ctx, target, h);
    expect(report.added).toBe(1);
    const [only, ...more] = rows(ctx);
    expect(more).toEqual([]);
    // The server's row, with the body the placed copy had (nothing fetched again).
    expect(only).toMatchObject({ source: { protocol: 'imap' }, partial: false, subject: `moved ${folder}` });
    expect(diffs.flatMap((d) => d.removed)).toEqual([placed!.id]);
    expect(diffs.flatMap((d) => d.added.map((m) => m.id))).toEqual([only!.id]);
    // A second sync changes nothing.
    expect(await syncFolder(ctx, target)).toMatchObject({ added: 0, removed: 0 });
    expect(rows(ctx)).toHaveLength(1);
  }, 60_000);

  it('without COPYUID and without a Message-ID: after the first sync only the server row is left', async () => {
    const ctx = cache.open('carol', {}, withoutCopyUid);
    await syncFolder(ctx, folder);
    const noId = ctx.store
      .uids(folder)
      .map((u) => ctx.store.message(folder, u)!)
      .find((m) => m.messageId === null)!;
    await applyAction(ctx, { kind: 'move', folder, uids: [noId.uid], to: target });
    expect(rows(ctx).map((m) => m.source.protocol)).toEqual(['local']);
    await syncFolder(ctx, target);
    expect(rows(ctx).map((m) => [m.source.protocol, m.subject])).toEqual([['imap', `no id ${folder}`]]);
  }, 60_000);
});
