/**
 * The durable queue of local actions (sync.sqlite `actions`) and the placeholder rows they
 * created. Written with synchronous = FULL: once enqueue returns, the action survives a crash.
 */
import type Database from 'better-sqlite3';
import { toMessage, type MessageRow } from './rows';
import type { CachedMessage } from './summary';
import type { LocalAction, QueuedAction } from './types';

export class ActionQueue {
  constructor(private readonly db: Database.Database) {}

  enqueue(action: LocalAction): number {
    const { raw, ...rest } = action.kind === 'append' ? action : { ...action, raw: null };
    const info = this.db
      .prepare(`INSERT INTO actions (kind, payload, raw, state, attempts) VALUES (?, ?, ?, 'pending', 0)`)
      .run(action.kind, JSON.stringify(rest), raw);
    return Number(info.lastInsertRowid);
  }

  queued(): (QueuedAction & { sending: boolean })[] {
    const rows = this.db.prepare('SELECT * FROM actions ORDER BY id').all() as {
      id: number;
      payload: string;
      raw: Buffer | null;
      state: string;
      attempts: number;
      last_error: string | null;
    }[];
    return rows.map((r) => {
      const payload = JSON.parse(r.payload) as LocalAction;
      const action = payload.kind === 'append' ? { ...payload, raw: r.raw ?? Buffer.alloc(0) } : payload;
      return {
        id: r.id,
        action,
        attempts: r.attempts,
        lastError: r.last_error,
        sending: r.state === 'sending',
      };
    });
  }

  /** Recorded before the command is sent: a crash after this means "maybe done". */
  markSending(id: number): void {
    this.db.prepare(`UPDATE actions SET state = 'sending', attempts = attempts + 1 WHERE id = ?`).run(id);
  }

  recordFailure(id: number, error: string): void {
    this.db.prepare('UPDATE actions SET last_error = ? WHERE id = ?').run(error, id);
  }

  dequeue(id: number): void {
    this.db.prepare('DELETE FROM actions WHERE id = ?').run(id);
  }

  /** Placeholder rows an action created (moves and appends not confirmed yet), with the source UID of a move. */
  placeholders(actionId: number): { message: CachedMessage; sourceUid: number | null }[] {
    const rows = this.db
      .prepare(
        'SELECT m.*, p.source_uid FROM messages m JOIN placeholders p ON p.folder = m.folder AND p.uid = m.uid WHERE p.action = ?',
      )
      .all(actionId) as (MessageRow & { source_uid: number | null })[];
    return rows.map((r) => ({ message: toMessage(r), sourceUid: r.source_uid }));
  }

  notePlaceholder(actionId: number, folder: string, uid: number, sourceUid: number | null): void {
    this.db
      .prepare('INSERT OR REPLACE INTO placeholders (action, folder, uid, source_uid) VALUES (?, ?, ?, ?)')
      .run(actionId, folder, uid, sourceUid);
  }

  forgetPlaceholders(actionId: number): void {
    this.db.prepare('DELETE FROM placeholders WHERE action = ?').run(actionId);
  }

  forgetPlaceholder(folder: string, uid: number): void {
    this.db.prepare('DELETE FROM placeholders WHERE folder = ? AND uid = ?').run(folder, uid);
  }

  /**
   * Placeholder rows of a folder whose action the server has done without saying the new
   * UID (no COPYUID/APPENDUID): they wait for the folder's next sync to adopt them by
   * Message-ID. Records whose row is gone (moved on again, dropped) are cleaned up here.
   */
  unclaimed(folder: string): CachedMessage[] {
    this.db
      .prepare(
        `DELETE FROM placeholders WHERE action NOT IN (SELECT id FROM actions) AND NOT EXISTS
           (SELECT 1 FROM messages m WHERE m.folder = placeholders.folder AND m.uid = placeholders.uid)`,
      )
      .run();
    const rows = this.db
      .prepare(
        `SELECT m.* FROM messages m JOIN placeholders p ON p.folder = m.folder AND p.uid = m.uid
         WHERE p.folder = ? AND p.action NOT IN (SELECT id FROM actions) ORDER BY m.uid DESC`,
      )
      .all(folder) as MessageRow[];
    return rows.map(toMessage);
  }
}
