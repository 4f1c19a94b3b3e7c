import { describe, expect, it } from 'vitest';
import type { Account, Folder } from '../../src-main/model';
import { fakeBackend, summary } from '../test/fake-backend';
import { Store } from './store';

const account = { id: 'a1', address: 'ada@example.test', displayName: 'Ada' } as Account;
const inbox: Folder = {
  accountId: 'a1',
  path: 'INBOX',
  name: 'INBOX',
  delimiter: '/',
  specialUse: 'inbox',
  selectable: true,
  counts: { total: 1, unread: 0 },
  children: [],
};

async function started(overrides: Parameters<typeof fakeBackend>[0] = {}) {
  const fake = fakeBackend({ listAccounts: async () => ({ ok: true, value: [account] }), ...overrides });
  const store = new Store(fake.backend);
  const stop = store.start();
  await Promise.resolve();
  await Promise.resolve();
  return { store, stop, ...fake };
}

describe('Store', () => {
  it('reads the accounts once, then follows events only', async () => {
    const { store, emit, calls } = await started();
    expect(store.getSnapshot().accounts).toEqual([account]);
    emit('accounts-changed', { accounts: [] });
    expect(store.getSnapshot().accounts).toEqual([]);
    expect(calls.listAccounts).toHaveLength(1);
  });

  it('keeps folder counts current from counts-changed', async () => {
    const { store, emit } = await started({ listFolders: async () => ({ ok: true, value: [inbox] }) });
    await store.loadFolders('a1');
    emit('counts-changed', { accountId: 'a1', path: 'INBOX', counts: { total: 5, unread: 2 } });
    expect(store.getSnapshot().folders.a1![0]!.counts).toEqual({ total: 5, unread: 2 });
  });

  it('shows sync progress until done, and a finished sync clears the last error', async () => {
    const { store, emit } = await started();
    emit('account-error', { accountId: 'a1', error: { kind: 'auth', message: 'The password was refused.' } });
    emit('sync-progress', { accountId: 'a1', phase: 'fetching-headers', done: 3, total: 10, bytes: 0 });
    expect(store.getSnapshot().progress.a1?.done).toBe(3);
    expect(store.getSnapshot().errors.a1?.kind).toBe('auth');
    emit('sync-progress', { accountId: 'a1', phase: 'done', done: 10, total: 10, bytes: 0 });
    expect(store.getSnapshot().progress.a1).toBeUndefined();
    expect(store.getSnapshot().errors.a1).toBeUndefined();
  });

  it('turns new mail into a notice', async () => {
    const { store, emit } = await started();
    emit('new-mail', { accountId: 'a1', folder: 'INBOX', messages: [summary(1)] });
    expect(store.getSnapshot().notices.map((n) => n.text)).toEqual(['New mail from Sender 1: Subject 1']);
  });

  it('appends protocol lines once each, bounded', async () => {
    const line = (seq: number) => ({
      seq,
      protocol: 'imap' as const,
      direction: 'server' as const,
      text: `* ${seq}`,
      time: 0,
    });
    const { store, emit } = await started({
      protocolLog: async () => ({ ok: true, value: [line(1), line(2)] }),
    });
    await store.loadLog('a1');
    emit('protocol-log', { accountId: 'a1', lines: [line(2), line(3)] });
    expect(store.getSnapshot().log.a1!.map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it('forgets what belonged to a removed account', async () => {
    const { store, emit } = await started({ listFolders: async () => ({ ok: true, value: [inbox] }) });
    await store.loadFolders('a1');
    emit('accounts-changed', { accounts: [] });
    expect(store.getSnapshot().folders).toEqual({});
  });
});
