import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverEnv } from '../../../e2e/servers/env';
import { startFaultProxy, type FaultProxy } from '../../../e2e/support/fault-proxy';
import type { ImapClient } from '../client';
import { appendMany } from '../commands/append';
import { uidFetch } from '../commands/fetch';
import { createMailbox, deleteMailbox } from '../commands/mailboxes';
import { uidSearch } from '../commands/search';
import { select } from '../commands/select';
import { openAs, uniqueName } from '../int-helpers';
import { raw } from '../serialize';
import { syncFolder } from './engine';
import { testCache, type TestCache } from './int-helpers';

/** Connects through the proxy the first time, straight to Dovecot after that ("the network came back"). */
function firstThroughProxy(
  user: 'alice' | 'carol',
  proxy: FaultProxy,
): { connect: () => Promise<ImapClient>; calls: () => number } {
  let n = 0;
  return {
    connect: () => (n++ === 0 ? openAs(user, { host: proxy.host, port: proxy.port }) : openAs(user)),
    calls: () => n,
  };
}

async function serverSizes(user: 'alice' | 'carol', folder: string): Promise<Map<number, number>> {
  const c = await openAs(user);
  try {
    await select(c, folder, { readOnly: true });
    const uids = await uidSearch(c, [raw('ALL')]);
    const fetched = uids.length === 0 ? [] : await uidFetch(c, uids.join(','), ['RFC822.SIZE']);
    return new Map(fetched.map((f) => [f.uid, f.attributes.rfc822Size ?? -1]));
  } finally {
    await c.logout();
  }
}

describe('sync across a cut connection (real Dovecot behind the fault proxy)', () => {
  let cache: TestCache;
  let proxy: FaultProxy | undefined;
  beforeEach(async () => {
    cache = await testCache();
  });
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await cache.dispose();
  });

  it('a cut in the middle of a body FETCH literal: reconnect, resume, every body whole, no hole, no duplicate', async () => {
    const env = serverEnv();
    proxy = await startFaultProxy({
      target: { host: env.mail.host, port: env.mail.imaps },
      // Past login, SELECT and the headers; inside the ~4 MB seeded message's literal.
      faults: { serverToClient: { cutAfterBytes: 600_000 } },
      maxLifetimeMs: 30_000,
    });
    const via = firstThroughProxy('alice', proxy);
    const ctx = cache.open('alice', { downloadBodies: true });
    ctx.connect = via.connect;
    let added = 0;
    await syncFolder(ctx, 'INBOX', { onChange: (d) => (added += d.added.length) });
    expect(proxy.stats.cuts).toBe(1);
    expect(via.calls()).toBe(2);

    const sizes = await serverSizes('alice', 'INBOX');
    expect(Math.max(...sizes.values())).toBeGreaterThan(1_000_000);
    expect(ctx.store.uids('INBOX')).toEqual([...sizes.keys()]);
    // The headers were all stored before the cut: the second session only fetched bodies.
    expect(added).toBe(sizes.size);
    for (const [uid, size] of sizes) {
      const body = await ctx.store.readBody('INBOX', uid);
      expect(body?.length, `body of UID ${uid}`).toBe(size);
    }
    // One file per message in the Maildir: nothing half-written stayed behind.
    expect((await (await ctx.store.maildir('INBOX')).list()).length).toBe(sizes.size);
  }, 60_000);

  it('a cut in the middle of the header batches: the resumed sync fetches only what is missing', async () => {
    const folder = uniqueName('SyncCut');
    const setup = await openAs('carol');
    try {
      await createMailbox(setup, folder);
      const batch = Array.from({ length: 400 }, (_, i) =>
        Buffer.from(
          `From: Sender ${i} <s${i}@example.test>\r\nTo: carol@example.test\r\nSubject: Cut test ${i}\r\n` +
            `Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMessage-ID: <cut-${i}-${folder}@example.test>\r\n\r\nBody ${i}\r\n`,
        ),
      );
      await appendMany(setup, folder, batch);
    } finally {
      await setup.logout();
    }
    try {
      const env = serverEnv();
      proxy = await startFaultProxy({
        target: { host: env.mail.host, port: env.mail.imaps },
        // Each header response is a few hundred bytes: this cuts some batches in.
        faults: { serverToClient: { cutAfterBytes: 80_000 } },
        maxLifetimeMs: 30_000,
      });
      const via = firstThroughProxy('carol', proxy);
      const ctx = cache.open('carol', { batchSize: 50 });
      ctx.connect = via.connect;
      let addedAnnounced = 0;
      const report = await syncFolder(ctx, folder, { onChange: (d) => (addedAnnounced += d.added.length) });
      expect(proxy.stats.cuts).toBe(1);
      expect(via.calls()).toBe(2);
      const sizes = await serverSizes('carol', folder);
      expect(sizes.size).toBe(400);
      expect(ctx.store.uids(folder)).toEqual([...sizes.keys()]);
      // Each message announced as added exactly once, across both sessions.
      expect(addedAnnounced).toBe(400);
      expect(report.added).toBeLessThan(400); // the second session fetched only the rest
      expect(new Set(ctx.store.page('carol', folder, 0, 1000).messages.map((m) => m.subject)).size).toBe(400);
    } finally {
      const c = await openAs('carol');
      await deleteMailbox(c, folder).catch(() => undefined);
      await c.logout();
    }
  }, 60_000);
});
