import type Database from 'better-sqlite3';
import { MailwrightError } from '../model/errors';

/**
 * Applies the schema steps a SQLite file has not had yet, in order and in one transaction;
 * PRAGMA user_version records how many ran. A new version appends a step, never edits an
 * old one. A file from a newer Mailwright (more steps than we know) is refused rather than
 * used: `tooNew` is the caller's sentence saying what a person can do about it.
 */
export function migrate(db: Database.Database, migrations: readonly string[], tooNew: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) throw new MailwrightError('internal', tooNew);
  db.transaction(() => {
    for (let v = version; v < migrations.length; v++) db.exec(migrations[v] ?? '');
    db.pragma(`user_version = ${migrations.length}`);
  })();
}
