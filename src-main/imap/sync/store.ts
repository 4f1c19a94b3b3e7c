/**
 * The local cache of one IMAP account: `sync.sqlite` (folder state, message summaries, the
 * durable action queue), one Maildir per folder for cached bodies (mutt and Dovecot can
 * read them), and the store's MessageIndex for full-text search over cached bodies.
 * Summaries exist before bodies (headers-first sync), so they live here, not in the index.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountId, Folder, MessagePage, MessageSummary, SpecialUse } from '../../model';
import { MailwrightError } from '../../model/errors';
import { extractFacts } from '../../store/index/extract';
import { MessageIndex } from '../../store/index/message-index';
import { Maildir } from '../../store/maildir/maildir';
import type { FolderInfo } from '../folders';
import { migrate } from './schema';
import { maildirFlags, messageIdOf, modelFlags, type CachedMessage } from './summary';

export type { FolderState } from './rows';
import { ActionQueue } from './queue';
import { toMessage, toState, type FolderRow, type FolderState, type MessageRow } from './rows';

const ROLE: Record<string, SpecialUse> = {
  '\\Sent': 'sent',
  '\\Drafts': 'drafts',
  '\\Trash': 'trash',
  '\\Junk': 'junk',
  '\\Archive': 'archive',
  '\\All': 'all',
  '\\Flagged': 'flagged',
};

export class SyncStore {
  private readonly maildirs = new Map<string, Promise<Maildir>>();
  private index: MessageIndex | null = null;
  /** Local actions waiting for the server, and the placeholder rows they made. */
  readonly queue: ActionQueue;

  private constructor(
    readonly dir: string,
    private readonly db: Database.Database,
  ) {
    this.queue = new ActionQueue(db);
  }

  static open(dir: string): SyncStore {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const db = new Database(join(dir, 'sync.sqlite'));
      db.pragma('journal_mode = WAL');
      // The action queue must survive a power cut once applyAction has returned.
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new SyncStore(dir, db);
    } catch (e) {
      if (e instanceof MailwrightError) throw e;
      throw new MailwrightError(
        'internal',
        `The IMAP cache in ${dir} cannot be opened; check the folder's permissions.`,
        {
          cause: e,
          serverText: e instanceof Error ? e.message : String(e),
        },
      );
    }
  }

  close(): void {
    this.index?.close();
    this.db.close();
  }

  // ---- folders ----

  /** Mirrors the server's folder list; folders gone from the server lose their cache. */
  async mirrorFolders(infos: readonly FolderInfo[]): Promise<string[]> {
    const known = new Set(infos.map((f) => f.path));
    const gone = this.folderStates()
      .map((f) => f.path)
      .filter((p) => !known.has(p));
    this.db.transaction(() => {
      const up = this.db.prepare(
        `INSERT INTO folders (path, name, delimiter, special_use, selectable, server_total, server_unread, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET name = excluded.name, delimiter = excluded.delimiter,
           special_use = excluded.special_use, selectable = excluded.selectable,
           server_total = excluded.server_total, server_unread = excluded.server_unread, position = excluded.position`,
      );
      infos.forEach((f, i) =>
        up.run(f.path, f.name, f.delimiter, f.specialUse, f.selectable ? 1 : 0, f.messages, f.unseen, i),
      );
    })();
    for (const path of gone) {
      await this.dropFolderCache(path);
      this.db.prepare('DELETE FROM folders WHERE path = ?').run(path);
    }
    return gone;
  }

  folderStates(): FolderState[] {
    return (this.db.prepare('SELECT * FROM folders ORDER BY position').all() as FolderRow[]).map(toState);
  }

  folderState(path: string): FolderState | undefined {
    const r = this.db.prepare('SELECT * FROM folders WHERE path = ?').get(path) as FolderRow | undefined;
    return r === undefined ? undefined : toState(r);
  }

  /** The folder with this special use (e.g. '\\Sent'), if the server has one. */
  specialFolder(use: string): string | null {
    const r = this.db.prepare('SELECT path FROM folders WHERE special_use = ?').get(use) as
      { path: string } | undefined;
    return r?.path ?? null;
  }

  saveFolderState(
    path: string,
    s: { uidValidity: number; uidNext: number | null; highestModseq: bigint | null },
  ): void {
    this.db
      .prepare(
        `INSERT INTO folders (path, name, selectable, uidvalidity, uidnext, highestmodseq) VALUES (?, ?, 1, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET uidvalidity = excluded.uidvalidity, uidnext = excluded.uidnext,
           highestmodseq = excluded.highestmodseq`,
      )
      .run(path, path, s.uidValidity, s.uidNext, s.highestModseq?.toString() ?? null);
  }

  /**
   * Makes the next sync of the folder fetch every message the cache lacks (as a resumed
   * first sync does), e.g. after the server refused an action already applied locally.
   */
  markIncomplete(path: string): void {
    this.db.prepare('UPDATE folders SET uidnext = NULL WHERE path = ?').run(path);
  }

  /** Forgets everything cached for a folder (UIDVALIDITY changed, or the folder is gone). */
  async dropFolderCache(path: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM messages WHERE folder = ?').run(path);
      this.db
        .prepare('UPDATE folders SET uidvalidity = NULL, uidnext = NULL, highestmodseq = NULL WHERE path = ?')
        .run(path);
    })();
    const dir = this.maildirPath(path);
    this.maildirs.delete(path);
    await rm(dir, { recursive: true, force: true });
    const index = this.messageIndex();
    for (const m of index.list(path)) index.remove(path, m.maildirId);
  }

  /** The account's folder tree (model shape), counts from the cache once a folder is synced. */
  folders(accountId: AccountId): Folder[] {
    // flags hold JSON, where \\Seen is written with two backslashes (LIKE is case-blind for ASCII).
    const counts = new Map(
      (
        this.db
          .prepare(
            `SELECT folder, count(*) AS total,
               sum(CASE WHEN flags LIKE '%"\\\\Seen"%' THEN 0 ELSE 1 END) AS unread
             FROM messages GROUP BY folder`,
          )
          .all() as { folder: string; total: number; unread: number }[]
      ).map((r) => [r.folder, { total: r.total, unread: r.unread }]),
    );
    const rows = this.db.prepare('SELECT * FROM folders ORDER BY position').all() as FolderRow[];
    const byPath = new Map<string, Folder>();
    const roots: Folder[] = [];
    for (const r of rows) {
      const synced = r.uidvalidity !== null;
      const serverCounts =
        r.server_total === null ? null : { total: r.server_total, unread: r.server_unread ?? 0 };
      byPath.set(r.path, {
        accountId,
        path: r.path,
        name: r.name,
        delimiter: r.delimiter,
        specialUse:
          r.path.toUpperCase() === 'INBOX'
            ? 'inbox'
            : r.special_use === null
              ? null
              : (ROLE[r.special_use] ?? null),
        selectable: r.selectable !== 0,
        counts: synced ? (counts.get(r.path) ?? { total: 0, unread: 0 }) : serverCounts,
        children: [],
      });
    }
    for (const f of byPath.values()) {
      const cut = f.delimiter === null ? -1 : f.path.lastIndexOf(f.delimiter);
      const parent = cut > 0 ? byPath.get(f.path.slice(0, cut)) : undefined;
      (parent?.children ?? roots).push(f);
    }
    return roots;
  }

  // ---- messages ----

  /** Inserts or replaces rows; says which were new and which changed. */
  upsertMessages(rows: readonly CachedMessage[]): { added: CachedMessage[]; updated: CachedMessage[] } {
    const added: CachedMessage[] = [];
    const updated: CachedMessage[] = [];
    const get = this.db.prepare('SELECT maildir_id, snippet FROM messages WHERE folder = ? AND uid = ?');
    const put = this.db.prepare(
      `INSERT OR REPLACE INTO messages (folder, uid, message_id, date, from_json, to_json, subject, flags, size,
         has_attachments, modseq, maildir_id, snippet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const m of rows) {
        const old = get.get(m.folder, m.uid) as { maildir_id: string | null; snippet: string } | undefined;
        // A header refetch must not forget the cached body.
        const row =
          old === undefined
            ? m
            : { ...m, maildirId: m.maildirId ?? old.maildir_id, snippet: m.snippet || old.snippet };
        put.run(
          row.folder,
          row.uid,
          row.messageId,
          row.date,
          JSON.stringify(row.from),
          JSON.stringify(row.to),
          row.subject,
          JSON.stringify(row.flags),
          row.size,
          row.hasAttachments ? 1 : 0,
          row.modseq?.toString() ?? null,
          row.maildirId,
          row.snippet,
        );
        (old === undefined ? added : updated).push(row);
      }
    })();
    return { added, updated };
  }

  message(folder: string, uid: number): CachedMessage | undefined {
    const r = this.db.prepare('SELECT * FROM messages WHERE folder = ? AND uid = ?').get(folder, uid) as
      MessageRow | undefined;
    return r === undefined ? undefined : toMessage(r);
  }

  /** Server UIDs cached for a folder (placeholders excluded), ascending. */
  uids(folder: string): number[] {
    return (
      this.db.prepare('SELECT uid FROM messages WHERE folder = ? AND uid > 0 ORDER BY uid').all(folder) as {
        uid: number;
      }[]
    ).map((r) => r.uid);
  }

  /** Removes rows (and their cached bodies); returns the rows removed. */
  async removeMessages(folder: string, uids: readonly number[]): Promise<CachedMessage[]> {
    const removed: CachedMessage[] = [];
    this.db.transaction(() => {
      for (const uid of uids) {
        const m = this.message(folder, uid);
        if (m === undefined) continue;
        this.db.prepare('DELETE FROM messages WHERE folder = ? AND uid = ?').run(folder, uid);
        removed.push(m);
      }
    })();
    for (const m of removed) {
      if (m.maildirId === null) continue;
      const maildir = await this.maildir(folder);
      await maildir.delete(m.maildirId).catch(() => undefined);
      this.messageIndex().remove(folder, m.maildirId);
    }
    return removed;
  }

  /** Moves a row to another folder under a new UID, with its cached body. */
  async moveMessage(m: CachedMessage, to: string, uid: number): Promise<CachedMessage> {
    let maildirId = m.maildirId;
    if (maildirId !== null) {
      const from = await this.maildir(m.folder);
      const entry = await from.moveTo(maildirId, await this.maildir(to)).catch(() => null);
      this.messageIndex().remove(m.folder, maildirId);
      if (entry === null) maildirId = null;
      // Indexed under its server UID as storeBody does (search maps hits back by it).
      else await this.messageIndex().add(to, entry, undefined, uid > 0 ? String(uid) : null);
    }
    const moved: CachedMessage = { ...m, folder: to, uid, maildirId };
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM messages WHERE folder = ? AND uid = ?').run(m.folder, m.uid);
      this.upsertMessages([moved]);
    })();
    return moved;
  }

  async setFlags(
    folder: string,
    uid: number,
    flags: readonly string[],
    modseq: bigint | null = null,
  ): Promise<void> {
    this.db
      .prepare('UPDATE messages SET flags = ?, modseq = coalesce(?, modseq) WHERE folder = ? AND uid = ?')
      .run(JSON.stringify(flags), modseq?.toString() ?? null, folder, uid);
    const m = this.message(folder, uid);
    if (m?.maildirId != null) {
      const maildir = await this.maildir(folder);
      await maildir.setFlags(m.maildirId, maildirFlags(flags)).catch(() => undefined);
    }
  }

  /** A UID for a local placeholder row: negative, so it never clashes with a server UID. */
  nextLocalUid(): number {
    const r = this.db.prepare('SELECT min(uid) AS m FROM messages').get() as { m: number | null };
    return Math.min(-1, (r.m ?? 0) - 1);
  }

  /** A folder's list, newest first, from the cache only. */
  page(accountId: AccountId, folder: string, offset: number, limit: number): MessagePage {
    const uidValidity = this.folderState(folder)?.uidValidity ?? 0;
    const total = (
      this.db.prepare('SELECT count(*) AS n FROM messages WHERE folder = ?').get(folder) as { n: number }
    ).n;
    const rows = this.db
      .prepare('SELECT * FROM messages WHERE folder = ? ORDER BY date DESC, uid DESC LIMIT ? OFFSET ?')
      .all(folder, limit, offset) as MessageRow[];
    const messages = rows.map((r) => this.summary(accountId, toMessage(r), uidValidity));
    return {
      messages,
      total,
      nextOffset: offset + messages.length < total ? offset + messages.length : null,
    };
  }

  summary(accountId: AccountId, m: CachedMessage, uidValidity?: number): MessageSummary {
    const uv = uidValidity ?? this.folderState(m.folder)?.uidValidity ?? 0;
    return {
      id: messageIdOf(m.uid < 0 ? 0 : uv, m.uid, m.folder),
      accountId,
      folder: m.folder,
      source: m.uid < 0 ? { protocol: 'local' } : { protocol: 'imap', uidValidity: uv, uid: m.uid },
      messageId: m.messageId,
      date: m.date,
      from: m.from,
      to: m.to,
      subject: m.subject,
      snippet: m.snippet,
      flags: modelFlags(m.flags),
      size: m.size,
      hasAttachments: m.hasAttachments,
      partial: m.maildirId === null,
    };
  }

  // ---- bodies ----

  private maildirPath(folder: string): string {
    return join(this.dir, 'bodies', Buffer.from(folder, 'utf8').toString('hex') || 'root');
  }

  maildir(folder: string): Promise<Maildir> {
    let m = this.maildirs.get(folder);
    if (m === undefined) {
      m = Maildir.open(this.maildirPath(folder));
      this.maildirs.set(folder, m);
    }
    return m;
  }

  messageIndex(): MessageIndex {
    this.index ??= MessageIndex.open(join(this.dir, 'index.sqlite'));
    return this.index;
  }

  /** Stores a body durably (Maildir, fsync), indexes it, and links it to its row. */
  async storeBody(folder: string, uid: number, raw: Buffer): Promise<void> {
    const m = this.message(folder, uid);
    if (m === undefined) return;
    if (m.maildirId !== null) return;
    const maildir = await this.maildir(folder);
    const entry = await maildir.add(raw, { flags: maildirFlags(m.flags), seen: true });
    const facts = await extractFacts(raw);
    this.messageIndex().put(folder, entry, facts, String(uid));
    this.db
      .prepare('UPDATE messages SET maildir_id = ?, snippet = ? WHERE folder = ? AND uid = ?')
      .run(entry.id, facts.snippet, folder, uid);
  }

  async readBody(folder: string, uid: number): Promise<Buffer | null> {
    const m = this.message(folder, uid);
    if (m?.maildirId == null) return null;
    const maildir = await this.maildir(folder);
    return maildir.read(m.maildirId).catch(() => null);
  }

  /** Cached rows of a folder that have no body yet, newest first. */
  withoutBody(folder: string): number[] {
    return (
      this.db
        .prepare(
          'SELECT uid FROM messages WHERE folder = ? AND uid > 0 AND maildir_id IS NULL ORDER BY uid DESC',
        )
        .all(folder) as { uid: number }[]
    ).map((r) => r.uid);
  }
}
