import Database from 'better-sqlite3';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Maildir } from '../maildir/maildir';
import { extractFacts } from './extract';
import { ftsQuery, MessageIndex } from './message-index';
import { MIGRATIONS } from './schema';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-index-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function compose(opts: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(opts).compile().build();
}

const crème = () =>
  compose({
    from: 'Zoë <zoe@example.test>',
    to: 'bob@example.test',
    subject: 'Crème brûlée recipe',
    messageId: '<creme@example.test>',
    date: new Date('2026-01-02T03:04:05Z'),
    text: 'Caramelise the sugar with a torch.\n\nServe cold.',
    attachments: [{ filename: 'reçu.bin', content: Buffer.from([0, 1, 2, 255]) }],
  });

describe('extractFacts', () => {
  it('reads headers, a snippet, the body text and the attachment flag', async () => {
    const raw = await crème();
    const f = await extractFacts(raw);
    expect(f).toMatchObject({
      messageId: '<creme@example.test>',
      date: Date.parse('2026-01-02T03:04:05Z'),
      subject: 'Crème brûlée recipe',
      snippet: 'Caramelise the sugar with a torch. Serve cold.',
      hasAttachments: true,
      size: raw.length,
    });
    expect(f.from).toContain('zoe@example.test');
    expect(f.to).toBe('bob@example.test');
  });

  it('survives an empty message and junk without a date', async () => {
    const f = await extractFacts(Buffer.from('\r\n'));
    expect(f).toMatchObject({ messageId: null, date: null, subject: '', snippet: '', hasAttachments: false });
  });
});

