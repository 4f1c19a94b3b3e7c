import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageFilter, SortDirection } from '../../model';
import type { MaildirFlag } from '../maildir/names';
import { MessageIndex, pageSql, type IndexPageQuery } from './message-index';
import { MIGRATIONS } from './schema';

// A folder's page by date is read off the (folder, coalesce(date, 0)) index (migration 2)
// instead of sorting the whole folder, and shows exactly what it showed before: newest first,
// a missing date as 0, equal dates by id in the sort's direction, the same rows per page.

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mw-page-order-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Fixture {
  folder: string;
  date: number | null;
  flags: string;
  word: string;
}

// Null dates, a date of 0 (ties with null), one before 1970, and runs of equal dates, mixed
// across two folders and both flags, inserted out of date order so ids and dates disagree.
const DAY = 86_400_000;
const DATES = [3 * DAY, null, 0, 3 * DAY, -DAY, 5 * DAY, null, 3 * DAY, 0, 7 * DAY, -DAY, null, 3 * DAY];
const FIXTURE: Fixture[] = Array.from({ length: 3 * DATES.length }, (_, i) => ({
  folder: i % 5 === 4 ? 'Other' : 'INBOX',
  date: DATES[i % DATES.length] ?? null,
  flags: ['', 'S', 'FS', 'F'][i % 4] ?? '',
  word: i % 3 === 0 ? 'plum' : 'pear',
}));

/** A database exactly as the previous schema version (1) left it, holding these rows. */
function createVersion1(path: string, rows: readonly Fixture[]): void {
  const db = new Database(path);
  db.exec(MIGRATIONS[0] ?? '');
  db.pragma('user_version = 1');
  const insert = db.prepare(
    `INSERT INTO messages (id, folder, maildir_id, date, from_addr, to_addr, subject, snippet, flags, size,
       has_attachments, path) VALUES (?, ?, ?, ?, 'a@x.test', 'b@x.test', ?, '', ?, 1, 0, ?)`,
  );
  const fts = db.prepare(`INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, '', '')`);
  db.transaction(() => {
    rows.forEach((r, i) => {
      const id = i + 1;
      insert.run(id, r.folder, `m${id}`, r.date, r.word, r.flags, `/mail/m${id}`);
      fts.run(id, r.word);
    });
  })();
  db.close();
}

/** What a page must hold, worked out in plain code from the fixture (ids are i + 1). */
function expected(rows: readonly Fixture[], q: IndexPageQuery): { ids: string[]; total: number } {
  const sign = q.sort?.direction === 'asc' ? 1 : -1;
  const keep = (r: Fixture) =>
    r.folder === q.folder &&
    (q.filter === 'unread'
      ? !r.flags.includes('S')
      : q.filter === 'flagged'
        ? r.flags.includes('F')
        : true) &&
    (q.search === undefined || r.word === q.search);
  const matching = rows
    .map((r, i) => ({ r, id: i + 1 }))
    .filter(({ r }) => keep(r))
    .sort((a, b) => sign * ((a.r.date ?? 0) - (b.r.date ?? 0) || a.id - b.id));
  return {
    ids: matching.slice(q.offset, q.offset + q.limit).map((m) => `m${m.id}`),
    total: matching.length,
  };
}

/** Every page of every date-sorted query this test asks: each direction, filter and a search. */
function queries(limit: number, count: number): IndexPageQuery[] {
  const out: IndexPageQuery[] = [];
  for (const folder of ['INBOX', 'Other', 'Nowhere'])
    for (const direction of ['desc', 'asc'] as const)
      for (const filter of ['all', 'unread', 'flagged'] as const)
        for (const search of [undefined, 'plum'])
          for (let offset = 0; offset <= count; offset += limit)
            out.push({
              folder,
              offset,
              limit,
              sort: { by: 'date', direction },
              filter,
              ...(search === undefined ? {} : { search }),
            });
  return out;
}

/** The page as the raw SQL gives it on any schema version (ids and total). */
function rawPage(db: Database.Database, q: IndexPageQuery): { ids: string[]; total: number } {
  const sql = pageSql(q);
  const total = (db.prepare(sql.count).get(...sql.args) as { n: number }).n;
  const rows = db.prepare(sql.rows).all(...sql.args, q.limit, q.offset) as { maildir_id: string }[];
  return { ids: rows.map((r) => r.maildir_id), total };
}

function plan(db: Database.Database, sql: string, args: readonly unknown[]): string {
  const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
  return steps.map((s) => s.detail).join('\n');
}

const DIRECTIONS: SortDirection[] = ['desc', 'asc'];
const FILTERS: MessageFilter[] = ['all', 'unread', 'flagged'];

