import type Database from 'better-sqlite3';
import { MailwrightError } from '../../model/errors';

/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran. A new
 * version appends a step, never edits an old one.
 */
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
];

export function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new MailwrightError(
      'internal',
      'The message index was written by a newer Mailwright: update Mailwright, or run "mailwright index rebuild".',
    );
  }
  db.transaction(() => {
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v] ?? '');
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