describe('MessageIndex', () => {
  it('migrates to the latest user_version and reopens without redoing it', () => {
    const path = join(root, 'i.sqlite');
    MessageIndex.open(path).close();
    MessageIndex.open(path).close();
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('indexes, searches with FTS5 (diacritics folded, addresses, body), lists and removes', async () => {
    const md = await Maildir.open(join(root, 'INBOX'));
    const index = MessageIndex.open(join(root, 'i.sqlite'));
    const a = await md.add(await crème());
    const b = await md.add(
      await compose({
        from: 'carol@example.test',
        to: 'dan@example.test',
        subject: 'Minutes',
        text: 'Nothing sweet.',
      }),
    );
    await index.add('INBOX', a, undefined, 'uidl-1');
    await index.add('INBOX', b);
    expect(index.search('creme').map((m) => m.maildirId)).toEqual([a.id]);
    expect(index.search('zoe@example.test').map((m) => m.maildirId)).toEqual([a.id]);
    expect(index.search('torch').map((m) => m.sourceId)).toEqual(['uidl-1']);
    expect(index.search('sweet').map((m) => m.maildirId)).toEqual([b.id]);
    expect(index.search('"; DROP TABLE messages; --')).toEqual([]);
    expect(index.list('INBOX')).toHaveLength(2);
    index.remove('INBOX', a.id);
    expect(index.search('creme')).toEqual([]);
    expect(index.count()).toBe(1);
    index.close();
  });

  it('rebuilds from the Maildir alone, picking up flag changes and dropping vanished files', async () => {
    const md = await Maildir.open(join(root, 'INBOX'));
    const index = MessageIndex.open(join(root, 'i.sqlite'));
    const a = await md.add(await crème());
    const b = await md.add(await compose({ subject: 'gone soon', text: 'x' }));
    await index.add('INBOX', a);
    await index.add('INBOX', b);
    await md.setFlags(a.id, ['S']);
    await md.delete(b.id);
    expect(await index.rebuild([{ name: 'INBOX', maildir: md }], new Map([[a.id, 'uidl-a']]))).toBe(1);
    const rows = index.list('INBOX');
    expect(rows.map((r) => [r.maildirId, r.flags, r.sourceId])).toEqual([[a.id, 'S', 'uidl-a']]);
    expect(index.search('gone')).toEqual([]);
    expect(index.search('brulee')).toHaveLength(1);
    index.close();
  });

  it('rebuildFile replaces a corrupt index, one from a newer Mailwright, and never replays the old WAL', async () => {
    const md = await Maildir.open(join(root, 'INBOX'));
    const a = await md.add(await crème());
    const path = join(root, 'i.sqlite');
    const folders = [{ name: 'INBOX', maildir: md }];

    await writeFile(path, 'this is not an SQLite database, it is junk that must be replaced'.repeat(20));
    expect(() => MessageIndex.open(path)).toThrow(expect.objectContaining({ kind: 'internal' }));
    expect(await MessageIndex.rebuildFile(path, folders, new Map([[a.id, 'uidl-a']]))).toBe(1);
    let index = MessageIndex.open(path);
    expect(index.search('creme').map((m) => m.sourceId)).toEqual(['uidl-a']);
    index.close();

    const newer = new Database(path);
    newer.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    newer.close();
    expect(() => MessageIndex.open(path)).toThrow(expect.objectContaining({ kind: 'internal' }));
    expect(await MessageIndex.rebuildFile(path, folders)).toBe(1);

    // An old index whose last rows are still only in its WAL, as a crashed process leaves it:
    // after the swap those pages must not be replayed into the new file.
    index = MessageIndex.open(path);
    await index.add('INBOX', await md.add(await compose({ subject: 'only in the old wal', text: 'x' })));
    const wal = await readFile(`${path}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    index.close();
    await writeFile(`${path}-wal`, wal);
    await md.delete((await md.list()).find((e) => e.id !== a.id)?.id ?? '');
    expect(await MessageIndex.rebuildFile(path, folders)).toBe(1);
    index = MessageIndex.open(path);
    expect(index.count()).toBe(1);
    expect(index.search('wal')).toEqual([]);
    index.close();
    expect((await readdir(root)).filter((f) => f.includes('.rebuild'))).toEqual([]);
  });

  it('pages one folder sorted, filtered and searched, counts it, and finds one row', async () => {
    const md = await Maildir.open(join(root, 'INBOX'));
    const other = await Maildir.open(join(root, 'Trash'));
    const index = MessageIndex.open(join(root, 'i.sqlite'));
    const mail = (subject: string, from: string, day: number, size = 0) =>
      compose({ from, subject, date: new Date(Date.UTC(2026, 0, day)), text: `fruit ${'x'.repeat(size)}` });
    const a = await md.add(await mail('Banana', 'zed@x.test', 1, 300), { flags: ['S'] });
    const b = await md.add(await mail('apple', 'amy@x.test', 2), { flags: ['F'] });
    const c = await md.add(await mail('Cherry', 'Bob@x.test', 3, 100));
    const elsewhere = await other.add(await mail('Banana split', 'zed@x.test', 4));
    for (const e of [a, b, c]) await index.add('INBOX', e);
    await index.add('Trash', elsewhere);
    const ids = (r: { rows: { maildirId: string }[] }) => r.rows.map((m) => m.maildirId);

    const first = index.page({ folder: 'INBOX', offset: 0, limit: 2 });
    expect([ids(first), first.total]).toEqual([[c.id, b.id], 3]);
    expect(ids(index.page({ folder: 'INBOX', offset: 2, limit: 2 }))).toEqual([a.id]);
    const by = (key: 'from' | 'subject' | 'size' | 'date', direction: 'asc' | 'desc') =>
      ids(index.page({ folder: 'INBOX', offset: 0, limit: 10, sort: { by: key, direction } }));
    expect(by('subject', 'asc')).toEqual([b.id, a.id, c.id]);
    expect(by('from', 'asc')).toEqual([b.id, c.id, a.id]);
    expect(by('size', 'desc')).toEqual([a.id, c.id, b.id]);
    expect(by('date', 'asc')).toEqual([a.id, b.id, c.id]);

    const unread = index.page({ folder: 'INBOX', offset: 0, limit: 10, filter: 'unread' });
    expect([ids(unread), unread.total]).toEqual([[c.id, b.id], 2]);
    expect(ids(index.page({ folder: 'INBOX', offset: 0, limit: 10, filter: 'flagged' }))).toEqual([b.id]);

    const found = index.page({ folder: 'INBOX', offset: 0, limit: 10, search: 'banana' });
    expect([ids(found), found.total]).toEqual([[a.id], 1]);
    const unreadFruit = index.page({
      folder: 'INBOX',
      offset: 0,
      limit: 1,
      search: 'fruit',
      filter: 'unread',
    });
    expect([ids(unreadFruit), unreadFruit.total]).toEqual([[c.id], 2]);
    expect(index.page({ folder: 'INBOX', offset: 0, limit: 10, search: '  ' }).total).toBe(3);

    expect(index.counts('INBOX')).toEqual({ total: 3, unread: 2 });
    expect(index.counts('Nowhere')).toEqual({ total: 0, unread: 0 });
    expect(index.one('INBOX', b.id)).toMatchObject({ subject: 'apple', flags: 'F', hasAttachments: false });
    expect(index.one('INBOX', elsewhere.id)).toBeUndefined();
    index.close();
  });

  it('quotes every search term so FTS5 operators cannot be injected', () => {
    expect(ftsQuery('a OR b')).toBe('"a" "OR" "b"');
    expect(ftsQuery('say "hi"')).toBe('"say" """hi"""');
    expect(ftsQuery('   ')).toBe('');
  });
});