describe('a folder page by date', () => {
  it('is read off messages_folder_sort_date with no sort, where version 1 sorted the folder', () => {
    const path = join(root, 'i.sqlite');
    createVersion1(path, FIXTURE);
    const pages = DIRECTIONS.flatMap((direction) =>
      FILTERS.map((filter): IndexPageQuery => ({
        folder: 'INBOX',
        offset: 40,
        limit: 20,
        sort: { by: 'date', direction },
        filter,
      })),
    );
    // The default request (no sort given) is the newest-first date page too.
    pages.push({ folder: 'INBOX', offset: 0, limit: 50 });

    let db = new Database(path);
    for (const q of pages) {
      const sql = pageSql(q);
      // The gap this migration closes: the old schema's plan sorts the whole folder.
      expect(plan(db, sql.rows, [...sql.args, q.limit, q.offset])).toContain('USE TEMP B-TREE FOR ORDER BY');
    }
    db.close();

    MessageIndex.open(path).close();
    db = new Database(path);
    for (const analyzed of [false, true]) {
      // With statistics (ANALYZE) the planner weighs the indexes again: the choice must hold.
      if (analyzed) db.exec('ANALYZE');
      for (const q of pages) {
        const sql = pageSql(q);
        const rows = plan(db, sql.rows, [...sql.args, q.limit, q.offset]);
        expect(rows).toContain('USING INDEX messages_folder_sort_date (folder=?)');
        expect(rows).not.toContain('TEMP B-TREE');
        // Without statistics the count finds the folder through it too (covering when there
        // is no filter); with them, a folder of most of the table may rightly be scanned.
        if (!analyzed) {
          expect(plan(db, sql.count, sql.args)).toMatch(
            /USING (COVERING )?INDEX messages_folder_sort_date \(folder=\?\)/,
          );
        }
      }
    }
    db.close();
  });

  it('shows the same rows in the same pages after migrating a version 1 database', () => {
    const path = join(root, 'i.sqlite');
    createVersion1(path, FIXTURE);
    const asked = queries(4, FIXTURE.length);

    let db = new Database(path);
    const before = asked.map((q) => rawPage(db, q));
    db.close();

    const index = MessageIndex.open(path);
    const after = asked.map((q) => {
      const page = index.page(q);
      return { ids: page.rows.map((r) => r.maildirId), total: page.total };
    });
    // Spelled out once, so the oracle above is not the only judge: equal dates by id in the
    // sort's direction (m36, m23 on day 7; m32, m19 on day 5), and oldest first a pre-1970 date
    // (m37), then missing dates (m2, m7) interleaved by id with dates of 0 (m3).
    const dated = (q: IndexPageQuery) => index.page(q).rows.map((r) => [r.maildirId, r.date]);
    expect(dated({ folder: 'INBOX', offset: 0, limit: 4 })).toEqual([
      ['m36', 7 * DAY],
      ['m23', 7 * DAY],
      ['m32', 5 * DAY],
      ['m19', 5 * DAY],
    ]);
    expect(dated({ folder: 'INBOX', offset: 4, limit: 4, sort: { by: 'date', direction: 'asc' } })).toEqual([
      ['m37', -DAY],
      ['m2', null],
      ['m3', 0],
      ['m7', null],
    ]);
    index.close();

    expect(after).toEqual(before);
    expect(after).toEqual(asked.map((q) => expected(FIXTURE, q)));
    db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name")
      .all() as { name: string }[];
    expect(indexes.map((i) => i.name)).toEqual([
      'messages_folder_sort_date',
      'messages_message_id',
      'sqlite_autoindex_messages_1',
    ]);
    db.close();
  });

  it('pages any mix of dates, folders and flags put() through the index as plain sorting would', () => {
    const row = fc.record({
      folder: fc.constantFrom('INBOX', 'Other'),
      date: fc.oneof(fc.constantFrom(null, 0, -1, 1, 2), fc.integer({ min: -5 * DAY, max: 5 * DAY })),
      flags: fc.constantFrom('', 'S', 'F', 'FS'),
      word: fc.constant('w'),
    });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(...DIRECTIONS),
        fc.constantFrom(...FILTERS),
        (rows, limit, direction, filter) => {
          const index = MessageIndex.open(':memory:');
          try {
            rows.forEach((r, i) => {
              const flags = [...r.flags] as MaildirFlag[];
              index.put(
                r.folder,
                { id: `m${i + 1}`, path: `/mail/m${i + 1}`, sub: 'cur', flags },
                {
                  messageId: null,
                  date: r.date,
                  from: '',
                  to: '',
                  subject: '',
                  snippet: '',
                  bodyText: '',
                  hasAttachments: false,
                  size: 0,
                },
              );
            });
            for (let offset = 0; offset <= rows.length; offset += limit) {
              const q: IndexPageQuery = {
                folder: 'INBOX',
                offset,
                limit,
                sort: { by: 'date', direction },
                filter,
              };
              const page = index.page(q);
              expect({ ids: page.rows.map((m) => m.maildirId), total: page.total }).toEqual(
                expected(rows, q),
              );
            }
          } finally {
            index.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
