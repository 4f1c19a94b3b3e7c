import Database from 'better-sqlite3';
import { readFile, rename, rm } from 'node:fs/promises';
import type { MessageFilter, MessagePageRequest, MessageSortKey } from '../../model';
import { MailwrightError } from '../../model/errors';
import type { Maildir, MaildirEntry } from '../maildir/maildir';
import { extractFacts, type MessageFacts } from './extract';
import { migrate } from './schema';

/**
 * The SQLite index of stored messages: one row per Maildir file, plus FTS5 over subject,
 * addresses and body text. The Maildirs are the truth; this can always be rebuilt from them.
 */

/** The index's file name when it lives inside the Maildir it describes (the CLI's layout). */
export const INDEX_FILE = '.mailwright-index.sqlite';

/** One row: the facts parsed from the file (less its body text, kept in FTS only), and where it is. */
export interface IndexedMessage extends Omit<MessageFacts, 'bodyText'> {
  folder: string;
  maildirId: string;
  /** The server's id (e.g. the POP3 UIDL), when the message came from one. */
  sourceId: string | null;
  /** Maildir flag letters, e.g. "FS". */
  flags: string;
  path: string;
}

interface Row {
  folder: string;
  maildir_id: string;
  source_id: string | null;
  message_id: string | null;
  date: number | null;
  from_addr: string;
  to_addr: string;
  subject: string;
  snippet: string;
  flags: string;
  size: number;
  has_attachments: number;
  path: string;
}

const COLUMNS =
  'm.folder, m.maildir_id, m.source_id, m.message_id, m.date, m.from_addr, m.to_addr, m.subject, m.snippet, m.flags, m.size, m.has_attachments, m.path';

function fromRow(r: Row): IndexedMessage {
  return {
    folder: r.folder,
    maildirId: r.maildir_id,
    sourceId: r.source_id,
    messageId: r.message_id,
    date: r.date,
    from: r.from_addr,
    to: r.to_addr,
    subject: r.subject,
    snippet: r.snippet,
    flags: r.flags,
    size: r.size,
    hasAttachments: r.has_attachments !== 0,
    path: r.path,
  };
}

/** What a page of one folder asks the index for (the model's request without its account). */
export type IndexPageQuery = Omit<MessagePageRequest, 'accountId'>;

const SORT_COLUMN: Record<MessageSortKey, string> = {
  // Exactly the expression of the messages_folder_sort_date index (schema.ts, migration 2), so
  // the page is read off that index in order; any other spelling makes SQLite sort the folder.
  date: 'coalesce(m.date, 0)',
  from: 'm.from_addr COLLATE NOCASE',
  subject: 'm.subject COLLATE NOCASE',
  size: 'm.size',
};

// Maildir letters: S is seen, F is flagged.
const FILTER_SQL: Record<MessageFilter, string> = {
  all: '',
  unread: "AND instr(m.flags, 'S') = 0",
  flagged: "AND instr(m.flags, 'F') > 0",
};

/** Turns what a person typed into an FTS5 query of quoted terms (no operator injection). */
export function ftsQuery(text: string): string {
  const terms = text.split(/\s+/).filter((t) => t !== '');
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
}

/**
 * The SQL of one page (exported so a test can EXPLAIN it): `count` counts the folder's matching
 * rows, `rows` reads one page of them and takes `args` then LIMIT and OFFSET. The id (the
 * rowid) breaks ties in the sort's own direction, so equal dates keep one stable order.
 */
export function pageSql(q: IndexPageQuery): { count: string; rows: string; args: string[] } {
  const filter = FILTER_SQL[q.filter ?? 'all'];
  const sort = q.sort ?? { by: 'date', direction: 'desc' };
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  const order = `${SORT_COLUMN[sort.by]} ${dir}, m.id ${dir}`;
  const search = q.search === undefined ? '' : ftsQuery(q.search);
  const from =
    search === ''
      ? `messages m WHERE m.folder = ? ${filter}`
      : `messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ? AND m.folder = ? ${filter}`;
  return {
    count: `SELECT count(*) AS n FROM ${from}`,
    rows: `SELECT ${COLUMNS} FROM ${from} ORDER BY ${order} LIMIT ? OFFSET ?`,
    args: search === '' ? [q.folder] : [search, q.folder],
  };
}

