import type Database from 'better-sqlite3';
import { migrate as runMigrations } from '../migrate';

/** Schema migrations, applied in order by store/migrate.ts (a new version appends a step). */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE messages (
     id INTEGER PRIMARY KEY,
     folder TEXT NOT NULL,
     maildir_id TEXT NOT NULL,
     source_id TEXT,
     message_id TEXT,
     date INTEGER,
     from_addr TEXT NOT NULL,
     to_addr TEXT NOT NULL,
     subject TEXT NOT NULL,
     snippet TEXT NOT NULL,
     flags TEXT NOT NULL,
     size INTEGER NOT NULL,
     has_attachments INTEGER NOT NULL,
     path TEXT NOT NULL,
     UNIQUE (folder, maildir_id)
   );
   CREATE INDEX messages_folder_date ON messages (folder, date DESC);
   CREATE INDEX messages_message_id ON messages (message_id);
   CREATE VIRTUAL TABLE messages_fts USING fts5(
     subject, addresses, body,
     tokenize = 'unicode61 remove_diacritics 2'
   );`,
  // 2: a folder's page by date (message-index.ts's page(): ORDER BY coalesce(date, 0) <dir>,
  // id <dir>) is read straight off an index instead of sorting the whole folder. The
  // expression must be the ORDER BY's exactly. Every index entry ends with the rowid (id), so
  // a forward scan gives ASC, ASC and a backward one DESC, DESC: one index serves both
  // directions with the same tie-break. It also serves every "folder = ?" lookup the old
  // (folder, date DESC) index did, which is dropped so each insert updates one index, not two.
  `CREATE INDEX messages_folder_sort_date ON messages (folder, coalesce(date, 0));
   DROP INDEX messages_folder_date;`,
];

export function migrate(db: Database.Database): void {
  runMigrations(
    db,
    MIGRATIONS,
    'The message index was written by a newer Mailwright: update Mailwright, or run "mailwright index rebuild".',
  );
}
