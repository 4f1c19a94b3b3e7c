/**
 * One account at work: its local folders, its outbox, its IMAP cache, and its sync. Sync
 * and outbox runs of one account are serialised (one at a time, in order); requests from
 * the UI act on the stores directly. Events go out through `emit` (the batcher).
 */
import { appendToSent, closeSync, syncAccount, type SyncContext, type SyncHandlers } from '../imap/sync';
import { composeMessage } from '../mime/compose';
import type {
  Account,
  ComposeDraft,
  MessageListDiff,
  MessageSummary,
  OutboxItem,
  SyncSummary,
} from '../model';
import { MailwrightError, toMailwrightError } from '../model/errors';
import { Outbox } from '../store/outbox/outbox';
import type { Emit } from './events';
import { imapContext, watchInbox, type ImapConnectDeps } from './imap-runner';
import { Scheduler } from './scheduler';
import { flatten, imapCounts } from './imap-side';
import { ledgerFile, localFolderDir, outboxDir } from './layout';
import { LocalMail } from './local-mail';
import { makeSender, toOutboxItem, type SenderOptions } from './outbox-runner';
import { fetchRest, runPop3 } from './pop3-runner';
import { Ledger } from '../pop3/retrieval/ledger';

/** POP3 messages announced together while a fetch runs. */
const ANNOUNCE_CHUNK = 200;

export interface RuntimeDeps {
  home: string;
  emit: Emit;
  /** The password for one role, or a clear 'auth' error when none is known. */
  password: (account: Account, role: 'imap' | 'pop3' | 'smtp') => Promise<string>;
  /** Same, undefined when none is stored (SMTP servers without login need none). */
  maybePassword: (account: Account, role: 'smtp') => Promise<string | undefined>;
  sender: Omit<SenderOptions, 'account' | 'password' | 'transcript'>;
  transcript: (protocol: 'imap' | 'pop3' | 'smtp' | 'dns') => ImapConnectDeps['transcript'];
  lookup: ImapConnectDeps['lookup'];
  timeoutMs?: number;
  now: () => number;
}

export class AccountRuntime {
  #chain: Promise<unknown> = Promise.resolve();
  #outboxTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #scheduler: Scheduler;
  #closed = false;
  /** New mail is announced only after the first sync (everything is "new" on the first). */
  #synced = false;
  readonly imap: SyncContext | undefined;
  /** POP3 only: what was taken from the server (read here to tell headers-only copies). */
  readonly ledger: Ledger | undefined;

