import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectImap } from '../imap/connect';
import { closeSync, SyncStore, type SyncContext } from '../imap/sync';
import { searchWords, serverHits } from './server-search';

describe('searchWords', () => {
  it('splits on white space and drops quotes, stars and parentheses, as headerMatch does', () => {
    expect(searchWords('  usual   noon ')).toEqual(['usual', 'noon']);
    expect(searchWords('"aus köln" (x*)')).toEqual(['aus', 'köln', 'x']);
    expect(searchWords('a\r\nb\tc')).toEqual(['a', 'b', 'c']);
    expect(searchWords(' "" () * ')).toEqual([]);
  });
});

/**
 * A real loopback peer that accepts and never says a word (no greeting): the shape of a
 * server that hangs, or a session held by a long sync. Dovecot cannot be made to do this.
 */
describe('serverHits with a server that does not answer', () => {
  let server: Server | undefined;
  const sockets: Socket[] = [];
  let ctx: SyncContext | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    if (ctx !== undefined) {
      await closeSync(ctx).catch(() => undefined);
      ctx.store.close();
    }
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    server = ctx = dir = undefined;
    sockets.length = 0;
  });

  it('gives null (local results only) within its budget, shares one attempt per search, never throws', async () => {
    server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    dir = await mkdtemp(join(tmpdir(), 'mw-server-search-'));
    let connects = 0;
    let settled = false;
    ctx = {
      accountId: 'a',
      store: SyncStore.open(dir),
      connect: () => {
        connects += 1;
        const p = connectImap({
          host: '127.0.0.1',
          port,
          tls: 'none',
          user: 'u',
          password: 'p',
          allowPlaintextAuth: true,
          connectTimeoutMs: 60_000,
          idleTimeoutMs: 60_000,
        });
        p.then(
          () => (settled = true),
          () => (settled = true),
        );
        return p;
      },
    };
    const [a, b] = await Promise.all([
      serverHits(ctx, 'INBOX', 'usual', { budgetMs: 50 }),
      serverHits(ctx, 'INBOX', '  usual ', { budgetMs: 50 }),
    ]);
    expect(a).toBeNull();
    expect(b).toBeNull();
    // The answer did not wait for the server: the session is still being opened, once.
    expect(settled).toBe(false);
    expect(connects).toBe(1);
    // No words: nothing to ask, an empty answer (not "the server was not searched").
    expect(await serverHits(ctx, 'INBOX', ' "" ', { budgetMs: 50 })).toEqual(new Set());
  });
});