export class MessageIndex {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): MessageIndex {
    try {
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new MessageIndex(db);
    } catch (e) {
      if (e instanceof MailwrightError) throw e;
      throw new MailwrightError(
        'internal',
        `The message index ${path} cannot be opened: run "mailwright index rebuild".`,
        {
          cause: e,
          serverText: e instanceof Error ? e.message : String(e),
        },
      );
    }
  }

  /** Adds or replaces the row of one stored message. */
  put(folder: string, entry: MaildirEntry, facts: MessageFacts, sourceId: string | null = null): void {
    this.db.transaction(() => this.putNow(folder, entry, facts, sourceId))();
  }

  private putNow(folder: string, entry: MaildirEntry, facts: MessageFacts, sourceId: string | null): void {
    const old = this.db
      .prepare('SELECT id FROM messages WHERE folder = ? AND maildir_id = ?')
      .get(folder, entry.id) as { id: number } | undefined;
    if (old !== undefined) {
      this.db.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(old.id);
      this.db.prepare('DELETE FROM messages WHERE id = ?').run(old.id);
    }
    const info = this.db
      .prepare(
        `INSERT INTO messages (folder, maildir_id, source_id, message_id, date, from_addr, to_addr, subject, snippet,
           flags, size, has_attachments, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        folder,
        entry.id,
        sourceId,
        facts.messageId,
        facts.date,
        facts.from,
        facts.to,
        facts.subject,
        facts.snippet,
        entry.flags.join(''),
        facts.size,
        facts.hasAttachments ? 1 : 0,
        entry.path,
      );
    this.db
      .prepare('INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)')
      .run(info.lastInsertRowid, facts.subject, `${facts.from} ${facts.to}`, facts.bodyText);
  }

  /** Parses and indexes one message file. */
  async add(
    folder: string,
    entry: MaildirEntry,
    raw?: Buffer,
    sourceId: string | null = null,
  ): Promise<void> {
    const bytes = raw ?? (await readFile(entry.path));
    this.put(folder, entry, await extractFacts(bytes), sourceId);
  }

  remove(folder: string, maildirId: string): void {
    this.db.transaction(() => {
      const old = this.db
        .prepare('SELECT id FROM messages WHERE folder = ? AND maildir_id = ?')
        .get(folder, maildirId) as { id: number } | undefined;
      if (old === undefined) return;
      this.db.prepare('DELETE FROM messages_fts WHERE rowid = ?').run(old.id);
      this.db.prepare('DELETE FROM messages WHERE id = ?').run(old.id);
    })();
  }

  list(folder: string): IndexedMessage[] {
    return (
      this.db
        .prepare(`SELECT ${COLUMNS} FROM messages m WHERE m.folder = ? ORDER BY m.date DESC, m.id DESC`)
        .all(folder) as Row[]
    ).map(fromRow);
  }

  /** Full-text search over subject, addresses and body, best match first. */
  search(text: string, limit = 100): IndexedMessage[] {
    const q = ftsQuery(text);
    if (q === '') return [];
    return (
      this.db
        .prepare(
          `SELECT ${COLUMNS} FROM messages_fts f JOIN messages m ON m.id = f.rowid
           WHERE messages_fts MATCH ? ORDER BY bm25(messages_fts) LIMIT ?`,
        )
        .all(q, limit) as Row[]
    ).map(fromRow);
  }

  /**
   * One page of a folder, sorted, filtered and (with `search`) full-text searched: one SQL
   * page at a time. Sorted by date (the default), it walks the (folder, coalesce(date, 0))
   * index in order and stops after the page, never sorting the folder; LIMIT/OFFSET still steps
   * over the `offset` rows before the page. Other sort keys, and a search, sort their rows.
   */
  page(q: IndexPageQuery): { rows: IndexedMessage[]; total: number } {
    const sql = pageSql(q);
    const total = (this.db.prepare(sql.count).get(...sql.args) as { n: number }).n;
    const rows = this.db.prepare(sql.rows).all(...sql.args, q.limit, q.offset) as Row[];
    return { rows: rows.map(fromRow), total };
  }

  /** One message's row, or undefined when the folder holds no such message. */
  one(folder: string, maildirId: string): IndexedMessage | undefined {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM messages m WHERE m.folder = ? AND m.maildir_id = ?`)
      .get(folder, maildirId) as Row | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  /** A folder's message count and how many of them are unread (no S flag). */
  counts(folder: string): { total: number; unread: number } {
    return this.db
      .prepare(
        `SELECT count(*) AS total, coalesce(sum(instr(flags, 'S') = 0), 0) AS unread FROM messages WHERE folder = ?`,
      )
      .get(folder) as { total: number; unread: number };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  }

  /**
   * Rebuilds the rows of these folders from their Maildirs alone. Files are parsed first,
   * then swapped in one transaction, so a failure leaves the old index as it was.
   * `sourceIds` may map Maildir ids to their server ids (e.g. from the POP3 ledger).
   */
  async rebuild(
    folders: readonly { name: string; maildir: Maildir }[],
    sourceIds: ReadonlyMap<string, string> = new Map(),
  ): Promise<number> {
    const parsed: { folder: string; entry: MaildirEntry; facts: MessageFacts }[] = [];
    for (const { name, maildir } of folders) {
      for (const entry of await maildir.list()) {
        parsed.push({ folder: name, entry, facts: await extractFacts(await readFile(entry.path)) });
      }
    }
    this.db.transaction(() => {
      for (const { name } of folders) {
        this.db
          .prepare('DELETE FROM messages_fts WHERE rowid IN (SELECT id FROM messages WHERE folder = ?)')
          .run(name);
        this.db.prepare('DELETE FROM messages WHERE folder = ?').run(name);
      }
      for (const p of parsed) this.putNow(p.folder, p.entry, p.facts, sourceIds.get(p.entry.id) ?? null);
    })();
    return parsed.length;
  }

  /**
   * Rebuilds the index file at `path` from these Maildirs alone, never reading the old file:
   * a corrupt index, or one written by a newer Mailwright, is replaced instead of trusted (the
   * errors of `open` tell a person to run a rebuild, so a rebuild must not need `open` to
   * succeed). The new file is built beside the old one and renamed over it; until then the
   * old file stays as it was. Rows of folders not listed are not carried over.
   */
  static async rebuildFile(
    path: string,
    folders: readonly { name: string; maildir: Maildir }[],
    sourceIds: ReadonlyMap<string, string> = new Map(),
  ): Promise<number> {
    const fresh = `${path}.rebuild`;
    await removeDatabase(fresh);
    const index = MessageIndex.open(fresh);
    let count: number;
    try {
      count = await index.rebuild(folders, sourceIds);
      // A rollback journal instead of WAL: the whole index is in `fresh` itself when it closes.
      index.db.pragma('journal_mode = DELETE');
    } catch (e) {
      index.close();
      await removeDatabase(fresh);
      throw e;
    }
    index.close();
    // The old file's WAL would be replayed into the new file by the next open: remove it first.
    await rm(`${path}-wal`, { force: true });
    await rm(`${path}-shm`, { force: true });
    await rename(fresh, path);
    return count;
  }

  close(): void {
    this.db.close();
  }
}

/** Removes a database file and its WAL companions, if any. */
async function removeDatabase(path: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${path}${suffix}`, { force: true });
}
