import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MailwrightError } from '../../model/errors';
import { Maildir } from './maildir';
import { formatName, parseName, safeHost, uniqueName } from './names';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-maildir-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('names', () => {
  it('are unique in a tight loop and follow time.MusecPpidQn.host', () => {
    const names = new Set<string>();
    for (let i = 0; i < 2000; i++) names.add(uniqueName(new Date(1_700_000_000_123), 'box'));
    expect(names.size).toBe(2000);
    const one = [...names][0] ?? '';
    expect(one).toMatch(new RegExp(`^1700000000\\.M\\d+P${process.pid}Q\\d+\\.box$`));
  });

  it('escape / and : in the host', () => {
    expect(safeHost('a/b:c')).toBe('a\\057b\\072c');
    expect(uniqueName(new Date(), 'h:1')).not.toContain(':');
  });

  it('parse and format flags in ASCII order, keeping keyword letters', () => {
    expect(parseName('123.abc:2,SRF')).toEqual({ id: '123.abc', flags: ['F', 'R', 'S'], otherFlags: '' });
    expect(parseName('123.abc')).toEqual({ id: '123.abc', flags: [], otherFlags: '' });
    expect(parseName('123.abc:2,Sa')).toEqual({ id: '123.abc', flags: ['S'], otherFlags: 'a' });
    expect(parseName('123.abc:1,experimental')).toEqual({ id: '123.abc', flags: [], otherFlags: '' });
    expect(formatName('x', ['S', 'F'])).toBe('x:2,FS');
    expect(formatName('x', ['S'], 'a')).toBe('x:2,Sa');
    expect(formatName('x', [])).toBe('x:2,');
  });
});

describe('Maildir', () => {
  it('creates tmp/new/cur and stores a message byte for byte in new/', async () => {
    const md = await Maildir.open(join(root, 'INBOX'));
    expect((await readdir(join(root, 'INBOX'))).sort()).toEqual(['cur', 'new', 'tmp']);
    const bytes = Buffer.from('Subject: hi\r\n\r\n\u00e9\r\n.\r\n', 'utf8');
    const entry = await md.add(bytes);
    expect(entry.sub).toBe('new');
    expect(entry.path).toBe(join(root, 'INBOX', 'new', entry.id));
    expect(await readFile(entry.path)).toEqual(bytes);
    expect(await readdir(join(root, 'INBOX', 'tmp'))).toEqual([]);
    expect(await md.read(entry.id)).toEqual(bytes);
  });

  it('reads a message whose flags change at the same moment (the file is renamed under it)', async () => {
    const md = await Maildir.open(root);
    const bytes = Buffer.from('Subject: racing\r\n\r\nbody\r\n');
    const { id } = await md.add(bytes);
    // 300 rounds of a read racing a rename; each read must find the message under some name.
    for (let i = 0; i < 300; i++) {
      const [read] = await Promise.all([md.read(id), md.setFlags(id, i % 2 === 0 ? ['S'] : ['S', 'F'])]);
      expect(read).toEqual(bytes);
    }
  });

  it('puts flagged messages in cur/ with :2,flags', async () => {
    const md = await Maildir.open(root);
    const entry = await md.add(Buffer.from('x'), { flags: ['S', 'F'] });
    expect(entry.sub).toBe('cur');
    expect(entry.path.endsWith(`${entry.id}:2,FS`)).toBe(true);
  });

  it('changes flags by renaming into cur/ and lists both folders', async () => {
    const md = await Maildir.open(root);
    const a = await md.add(Buffer.from('a'));
    const b = await md.add(Buffer.from('b'), { seen: true });
    const moved = await md.setFlags(a.id, ['S', 'R']);
    expect(moved.path).toBe(join(root, 'cur', `${a.id}:2,RS`));
    expect(await readdir(join(root, 'new'))).toEqual([]);
    const listed = (await md.list()).map((e) => [e.id, e.sub, e.flags.join('')]).sort();
    expect(listed).toEqual(
      [
        [a.id, 'cur', 'RS'],
        [b.id, 'cur', ''],
      ].sort(),
    );
    expect(await md.read(a.id)).toEqual(Buffer.from('a'));
  });

  it('moves a message to another Maildir and deletes', async () => {
    const inbox = await Maildir.open(join(root, 'in'));
    const archive = await Maildir.open(join(root, 'archive'));
    const e = await inbox.add(Buffer.from('m'));
    await inbox.moveTo(e.id, archive);
    expect(await inbox.find(e.id)).toBeUndefined();
    expect(await archive.read(e.id)).toEqual(Buffer.from('m'));
    await archive.delete(e.id);
    expect(await archive.list()).toEqual([]);
    await expect(archive.read(e.id)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('ignores dot files and refuses ids with path separators', async () => {
    const md = await Maildir.open(root);
    await writeFile(join(root, 'cur', '.hidden'), 'x');
    expect(await md.list()).toEqual([]);
    expect(await md.find('../cur/x')).toBeUndefined();
  });

  it('stages messages invisibly in tmp/ and commits a batch at once', async () => {
    const md = await Maildir.open(root);
    const staged = [await md.stage(Buffer.from('one')), await md.stage(Buffer.from('two'), { flags: ['S'] })];
    expect(await md.list()).toEqual([]);
    expect((await readdir(join(root, 'tmp'))).length).toBe(2);
    const entries = await md.commit(staged);
    expect(entries.map((e) => e.sub)).toEqual(['new', 'cur']);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect(await md.read(staged[0]?.id ?? '')).toEqual(Buffer.from('one'));
    expect(await md.read(staged[1]?.id ?? '')).toEqual(Buffer.from('two'));
  });

  it('refuses unsafe preset ids', async () => {
    const md = await Maildir.open(root);
    for (const id of ['../x', 'a:2,S', '.hidden', '']) {
      await expect(md.add(Buffer.from('x'), { id })).rejects.toMatchObject({ kind: 'internal' });
    }
  });

  it('refuses to open a folder that is not a Maildir without create', async () => {
    const err = await Maildir.open(join(root, 'nope'), { create: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailwrightError);
    expect((err as MailwrightError).kind).toBe('not-found');
  });
});
