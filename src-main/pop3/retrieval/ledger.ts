import Database from 'better-sqlite3';
import { MailwrightError } from '../../model/errors';
import { migrate as runMigrations } from '../../store/migrate';

/**
 * The POP3 ledger: what this account has already taken from the server, since POP3 itself
 * remembers nothing between sessions. One row per server message id (UIDL, or a fingerprint
 * on servers without UIDL). Every change is one SQLite transaction with synchronous=FULL,
 * so the ledger is never half-written (Thunderbird's popstate.dat is known to corrupt into
 * duplicate downloads).
 *
 * States:
 *   storing         the message is being written to the Maildir as `maildirId` (an intent:
 *                   after a crash, the file's presence decides whether it was stored)
 *   kept            stored locally; left on the server
 *   delete-pending  stored locally; DELE sent or to be sent; not yet confirmed by QUIT
 *   deleted         the server confirmed (QUIT +OK) or no longer lists it
 */

/** The ledger's file name when it lives inside the Maildir it describes (the CLI's layout). */
export const LEDGER_FILE = '.mailwright-pop3.sqlite';

export type LedgerState = 'storing' | 'kept' | 'delete-pending' | 'deleted';

export interface LedgerRow {
  uid: string;
  state: LedgerState;
  /** ms since the epoch when the message was first stored. */
  firstSeen: number;
  maildirId: string;
  size: number;
  headersOnly: boolean;
}

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE pop3_ledger (
     account TEXT NOT NULL,
     uid TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('storing', 'kept', 'delete-pending', 'deleted')),
     first_seen INTEGER NOT NULL,
     maildir_id TEXT NOT NULL,
     size INTEGER NOT NULL,
     headers_only INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (account, uid)
   ) WITHOUT ROWID`,
];

interface DbRow {
  uid: string;
  state: LedgerState;
  first_seen: number;
  maildir_id: string;
  size: number;
  headers_only: number;
}

function toRow(r: DbRow): LedgerRow {
  return {
    uid: r.uid,
    state: r.state,
    firstSeen: r.first_seen,
    maildirId: r.maildir_id,
    size: r.size,
    headersOnly: r.headers_only !== 0,
  };
}

export class Ledger {
  private constructor(
    private readonly db: Database.Database,
    readonly account: string,
  ) {}

  /** Opens (creating and migrating) the ledger file for one account. */
  static open(path: string, account: string): Ledger {
    let db: Database.Database;
    try {
      db = new Database(path);
      db.pragma('journal_mode = WAL');
      // FULL: a committed transaction survives a power cut, which is the whole point.
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (e) {
      if (e instanceof MailwrightError) throw e;
      throw new MailwrightError(
        'internal',
        `The POP3 ledger ${path} cannot be opened: check the folder is writable.`,
        {
          cause: e,
          serverText: e instanceof Error ? e.message : String(e),
        },
      );
    }
    return new Ledger(db, account);
  }

  all(): Map<string, LedgerRow> {
    const rows = this.db
      .prepare(
        'SELECT uid, state, first_seen, maildir_id, size, headers_only FROM pop3_ledger WHERE account = ?',
      )
      .all(this.account) as DbRow[];
    return new Map(rows.map((r) => [r.uid, toRow(r)]));
  }

  get(uid: string): LedgerRow | undefined {
    const r = this.db
      .prepare(
        'SELECT uid, state, first_seen, maildir_id, size, headers_only FROM pop3_ledger WHERE account = ? AND uid = ?',
      )
      .get(this.account, uid) as DbRow | undefined;
    return r === undefined ? undefined : toRow(r);
  }

  /** Writes (or replaces) one row. */
  put(row: LedgerRow): void {
    this.putMany([row]);
  }

  /** Writes (or replaces) many rows in one transaction: all or none reach the disk. */
  putMany(rows: readonly LedgerRow[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO pop3_ledger (account, uid, state, first_seen, maildir_id, size, headers_only)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account, uid) DO UPDATE SET state = excluded.state, first_seen = excluded.first_seen,
           maildir_id = excluded.maildir_id, size = excluded.size, headers_only = excluded.headers_only`,
    );
    this.db.transaction(() => {
      for (const row of rows) {
        stmt.run(
          this.account,
          row.uid,
          row.state,
          row.firstSeen,
          row.maildirId,
          row.size,
          row.headersOnly ? 1 : 0,
        );
      }
    })();
  }

  /** Moves many rows to one state in a single transaction. */
  setState(uids: readonly string[], state: LedgerState): void {
    const stmt = this.db.prepare('UPDATE pop3_ledger SET state = ? WHERE account = ? AND uid = ?');
    this.db.transaction(() => {
      for (const uid of uids) stmt.run(state, this.account, uid);
    })();
  }

  remove(uids: readonly string[]): void {
    const stmt = this.db.prepare('DELETE FROM pop3_ledger WHERE account = ? AND uid = ?');
    this.db.transaction(() => {
      for (const uid of uids) stmt.run(this.account, uid);
    })();
  }

  close(): void {
    this.db.close();
  }
}

/** Maildir id → server id for every stored message of every account (for the index). */
export function readSourceIds(path: string): Map<string, string> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT uid, maildir_id FROM pop3_ledger WHERE state != 'storing'").all() as {
      uid: string;
      maildir_id: string;
    }[];
    return new Map(rows.map((r) => [r.maildir_id, r.uid]));
  } finally {
    db.close();
  }
}

function migrate(db: Database.Database): void {
  runMigrations(
    db,
    MIGRATIONS,
    'The POP3 ledger was written by a newer Mailwright: update Mailwright before fetching with this profile.',
  );
}
