import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serverEnv } from '../../../e2e/servers/env';
import { SyncStore } from '../../imap/sync';
import { runCli } from '../main';

async function mw(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = serverEnv();
  let out = '';
  let err = '';
  const conn = [
    '--host',
    env.mail.host,
    '--servername',
    env.mail.hostname,
    '--ca',
    env.caFile,
    '--user',
    env.users.alice.user,
    '--password-env',
    'PW',
  ];
  const code = await runCli([...argv, ...conn], {
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: { PW: env.users.alice.password },
  });
  return { code, out, err };
}

describe('mailwright imap sync (real Dovecot)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-cli-sync-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('syncs one folder with bodies into the cache; a second run adds nothing', async () => {
    const first = await mw(['imap', 'sync', '--cache', dir, '--folder', 'INBOX', '--bodies', '--json']);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out) as { folder: string; added: number; rebuilt: boolean };
    expect(report.folder).toBe('INBOX');
    expect(report.added).toBeGreaterThan(0);
    const store = SyncStore.open(dir);
    try {
      expect(store.uids('INBOX')).toHaveLength(report.added);
      expect(store.withoutBody('INBOX')).toEqual([]);
    } finally {
      store.close();
    }
    const second = await mw(['imap', 'sync', '--cache', dir, '--folder', 'INBOX']);
    expect(second.code).toBe(0);
    expect(second.out).toBe('INBOX: 0 added, 0 updated, 0 removed\n');
  }, 60_000);

  it('usage errors exit 2; a folder that does not exist exits 1 with a sentence', async () => {
    const noCache = await mw(['imap', 'sync', '--folder', 'INBOX']);
    expect(noCache.code).toBe(2);
    expect(noCache.err).toContain('--cache is required');
    const missing = await mw(['imap', 'sync', '--cache', dir, '--folder', 'No-Such-Folder-Here']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/does not exist/);
  }, 60_000);
});