  private constructor(
    public account: Account,
    readonly mail: LocalMail,
    readonly outbox: Outbox,
    private readonly d: RuntimeDeps,
  ) {
    this.imap = account.incoming.protocol === 'imap' ? imapContext(d.home, this.connectDeps()) : undefined;
    this.#scheduler = new Scheduler({
      sync: () => this.sync(),
      intervalMinutes: () => this.account.syncIntervalMinutes,
      ...(this.imap === undefined
        ? {}
        : { watch: (onChange, onEnd) => watchInbox(this.connectDeps(), onChange, onEnd) }),
      onError: (error) => this.d.emit('account-error', { accountId: this.id, error: error.toJSON() }),
    });
    if (account.incoming.protocol === 'pop3') {
      const ledger = Ledger.open(ledgerFile(d.home, account.id), account.id);
      this.ledger = ledger;
      mail.partialSize = (uid) => {
        const row = uid === null ? undefined : ledger.get(uid);
        return row?.headersOnly === true ? row.size : undefined;
      };
    }
  }

  static async open(account: Account, d: RuntimeDeps): Promise<AccountRuntime> {
    const mail = await LocalMail.open(
      d.home,
      account.id,
      account.incoming.protocol === 'pop3' ? 'pop3' : 'local',
    );
    const outbox = await Outbox.open(
      outboxDir(d.home, account.id),
      localFolderDir(d.home, account.id, 'Sent'),
    );
    return new AccountRuntime(account, mail, outbox, d);
  }

  /**
   * POP3: fetches the rest of a message stored as headers only. The copy is replaced (its id
   * changes), announced as removed + added; returns the whole message's summary.
   */
  downloadFull(folder: string, id: string): Promise<MessageSummary> {
    return this.exclusive(async () => {
      const before = this.mail.summary(folder, id);
      if (this.ledger === undefined || before.source.protocol !== 'pop3') {
        throw new MailwrightError(
          'bad-input',
          'Only a POP3 message can be partial; this one is whole already.',
        );
      }
      if (!before.partial) return before;
      const maildir = await this.mail.maildir(folder);
      const entry = await fetchRest(
        {
          account: this.account,
          password: await this.d.password(this.account, 'pop3'),
          lookup: this.d.lookup,
          ...(this.d.transcript('pop3') === undefined ? {} : { transcript: this.d.transcript('pop3')! }),
          ...(this.d.timeoutMs === undefined ? {} : { timeoutMs: this.d.timeoutMs }),
        },
        this.ledger,
        maildir,
        before.source.uidl,
      );
      this.mail.index.remove(folder, id);
      const whole = await this.mail.indexStored(folder, entry, undefined, before.source.uidl);
      this.announce({ accountId: this.id, folder, added: [whole], updated: [], removed: [id] });
      return whole;
    });
  }

  get id(): string {
    return this.account.id;
  }

  private connectDeps(): ImapConnectDeps {
    return {
      account: () => this.account,
      password: () => this.d.password(this.account, 'imap'),
      lookup: this.d.lookup,
      transcript: this.d.transcript('imap'),
      ...(this.d.timeoutMs === undefined ? {} : { timeoutMs: this.d.timeoutMs }),
    };
  }

  /** Runs `work` after every earlier sync or outbox run of this account. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(work);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Handlers that turn imap/sync's callbacks into events. */
  handlers(): SyncHandlers {
    return {
      onProgress: (p) => this.d.emit('sync-progress', { ...p, accountId: this.id }),
      onChange: (diff) => this.announce(diff),
    };
  }

  /** A list diff, the folder's counts, and new mail when it is new. */
  announce(diff: MessageListDiff): void {
    this.d.emit('message-list-diff', diff);
    const counts =
      this.imap !== undefined ? imapCounts(this.imap, diff.folder) : this.mail.counts(diff.folder);
    if (counts !== null) this.d.emit('counts-changed', { accountId: this.id, path: diff.folder, counts });
    const fresh = diff.added.filter((m) => !m.flags.seen);
    if (this.#synced && diff.folder.toUpperCase() === 'INBOX' && fresh.length > 0) {
      this.d.emit('new-mail', { accountId: this.id, folder: diff.folder, messages: fresh });
    }
  }

  folders() {
    return this.imap !== undefined ? this.imap.store.folders(this.id) : this.mail.folders();
  }

  private emitFolders(): void {
    this.d.emit('folders-changed', { accountId: this.id, folders: this.folders() });
  }

  /** Incoming mail, then the outbox. A failure is reported as an account-error and returned. */
  sync(options: { outboxNow?: boolean } = {}): Promise<SyncSummary> {
    return this.exclusive(async () => {
      const summary: SyncSummary = {
        accountId: this.id,
        ok: true,
        downloaded: 0,
        deletedOnServer: 0,
        sent: 0,
      };
      if (this.#closed) return summary; // queued before close(): the stores are gone
      try {
        if (this.imap !== undefined) {
          const report = await syncAccount(this.imap, this.handlers());
          summary.downloaded = report.folders.reduce((n, f) => n + f.added, 0);
          this.emitFolders();
        } else {
          // Announced in chunks as they are stored: the list fills while a big fetch runs,
          // and no single event carries the whole folder.
          let added: MessageSummary[] = [];
          const flushAdded = () => {
            if (added.length === 0) return;
            this.announce({ accountId: this.id, folder: 'INBOX', added, updated: [], removed: [] });
            added = [];
          };
          const r = await runPop3({
            account: this.account,
            password: await this.d.password(this.account, 'pop3'),
            mail: this.mail,
            home: this.d.home,
            lookup: this.d.lookup,
            ...(this.d.transcript('pop3') === undefined ? {} : { transcript: this.d.transcript('pop3')! }),
            ...(this.d.timeoutMs === undefined ? {} : { timeoutMs: this.d.timeoutMs }),
            onProgress: (p) => this.d.emit('sync-progress', p),
            onAdded: (m) => {
              added.push(m);
              if (added.length >= ANNOUNCE_CHUNK) flushAdded();
            },
          }).finally(flushAdded);
          summary.downloaded = r.downloaded;
          summary.deletedOnServer = r.deletedOnServer;
          this.emitFolders();
        }
        this.#synced = true;
      } catch (e) {
        const error = toMailwrightError(e);
        summary.ok = false;
        summary.error = error.toJSON();
        this.d.emit('account-error', { accountId: this.id, error: error.toJSON() });
      }
      const sent = await this.processOutboxNow(options.outboxNow === true);
      summary.sent = sent.filter((e) => e.status === 'sent').length;
      if (summary.ok) {
        const failed = sent.find((e) => e.status !== 'sent' && e.lastError !== undefined);
        if (failed?.lastError !== undefined) {
          summary.ok = false;
          summary.error = failed.lastError;
        }
      }
      this.d.emit('sync-progress', { accountId: this.id, phase: 'done', done: 1, total: 1, bytes: 0 });
      return summary;
    });
  }

  /** Processes the outbox (serialised with sync). */
  processOutbox(force = false): Promise<OutboxItem[]> {
    return this.exclusive(() => this.processOutboxNow(force));
  }

  /**
   * Attempts what is due. `force`: the person asked to send now, so queued messages whose
   * back-off has not run out are tried too (never `unknown` ones: those only by retryOutbox).
   */
  private async processOutboxNow(force: boolean): Promise<OutboxItem[]> {
    const queued = (await this.outbox.list()).filter((e) => e.status === 'queued');
    if (queued.length === 0) return [];
    const now = this.d.now();
    const earliest = Math.min(...queued.map((e) => e.nextAttemptAt));
    const at = force ? Math.max(now, earliest) : now;
    let password: string | undefined;
    try {
      password = await this.d.maybePassword(this.account, 'smtp');
    } catch {
      password = undefined; // the sender reports the missing password per message
    }
    this.d.emit('sync-progress', {
      accountId: this.id,
      phase: 'sending',
      done: 0,
      total: queued.length,
      bytes: 0,
    });
    const send = makeSender({
      ...this.d.sender,
      account: this.account,
      password,
      ...(this.d.transcript('smtp') === undefined ? {} : { transcript: this.d.transcript('smtp')! }),
    });
    const done = await this.outbox.processDue(send, at);
    for (const entry of done) {
      if (entry.status === 'sent') await this.fileSent(entry.id);
      else if (entry.lastError !== undefined)
        this.d.emit('account-error', { accountId: this.id, error: entry.lastError });
    }
    this.scheduleOutbox();
    return done.map((e) => toOutboxItem(this.id, e));
  }

  /** A sent message: indexed in the local Sent folder; on IMAP also filed in the server's Sent. */
  private async fileSent(outboxId: string): Promise<void> {
    const sentDir = await this.mail.maildir('Sent');
    const entry = await sentDir.find(outboxId);
    if (entry === undefined) return;
    if (this.imap !== undefined) {
      await appendToSent(this.imap, await sentDir.read(outboxId), this.handlers()).catch((e: unknown) =>
        this.d.emit('account-error', { accountId: this.id, error: toMailwrightError(e).toJSON() }),
      );
      await this.mail.indexStored('Sent', entry);
      return;
    }
    const summary = await this.mail.indexStored('Sent', entry);
    this.announce({ accountId: this.id, folder: 'Sent', added: [summary], updated: [], removed: [] });
  }

  /** Wakes the outbox when the earliest queued message is due. */
  private scheduleOutbox(): void {
    if (this.#closed) return;
    void this.outbox.list().then((entries) => {
      if (this.#outboxTimer !== undefined) clearTimeout(this.#outboxTimer);
      this.#outboxTimer = undefined;
      const due = entries.filter((e) => e.status === 'queued').map((e) => e.nextAttemptAt);
      if (due.length === 0 || this.#closed) return;
      const wait = Math.max(1_000, Math.min(...due) - this.d.now());
      this.#outboxTimer = setTimeout(() => void this.processOutbox().catch(() => undefined), wait);
      this.#outboxTimer.unref?.();
    });
  }

  async send(draft: ComposeDraft): Promise<OutboxItem> {
    const composed = await this.compose(draft);
    const entry = await this.outbox.enqueue({ ...composed, raw: composed.raw }, this.d.now());
    // The message is on disk; it leaves in the background, in order with sync.
    void this.processOutbox().catch(() => undefined);
    return toOutboxItem(this.id, entry);
  }

  async compose(draft: ComposeDraft) {
    const name = this.account.displayName.replace(/["\\]/g, '');
    return composeMessage({
      from: name === '' ? this.account.address : `"${name}" <${this.account.address}>`,
      to: draft.to,
      cc: draft.cc,
      bcc: draft.bcc,
      subject: draft.subject,
      text: draft.text,
      ...(draft.html === undefined ? {} : { html: draft.html }),
      ...(draft.inReplyTo === undefined ? {} : { inReplyTo: draft.inReplyTo }),
      ...(draft.references === undefined ? {} : { references: draft.references }),
      attachments: (draft.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: Buffer.from(a.base64, 'base64'),
        ...(a.contentType === undefined ? {} : { contentType: a.contentType }),
      })),
    });
  }

  async listOutbox(): Promise<OutboxItem[]> {
    return (await this.outbox.list()).map((e) => toOutboxItem(this.id, e));
  }

  async retryOutbox(id: string): Promise<OutboxItem> {
    const entry = await this.outbox.retry(id, this.d.now());
    void this.processOutbox().catch(() => undefined);
    return toOutboxItem(this.id, entry);
  }

  /** Background work: interval sync, and IDLE on the IMAP inbox. Off in most tests. */
  startBackground(): void {
    if (this.#closed) return;
    this.#scheduler.start();
    this.scheduleOutbox();
  }

  /** Something that stopped the background may be cured (a password was just entered). */
  kick(): void {
    this.#scheduler.kick();
  }

  /** The account's settings changed: new sessions use them; the IMAP session is renewed. */
  async update(account: Account): Promise<void> {
    this.account = account;
    this.#scheduler.reschedule();
    if (this.imap !== undefined) await closeSync(this.imap).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#outboxTimer !== undefined) clearTimeout(this.#outboxTimer);
    await this.#scheduler.stop();
    await this.#chain;
    if (this.imap !== undefined) {
      await closeSync(this.imap).catch(() => undefined);
      this.imap.store.close();
    }
    this.ledger?.close();
    this.mail.close();
  }

  /** Every folder path the account has (for checks of a move's target). */
  folderPaths(): string[] {
    return flatten(this.folders()).map((f) => f.path);
  }
}
