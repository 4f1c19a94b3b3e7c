/**
 * One account's local folders (Maildir per folder) and their index: where POP3 puts mail,
 * where Sent and Drafts live for a POP3 account, and what the list, flag, move and
 * delete requests act on for such an account. The Maildirs are the truth; the index
 * (MessageIndex: written on every change, read a page at a time) follows every change.
 */
import { mkdir } from 'node:fs/promises';
import type { AccountId, Folder, MessagePage, MessageSummary, SpecialUse } from '../model';
import { MailwrightError } from '../model/errors';
import { MessageIndex, type IndexedMessage, type IndexPageQuery } from '../store/index/message-index';
import { Maildir, type MaildirEntry } from '../store/maildir/maildir';
import type { MaildirFlag } from '../store/maildir/names';
import { accountDir, indexFile, localFolderDir } from './layout';
import { toSummary, withFlag } from './summary';

/** The local folders every POP3 account has, in the order the tree shows them. */
export const LOCAL_FOLDERS: readonly { path: string; specialUse: SpecialUse | null }[] = [
  { path: 'INBOX', specialUse: 'inbox' },
  { path: 'Drafts', specialUse: 'drafts' },
  { path: 'Sent', specialUse: 'sent' },
  { path: 'Trash', specialUse: 'trash' },
];

export interface Change {
  added: MessageSummary[];
  updated: MessageSummary[];
  removed: string[];
}

function notFound(id: string): MailwrightError {
  return new MailwrightError(
    'not-found',
    `Message ${id} is not in this folder (any more); refresh the list.`,
  );
}

export class LocalMail {
  private readonly maildirs = new Map<string, Maildir>();
  /**
   * For a message stored as headers only, its whole size on the server, else undefined
   * (POP3's ledger knows; other accounts have no partial copies).
   */
  partialSize: (sourceId: string | null) => number | undefined = () => undefined;

  private constructor(
    readonly home: string,
    readonly accountId: AccountId,
    readonly protocol: 'pop3' | 'local',
    readonly index: MessageIndex,
  ) {}

  static async open(home: string, accountId: AccountId, protocol: 'pop3' | 'local'): Promise<LocalMail> {
    await mkdir(accountDir(home, accountId), { recursive: true, mode: 0o700 });
    const index = MessageIndex.open(indexFile(home, accountId));
    const mail = new LocalMail(home, accountId, protocol, index);
    for (const f of LOCAL_FOLDERS) await mail.maildir(f.path);
    return mail;
  }

  async maildir(folder: string): Promise<Maildir> {
    const known = this.maildirs.get(folder);
    if (known !== undefined) return known;
    if (!LOCAL_FOLDERS.some((f) => f.path === folder)) {
      throw new MailwrightError(
        'not-found',
        `There is no folder "${folder}" in this account; reload the folders.`,
      );
    }
    const md = await Maildir.open(localFolderDir(this.home, this.accountId, folder));
    this.maildirs.set(folder, md);
    return md;
  }

  folders(): Folder[] {
    return LOCAL_FOLDERS.map((f) => ({
      accountId: this.accountId,
      path: f.path,
      name: f.path,
      delimiter: null,
      specialUse: f.specialUse,
      selectable: true,
      counts: this.index.counts(f.path),
      children: [],
    }));
  }

  counts(folder: string): { total: number; unread: number } {
    return this.index.counts(folder);
  }

  page(q: IndexPageQuery): MessagePage {
    const { rows, total } = this.index.page(q);
    const messages = rows.map((r) => this.toSummary(r));
    const next = q.offset + messages.length;
    return { messages, total, nextOffset: next < total && messages.length > 0 ? next : null };
  }

  private toSummary(row: IndexedMessage): MessageSummary {
    const whole = this.partialSize(row.sourceId);
    const summary = toSummary(this.accountId, this.protocol, { ...row, partial: whole !== undefined });
    return whole === undefined ? summary : { ...summary, size: whole };
  }

  summary(folder: string, id: string): MessageSummary {
    const row = this.index.one(folder, id);
    if (row === undefined) throw notFound(id);
    return this.toSummary(row);
  }

  /** Indexes a message already stored in `folder`'s Maildir and returns its summary. */
  async indexStored(folder: string, entry: MaildirEntry, raw?: Buffer, sourceId: string | null = null) {
    await this.index.add(folder, entry, raw, sourceId);
    return this.summary(folder, entry.id);
  }

  /** Stores and indexes a new message (a draft, a sent copy). */
  async add(folder: string, raw: Buffer, flags: MaildirFlag[] = []): Promise<MessageSummary> {
    const md = await this.maildir(folder);
    const entry = await md.add(raw, { flags, seen: true });
    return this.indexStored(folder, entry, raw);
  }

  async read(folder: string, id: string): Promise<Buffer> {
    return (await this.maildir(folder)).read(id);
  }

  async setFlag(folder: string, ids: readonly string[], flag: 'seen' | 'flagged', value: boolean) {
    const md = await this.maildir(folder);
    const out: MessageSummary[] = [];
    for (const id of ids) {
      const entry = await md.find(id);
      if (entry === undefined) throw notFound(id);
      const sourceId = this.index.one(folder, id)?.sourceId ?? null;
      const next = await md.setFlags(id, withFlag(entry.flags, flag, value));
      out.push(await this.indexStored(folder, next, undefined, sourceId));
    }
    return out;
  }

  /** Moves messages to another local folder; returns the summaries in their new folder. */
  async move(folder: string, ids: readonly string[], to: string): Promise<MessageSummary[]> {
    if (to === folder) return [];
    const from = await this.maildir(folder);
    const target = await this.maildir(to);
    const out: MessageSummary[] = [];
    for (const id of ids) {
      const sourceId = this.index.one(folder, id)?.sourceId ?? null;
      const entry = await from.moveTo(id, target);
      this.index.remove(folder, id);
      out.push(await this.indexStored(to, entry, undefined, sourceId));
    }
    return out;
  }

  /** Deletes for good (the caller moves to Trash first when that is what the person meant). */
  async remove(folder: string, ids: readonly string[]): Promise<void> {
    const md = await this.maildir(folder);
    for (const id of ids) {
      await md.delete(id).catch((e: unknown) => {
        if (!(e instanceof MailwrightError && e.kind === 'not-found')) throw e;
      });
      this.index.remove(folder, id);
    }
  }

  close(): void {
    this.index.close();
  }
}
