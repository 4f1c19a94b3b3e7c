import type Database from 'better-sqlite3';
import { migrate as runMigrations } from '../../store/migrate';

/** sync.sqlite migrations, applied in order by store/migrate.ts (a new version appends a step). */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE folders (
     path TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     delimiter TEXT,
     special_use TEXT,
     selectable INTEGER NOT NULL,
     uidvalidity INTEGER,
     uidnext INTEGER,
     highestmodseq TEXT,
     server_total INTEGER,
     server_unread INTEGER,
     position INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE messages (
     folder TEXT NOT NULL,
     uid INTEGER NOT NULL,
     message_id TEXT,
     date TEXT NOT NULL,
     from_json TEXT NOT NULL,
     to_json TEXT NOT NULL,
     subject TEXT NOT NULL,
     flags TEXT NOT NULL,
     size INTEGER NOT NULL,
     has_attachments INTEGER NOT NULL,
     modseq TEXT,
     maildir_id TEXT,
     snippet TEXT NOT NULL,
     PRIMARY KEY (folder, uid)
   );
   CREATE INDEX messages_by_date ON messages (folder, date DESC, uid DESC);
   CREATE TABLE actions (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     raw BLOB,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     last_error TEXT
   );
   CREATE TABLE placeholders (
     action INTEGER NOT NULL,
     folder TEXT NOT NULL,
     uid INTEGER NOT NULL,
     source_uid INTEGER,
     PRIMARY KEY (folder, uid)
   );`,
];

export function migrate(db: Database.Database): void {
  runMigrations(
    db,
    MIGRATIONS,
    'The IMAP cache was written by a newer Mailwright: update Mailwright, or delete the cache folder to sync again.',
  );
}
