/**
 * Paged, sorted, filtered and searched reads of the message index: one page at a time
 * straight from SQLite (LIMIT/OFFSET over the (folder, date) index), never the whole
 * folder. It reads the store's schema (store/index/schema.ts) through its own read-only
 * connection, since MessageIndex offers whole-folder lists only; WAL lets it read while
 * MessageIndex writes.
 */
import Database from 'better-sqlite3';
import type { MessageFilter, MessageSortKey, SortDirection } from '../model';
import { ftsQuery } from '../store/index/message-index';
import type { SummaryRow } from './summary';

export interface PageQuery {
  folder: string;
  offset: number;
  limit: number;
  sort?: { by: MessageSortKey; direction: SortDirection };
  filter?: MessageFilter;
  search?: string;
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

const SORT_COLUMN: Record<MessageSortKey, string> = {
  date: 'coalesce(m.date, 0)',
  from: 'm.from_addr COLLATE NOCASE',
  subject: 'm.subject COLLATE NOCASE',
  size: 'm.size',
};

const FILTER_SQL: Record<MessageFilter, string> = {
  all: '',
  unread: "AND instr(m.flags, 'S') = 0",
  flagged: "AND instr(m.flags, 'F') > 0",
};

const COLUMNS =
  'm.folder, m.maildir_id, m.source_id, m.message_id, m.date, m.from_addr, m.to_addr, m.subject, m.snippet, m.flags, m.size, m.has_attachments, m.path';

export function toSummaryRow(r: Row, partial: boolean): SummaryRow & { path: string } {
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
    partial,
    path: r.path,
  };
}

export class IndexPages {
  private constructor(private readonly db: Database.Database) {}

  /** Opens a read-only connection to an index file MessageIndex has created. */
  static open(path: string): IndexPages {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return new IndexPages(db);
  }

  page(q: PageQuery): { rows: Row[]; total: number } {
    const filter = FILTER_SQL[q.filter ?? 'all'];
    const sort = q.sort ?? { by: 'date', direction: 'desc' };
    const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const order = `${SORT_COLUMN[sort.by]} ${dir}, m.id ${dir}`;
    const search = q.search === undefined ? '' : ftsQuery(q.search);
    if (search === '') {
      const total = (
        this.db
          .prepare(`SELECT count(*) AS n FROM messages m WHERE m.folder = ? ${filter}`)
          .get(q.folder) as {
          n: number;
        }
      ).n;
      const rows = this.db
        .prepare(
          `SELECT ${COLUMNS} FROM messages m WHERE m.folder = ? ${filter} ORDER BY ${order} LIMIT ? OFFSET ?`,
        )
        .all(q.folder, q.limit, q.offset) as Row[];
      return { rows, total };
    }
    const from = `messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ? AND m.folder = ? ${filter}`;
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM ${from}`).get(search, q.folder) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM ${from} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(search, q.folder, q.limit, q.offset) as Row[];
    return { rows, total };
  }

  one(folder: string, maildirId: string): Row | undefined {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM messages m WHERE m.folder = ? AND m.maildir_id = ?`)
      .get(folder, maildirId) as Row | undefined;
  }

  counts(folder: string): { total: number; unread: number } {
    return this.db
      .prepare(
        `SELECT count(*) AS total, coalesce(sum(instr(flags, 'S') = 0), 0) AS unread FROM messages WHERE folder = ?`,
      )
      .get(folder) as { total: number; unread: number };
  }

  close(): void {
    this.db.close();
  }
}
