import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { append } from '../commands/append';
import { uidFetch } from '../commands/fetch';
import { createMailbox, deleteMailbox } from '../commands/mailboxes';
import { uidSearch } from '../commands/search';
import { select } from '../commands/select';
import { uidStore } from '../commands/store';
import { openAs, sampleMessage, uniqueName } from '../int-helpers';
import { astring, raw } from '../serialize';
import { applyAction, appendToSent, replayQueue } from './actions';
import { syncFolder } from './engine';
import { testCache, type TestCache } from './int-helpers';

const offline = (): Promise<ImapClient> =>
  Promise.reject(new MailwrightError('network', 'Offline for this test.'));

async function asCarol<T>(fn: (c: ImapClient) => Promise<T>): Promise<T> {
  const c = await openAs('carol');
  try {
    return await fn(c);
  } finally {
    await c.logout();
  }
}

/** UIDs of messages in `folder` whose Message-ID is `id` (angle brackets included). */
function findById(folder: string, id: string): Promise<number[]> {
  return asCarol(async (c) => {
    await select(c, folder, { readOnly: true });
    return uidSearch(c, [raw('HEADER'), raw('Message-ID'), astring(id)]);
  });
}

function messageIdOfRaw(m: Buffer): string {
  return /^Message-ID: (<[^>]+>)/im.exec(m.toString('latin1'))![1]!;
}

/** Removes messages by Message-ID from a shared folder (Sent, Trash) so the account is left as found. */
async function removeById(folder: string, id: string): Promise<void> {
  await asCarol(async (c) => {
    await select(c, folder);
    const uids = await uidSearch(c, [raw('HEADER'), raw('Message-ID'), astring(id)]);
    if (uids.length === 0) return;
    await uidStore(c, uids.join(','), 'add', ['\\Deleted']);
    await c.execute('UID EXPUNGE', [raw(uids.join(','))]);
  });
}

