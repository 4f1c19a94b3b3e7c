/** LocalMail on a real Maildir and SQLite index in a temporary profile (no servers needed). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalMail } from './local-mail';

let home: string;
let mail: LocalMail;

function message(subject: string, from: string, body: string, date: string): Buffer {
  return Buffer.from(
    `From: ${from}\r\nTo: me@example.test\r\nSubject: ${subject}\r\nDate: ${date}\r\n\r\n${body}\r\n`,
  );
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'mw-local-mail-'));
  mail = await LocalMail.open(home, 'acc', 'local');
});
afterEach(async () => {
  mail.close();
  await rm(home, { recursive: true, force: true });
});

describe('LocalMail', () => {
  it('pages sorted and filtered from the index, and finds words of the body', async () => {
    const a = await mail.add(
      'INBOX',
      message('Banana', 'Zed <z@x.test>', 'yellow fruit', 'Thu, 01 Jan 2026 10:00:00 +0000'),
    );
    const b = await mail.add(
      'INBOX',
      message('apple', 'amy@x.test', 'red fruit', 'Fri, 02 Jan 2026 10:00:00 +0000'),
    );
    const c = await mail.add(
      'INBOX',
      message('Cherry', 'bob@x.test', 'small stone fruit', 'Sat, 03 Jan 2026 10:00:00 +0000'),
    );
    expect(mail.counts('INBOX')).toEqual({ total: 3, unread: 3 });
    const updated = await mail.setFlag('INBOX', [b.id, c.id], 'seen', true);
    expect(updated.map((m) => m.flags.seen)).toEqual([true, true]);
    expect(mail.summary('INBOX', a.id).flags.seen).toBe(false);

    const byDate = mail.page({ folder: 'INBOX', offset: 0, limit: 2 });
    expect(byDate.messages.map((m) => m.subject)).toEqual(['Cherry', 'apple']);
    expect(byDate).toMatchObject({ total: 3, nextOffset: 2 });
    const rest = mail.page({ folder: 'INBOX', offset: 2, limit: 2 });
    expect(rest.messages.map((m) => m.subject)).toEqual(['Banana']);
    expect(rest.nextOffset).toBeNull();

    const bySubject = mail.page({
      folder: 'INBOX',
      offset: 0,
      limit: 10,
      sort: { by: 'subject', direction: 'asc' },
    });
    expect(bySubject.messages.map((m) => m.subject)).toEqual(['apple', 'Banana', 'Cherry']);
    const unread = mail.page({ folder: 'INBOX', offset: 0, limit: 10, filter: 'unread' });
    expect(unread.messages.map((m) => m.subject)).toEqual(['Banana']);
    expect(mail.counts('INBOX')).toEqual({ total: 3, unread: 1 });

    const found = mail.page({ folder: 'INBOX', offset: 0, limit: 10, search: 'stone' });
    expect(found.messages.map((m) => m.subject)).toEqual(['Cherry']);
    // Operators typed by a person are words, not FTS5 syntax.
    expect(mail.page({ folder: 'INBOX', offset: 0, limit: 10, search: 'fruit OR "' }).total).toBe(0);
  });

  it('moves between folders keeping the row, deletes for good, and refuses unknown folders', async () => {
    const m = await mail.add('INBOX', message('Move me', 'a@x.test', 'x', 'Thu, 01 Jan 2026 10:00:00 +0000'));
    const [moved] = await mail.move('INBOX', [m.id], 'Trash');
    expect(moved).toMatchObject({ id: m.id, folder: 'Trash', subject: 'Move me' });
    expect(mail.counts('INBOX').total).toBe(0);
    expect(mail.counts('Trash').total).toBe(1);
    await mail.remove('Trash', [m.id]);
    expect(mail.counts('Trash').total).toBe(0);
    await expect(mail.read('Trash', m.id)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(mail.maildir('../../etc')).rejects.toMatchObject({ kind: 'not-found' });
    expect(mail.folders().map((f) => [f.path, f.specialUse])).toEqual([
      ['INBOX', 'inbox'],
      ['Drafts', 'drafts'],
      ['Sent', 'sent'],
      ['Trash', 'trash'],
    ]);
  });
});
