import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderInfo } from '../folders';
import { resolveDelete } from './actions';
import { SyncStore } from './store';
import type { SyncContext, SyncSettings } from './types';

function info(path: string, specialUse: FolderInfo['specialUse'] = null): FolderInfo {
  return {
    path,
    name: path,
    delimiter: '/',
    flags: [],
    specialUse,
    subscribed: true,
    selectable: true,
    messages: 0,
    unseen: 0,
  };
}

describe('what a delete means (SyncSettings.deleteMode)', () => {
  let dir: string;
  let store: SyncStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailwright-actions-'));
    store = SyncStore.open(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ctx = (settings: Partial<SyncSettings> = {}): SyncContext => ({
    accountId: 'acc',
    store,
    connect: () => Promise.reject(new Error('no server in this test')),
    settings,
  });
  const del = (folder: string) => ({ kind: 'delete' as const, folder, uids: [3, 4] });

  it('a move to the special-use Trash by default, whatever the folder is called', async () => {
    await store.mirrorFolders([info('INBOX'), info('Papierkorb', '\\Trash')]);
    expect(resolveDelete(ctx(), del('INBOX'))).toEqual({
      kind: 'move',
      folder: 'INBOX',
      uids: [3, 4],
      to: 'Papierkorb',
    });
  });

  it('\\Deleted + expunge without a Trash, inside the Trash itself, or when the setting says so', async () => {
    await store.mirrorFolders([info('INBOX')]);
    expect(resolveDelete(ctx(), del('INBOX'))).toEqual(del('INBOX'));
    await store.mirrorFolders([info('INBOX'), info('Trash', '\\Trash')]);
    expect(resolveDelete(ctx(), del('Trash'))).toEqual(del('Trash'));
    expect(resolveDelete(ctx({ deleteMode: 'expunge' }), del('INBOX'))).toEqual(del('INBOX'));
    const flag = { kind: 'flag' as const, folder: 'INBOX', uids: [1], add: ['\\Seen'], remove: [] };
    expect(resolveDelete(ctx(), flag)).toBe(flag);
  });
});
