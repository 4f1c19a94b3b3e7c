import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderInfo } from '../folders';
import { SyncStore } from './store';
import type { CachedMessage } from './summary';

function row(folder: string, uid: number, over: Partial<CachedMessage> = {}): CachedMessage {
  return {
    folder,
    uid,
    messageId: `m${uid}@example.test`,
    date: new Date(Date.UTC(2026, 0, 1) + uid * 60_000).toISOString(),
    from: [{ name: 'A', address: 'a@example.test' }],
    to: [],
    subject: `Subject ${uid}`,
    flags: [],
    size: 100 + uid,
    hasAttachments: false,
    modseq: null,
    maildirId: null,
    snippet: '',
    ...over,
  };
}

function info(path: string, over: Partial<FolderInfo> = {}): FolderInfo {
  const parts = path.split('/');
  return {
    path,
    name: parts.at(-1)!,
    delimiter: '/',
    flags: [],
    specialUse: null,
    subscribed: true,
    selectable: true,
    messages: 9,
    unseen: 4,
    ...over,
  };
}

const RAW = Buffer.from(
  'From: A <a@example.test>\r\nTo: b@example.test\r\nSubject: Cached\r\nMessage-ID: <c@example.test>\r\n\r\nThe quick brown fox.\r\n',
);

describe('SyncStore (SQLite + Maildir, no server)', () => {
  let dir: string;
  let store: SyncStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailwright-syncstore-'));
    store = SyncStore.open(dir);
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('upserts say what was added and what updated; a header refetch keeps the cached body', async () => {
    expect(store.upsertMessages([row('INBOX', 1), row('INBOX', 2)]).added).toHaveLength(2);
    await store.storeBody('INBOX', 1, RAW);
    const again = store.upsertMessages([row('INBOX', 1, { flags: ['\\Seen'] }), row('INBOX', 3)]);
    expect(again.added.map((m) => m.uid)).toEqual([3]);
    expect(again.updated.map((m) => m.uid)).toEqual([1]);
    expect(store.message('INBOX', 1)!.maildirId).not.toBeNull();
    expect(store.message('INBOX', 1)!.snippet).toBe('The quick brown fox.');
    expect(store.uids('INBOX')).toEqual([1, 2, 3]);
  });

  it('pages newest first with totals and the next offset; summaries carry ids and model flags', () => {
    store.saveFolderState('INBOX', { uidValidity: 77, uidNext: 6, highestModseq: 5n });
    store.upsertMessages([1, 2, 3, 4, 5].map((u) => row('INBOX', u, { flags: u === 5 ? ['\\Seen'] : [] })));
    const first = store.page('acc', 'INBOX', 0, 2);
    expect(first.messages.map((m) => m.id)).toEqual(['imap:77:5:INBOX', 'imap:77:4:INBOX']);
    expect(first).toMatchObject({ total: 5, nextOffset: 2 });
    expect(first.messages[0]!.flags.seen).toBe(true);
    expect(first.messages[0]!.partial).toBe(true);
    expect(store.page('acc', 'INBOX', 4, 2).nextOffset).toBeNull();
    expect(store.folderState('INBOX')).toMatchObject({ uidValidity: 77, uidNext: 6, highestModseq: 5n });
  });

  it('mirrors the folder tree: nested children, roles, counts from the cache once synced; gone folders lose their cache', async () => {
    await store.mirrorFolders([
      info('INBOX'),
      info('Sent', { specialUse: '\\Sent' }),
      info('Work', { selectable: false, messages: null, unseen: null }),
      info('Work/Projects'),
    ]);
    store.saveFolderState('Work/Projects', { uidValidity: 1, uidNext: 3, highestModseq: null });
    store.upsertMessages([row('Work/Projects', 1, { flags: ['\\Seen'] }), row('Work/Projects', 2)]);
    const tree = store.folders('acc');
    expect(tree.map((f) => [f.path, f.specialUse])).toEqual([
      ['INBOX', 'inbox'],
      ['Sent', 'sent'],
      ['Work', null],
    ]);
    expect(tree[0]!.counts).toEqual({ total: 9, unread: 4 }); // from LIST-STATUS until synced
    const projects = tree[2]!.children[0]!;
    expect(projects).toMatchObject({
      path: 'Work/Projects',
      name: 'Projects',
      counts: { total: 2, unread: 1 },
    });
    expect(store.specialFolder('\\Sent')).toBe('Sent');

    const gone = await store.mirrorFolders([info('INBOX'), info('Sent', { specialUse: '\\Sent' })]);
    expect(gone).toEqual(['Work', 'Work/Projects']);
    expect(store.uids('Work/Projects')).toEqual([]);
    expect(store.folderState('Work/Projects')).toBeUndefined();
  });

  it('bodies: stored in the Maildir with flags, indexed for search, removed with their row', async () => {
    store.upsertMessages([row('INBOX', 1, { flags: ['\\Seen', '\\Flagged'] })]);
    await store.storeBody('INBOX', 1, RAW);
    expect((await store.readBody('INBOX', 1))!.equals(RAW)).toBe(true);
    const [entry] = await (await store.maildir('INBOX')).list();
    expect(entry!.flags).toEqual(['F', 'S']);
    expect(store.messageIndex().search('quick fox')).toHaveLength(1);
    await store.setFlags('INBOX', 1, ['\\Answered']);
    expect((await (await store.maildir('INBOX')).list())[0]!.flags).toEqual(['R']);
    expect(store.withoutBody('INBOX')).toEqual([]);
    await store.removeMessages('INBOX', [1]);
    expect(await (await store.maildir('INBOX')).list()).toEqual([]);
    expect(store.messageIndex().search('quick')).toHaveLength(0);
  });

  it('dropFolderCache forgets rows, bodies, index rows and the folder state', async () => {
    store.saveFolderState('INBOX', { uidValidity: 5, uidNext: 2, highestModseq: 9n });
    store.upsertMessages([row('INBOX', 1)]);
    await store.storeBody('INBOX', 1, RAW);
    await store.dropFolderCache('INBOX');
    expect(store.uids('INBOX')).toEqual([]);
    expect(await (await store.maildir('INBOX')).list()).toEqual([]);
    expect(store.messageIndex().search('quick')).toHaveLength(0);
    expect(store.folderState('INBOX')).toMatchObject({
      uidValidity: null,
      uidNext: null,
      highestModseq: null,
    });
  });

  it('the action queue survives closing and reopening, in order, with an APPEND body byte for byte', () => {
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10]);
    const a = store.queue.enqueue({ kind: 'flag', folder: 'INBOX', uids: [1], add: ['\\Seen'], remove: [] });
    const b = store.queue.enqueue({ kind: 'append', folder: 'Sent', raw: bytes, flags: ['\\Seen'] });
    store.queue.markSending(b);
    store.queue.recordFailure(a, 'connection reset');
    store.close();
    store = SyncStore.open(dir);
    const q = store.queue.queued();
    expect(q.map((x) => x.id)).toEqual([a, b]);
    expect(q[0]).toMatchObject({ attempts: 0, lastError: 'connection reset', sending: false });
    expect(q[1]).toMatchObject({ attempts: 1, sending: true });
    const appendAction = q[1]!.action;
    expect(appendAction.kind === 'append' && appendAction.raw.equals(bytes)).toBe(true);
    store.queue.dequeue(a);
    expect(store.queue.queued().map((x) => x.id)).toEqual([b]);
  });

  it('placeholders get negative UIDs and are found by their action', () => {
    const uid = store.nextLocalUid();
    expect(uid).toBeLessThan(0);
    store.upsertMessages([row('Archive', uid)]);
    expect(store.nextLocalUid()).toBeLessThan(uid);
    store.queue.notePlaceholder(9, 'Archive', uid, 41);
    expect(store.queue.placeholders(9).map((p) => [p.message.uid, p.sourceUid])).toEqual([[uid, 41]]);
    expect(store.uids('Archive')).toEqual([]); // not a server UID
    store.queue.forgetPlaceholders(9);
    expect(store.queue.placeholders(9)).toEqual([]);
  });

  it('a placeholder is unclaimed once its action left the queue; a record whose row is gone is cleaned up', async () => {
    const queued = store.queue.enqueue({ kind: 'move', folder: 'INBOX', uids: [1, 2], to: 'Archive' });
    const [a, b] = [store.nextLocalUid(), store.nextLocalUid() - 1];
    store.upsertMessages([row('Archive', a), row('Archive', b), row('Other', a)]);
    store.queue.notePlaceholder(queued, 'Archive', a, 1);
    store.queue.notePlaceholder(queued, 'Archive', b, 2);
    expect(store.queue.unclaimed('Archive')).toEqual([]); // still queued: not sent yet
    store.queue.dequeue(queued);
    expect(store.queue.unclaimed('Archive').map((m) => m.uid)).toEqual([a, b]);
    expect(store.queue.unclaimed('Other')).toEqual([]); // a row without a placeholder record
    store.queue.forgetPlaceholder('Archive', a);
    await store.removeMessages('Archive', [b]);
    expect(store.queue.unclaimed('Archive')).toEqual([]);
    // The stale record of b went with that call: a later row at b is no placeholder.
    store.upsertMessages([row('Archive', b)]);
    expect(store.queue.unclaimed('Archive')).toEqual([]);
  });

  it('refuses a cache written by a newer Mailwright with a clear error', () => {
    store.close();
    const db = new Database(join(dir, 'sync.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => SyncStore.open(dir)).toThrow(/newer Mailwright/);
    store = SyncStore.open(join(dir, 'other'));
  });
});
