/** Set-up shared by the sync integration tests: a fresh cache folder and a context per user. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserName } from '../../../e2e/servers/env';
import { openAs } from '../int-helpers';
import type { ImapClient } from '../client';
import { closeSync } from './session';
import { SyncStore } from './store';
import type { SyncContext, SyncSettings } from './types';

export interface TestCache {
  dir: string;
  contexts: SyncContext[];
  /** A context on the cache folder (a new SyncStore each call: a "restarted" process). */
  open(user: UserName, settings?: Partial<SyncSettings>, connect?: () => Promise<ImapClient>): SyncContext;
  dispose(): Promise<void>;
}

export async function testCache(): Promise<TestCache> {
  const dir = await mkdtemp(join(tmpdir(), 'mailwright-sync-'));
  const contexts: SyncContext[] = [];
  return {
    dir,
    contexts,
    open(user, settings = {}, connect = () => openAs(user)) {
      const ctx: SyncContext = { accountId: user, store: SyncStore.open(dir), connect, settings };
      contexts.push(ctx);
      return ctx;
    },
    async dispose() {
      for (const ctx of contexts) {
        await closeSync(ctx).catch(() => undefined);
        try {
          ctx.store.close();
        } catch {
          // already closed by the test
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