describe('local actions: applied at once, queued durably, replayed once (real Dovecot)', () => {
  let cache: TestCache;
  const folder = uniqueName('Act');
  const other = uniqueName('ActTo');
  const messages = [1, 2, 3, 4].map((i) => sampleMessage(`action ${i} ${folder}`));

  beforeEach(async () => {
    cache = await testCache();
    await asCarol(async (c) => {
      await createMailbox(c, folder);
      await createMailbox(c, other);
      for (const m of messages) await append(c, folder, m);
    });
  });
  afterEach(async () => {
    await cache.dispose();
    await asCarol(async (c) => {
      await deleteMailbox(c, folder).catch(() => undefined);
      await deleteMailbox(c, other).catch(() => undefined);
    });
    for (const m of messages) await removeById('Trash', messageIdOfRaw(m));
  });

  it('flag, move and delete made offline survive a restart and reach the server exactly once', async () => {
    const online = cache.open('carol', { deleteMode: 'expunge' });
    await syncFolder(online, folder);
    const [u1, u2, u3] = online.store.uids(folder) as [number, number, number];
    online.store.close();

    // "Offline": every connect fails; the actions still apply locally at once.
    const off = cache.open('carol', { deleteMode: 'expunge' }, offline);
    await applyAction(off, { kind: 'flag', folder, uids: [u1], add: ['\\Flagged'], remove: [] });
    await applyAction(off, { kind: 'move', folder, uids: [u2], to: other });
    await applyAction(off, { kind: 'delete', folder, uids: [u3] });
    expect(off.store.message(folder, u1)!.flags).toContain('\\Flagged');
    expect(off.store.uids(folder)).toEqual([u1, off.store.uids(folder)[1]]);
    expect(off.store.page('carol', other, 0, 10).messages.map((m) => m.source.protocol)).toEqual(['local']);
    expect(off.store.queue.queued()).toHaveLength(3);
    off.store.close();

    // "Restart": new objects on the same profile folder, now online.
    const again = cache.open('carol', { deleteMode: 'expunge' });
    expect(again.store.queue.queued().map((q) => q.action.kind)).toEqual(['flag', 'move', 'delete']);
    const report = await replayQueue(again);
    expect(report).toMatchObject({ done: 3, remaining: 0, failed: [] });
    expect(again.store.queue.queued()).toHaveLength(0);
    // A second replay has nothing left to send.
    expect(await replayQueue(again)).toMatchObject({ done: 0, remaining: 0 });

    await asCarol(async (c) => {
      await select(c, folder, { readOnly: true });
      expect(await uidSearch(c, [raw('ALL')])).toEqual([u1, expect.any(Number)]);
      const [f] = await uidFetch(c, String(u1), ['FLAGS']);
      expect(f!.attributes.flags).toContain('\\Flagged');
    });
    expect(await findById(other, messageIdOfRaw(messages[1]!))).toHaveLength(1);
    expect(await findById(folder, messageIdOfRaw(messages[2]!))).toHaveLength(0);
    expect(await findById('Trash', messageIdOfRaw(messages[2]!))).toHaveLength(0);

    // COPYUID gave the moved message its server UID: a sync of the target adds no duplicate.
    const moved = again.store.page('carol', other, 0, 10).messages;
    expect(moved.map((m) => m.source.protocol)).toEqual(['imap']);
    const r = await syncFolder(again, other);
    expect(r.added).toBe(0);
    expect(again.store.page('carol', other, 0, 10).total).toBe(1);
    const rs = await syncFolder(again, folder);
    expect(rs).toMatchObject({ added: 0, removed: 0 });
  }, 60_000);

  it('delete moves to Trash when the account has one (the default setting)', async () => {
    const ctx = cache.open('carol');
    await syncFolder(ctx, folder);
    const [, , , u4] = ctx.store.uids(folder) as [number, number, number, number];
    await applyAction(ctx, { kind: 'delete', folder, uids: [u4] });
    expect(ctx.store.queue.queued()).toHaveLength(0); // sent at once: the server was reachable
    expect(await findById(folder, messageIdOfRaw(messages[3]!))).toHaveLength(0);
    expect(await findById('Trash', messageIdOfRaw(messages[3]!))).toHaveLength(1);
  }, 60_000);

  it('appendToSent files the message in the special-use Sent folder; an APPEND that may have been sent before a crash is not sent twice', async () => {
    const ctx = cache.open('carol');
    const sent = sampleMessage(`sent ${folder}`);
    const id = messageIdOfRaw(sent);
    try {
      await appendToSent(ctx, sent);
      expect(ctx.store.queue.queued()).toHaveLength(0);
      expect(await findById('Sent', id)).toHaveLength(1);

      // A crash right after the APPEND went out: the row says "sending"; replay finds it by Message-ID.
      const qid = ctx.store.queue.enqueue({ kind: 'append', folder: 'Sent', raw: sent, flags: ['\\Seen'] });
      ctx.store.queue.markSending(qid);
      expect(await replayQueue(ctx)).toMatchObject({ done: 1, failed: [] });
      expect(await findById('Sent', id)).toHaveLength(1);
    } finally {
      await removeById('Sent', id);
    }
  }, 60_000);

  it('an action the server refuses for good is dropped and the next sync restores the truth', async () => {
    const ctx = cache.open('carol');
    await syncFolder(ctx, folder);
    const [u1] = ctx.store.uids(folder) as [number];
    await applyAction(
      ctx,
      { kind: 'move', folder, uids: [u1], to: 'No-Such-Folder-Anywhere' },
      {},
      { replay: false },
    );
    expect(ctx.store.uids(folder)).not.toContain(u1);
    const report = await replayQueue(ctx);
    expect(report.failed).toHaveLength(1);
    expect(ctx.store.queue.queued()).toHaveLength(0);
    await syncFolder(ctx, folder);
    expect(ctx.store.uids(folder)).toContain(u1);
  }, 60_000);
});
