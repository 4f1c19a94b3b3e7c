import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { MailwrightError } from '../../model/errors';
import type { DeliveryReport, OutgoingMessage } from '../../smtp/delivery';
import { Maildir } from '../maildir/maildir';
import { uniqueName } from '../maildir/names';
import {
  applyError,
  applyReport,
  pendingRecipients,
  recoverAfterCrash,
  startAttempt,
  type OutboxEntry,
} from './state';

/**
 * The durable outbox: a message is on disk (fsync) before the first attempt, its state
 * (recipients, attempts, the server's words) in a JSON file beside it, rewritten
 * atomically (write, fsync, rename, fsync the folder) before and after every attempt.
 * Layout under `dir`: `mail/` (a Maildir of the queued messages), `state/<id>.json`.
 * Sent messages move to the Sent Maildir given to `open`.
 */

/** Sends one message to the given recipients; the smtp layer's submit or deliverDirect. */
export type Sender = (message: OutgoingMessage) => Promise<DeliveryReport>;

async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class Outbox {
  private constructor(
    private readonly stateDir: string,
    private readonly mail: Maildir,
    private readonly sent: Maildir,
  ) {}

  /** Opens (creating) an outbox; entries left mid-attempt by a crash become `unknown`. */
  static async open(dir: string, sentDir: string): Promise<Outbox> {
    const stateDir = join(dir, 'state');
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const outbox = new Outbox(stateDir, await Maildir.open(join(dir, 'mail')), await Maildir.open(sentDir));
    for (const entry of await outbox.list()) {
      const recovered = recoverAfterCrash(entry);
      if (recovered !== entry) await outbox.save(recovered);
    }
    return outbox;
  }

  /** Stores a message durably and returns its queued entry; only then may it be sent. */
  async enqueue(message: OutgoingMessage & { messageId: string }, now = Date.now()): Promise<OutboxEntry> {
    if (message.envelope.to.length === 0) {
      throw new MailwrightError('bad-input', 'The message has no recipients; add at least one address.');
    }
    const id = uniqueName(new Date(now));
    const entry: OutboxEntry = {
      id,
      messageId: message.messageId,
      from: message.envelope.from,
      recipients: message.envelope.to.map((address) => ({ address, status: 'pending' })),
      status: 'queued',
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
    };
    // State first: a crash between the two writes leaves a state without a message, which
    // list() drops (enqueue never returned), never a message nobody knows how to send.
    await this.save(entry);
    await this.mail.add(message.raw, { id });
    return entry;
  }

  async list(): Promise<OutboxEntry[]> {
    const names = (await readdir(this.stateDir)).filter((n) => n.endsWith('.json'));
    const out: OutboxEntry[] = [];
    for (const name of names.sort()) {
      const entry = JSON.parse(await readFile(join(this.stateDir, name), 'utf8')) as OutboxEntry;
      if (entry.status !== 'sent' && (await this.mail.find(entry.id)) === undefined) {
        await unlink(join(this.stateDir, name)).catch(() => undefined);
        continue;
      }
      out.push(entry);
    }
    return out;
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    return (await this.list()).find((e) => e.id === id);
  }

  /**
   * Attempts every queued entry that is due, one at a time, and returns them as they
   * ended. Sent messages move to the Sent folder.
   */
  async processDue(send: Sender, now = Date.now()): Promise<OutboxEntry[]> {
    const done: OutboxEntry[] = [];
    for (const entry of await this.list()) {
      if (entry.status !== 'queued' || entry.nextAttemptAt > now) continue;
      done.push(await this.attempt(entry, send, now));
    }
    return done;
  }

  /** Puts an `unknown` or `failed` entry back in the queue, after the person decided to. */
  async retry(id: string, now = Date.now()): Promise<OutboxEntry> {
    const entry = await this.get(id);
    if (entry === undefined || (entry.status !== 'unknown' && entry.status !== 'failed')) {
      throw new MailwrightError(
        'not-found',
        `No failed or undetermined outbox message ${id}; refresh the list.`,
      );
    }
    const next: OutboxEntry = { ...entry, status: 'queued', nextAttemptAt: now };
    await this.save(next);
    return next;
  }

  private async attempt(entry: OutboxEntry, send: Sender, now: number): Promise<OutboxEntry> {
    const sending = startAttempt(entry);
    await this.save(sending); // on disk before the first byte goes out
    let next: OutboxEntry;
    try {
      const raw = await this.mail.read(entry.id);
      const report = await send({ envelope: { from: entry.from, to: pendingRecipients(entry) }, raw });
      next = applyReport(sending, report, now);
    } catch (e) {
      next = applyError(sending, e, now);
    }
    if (next.status === 'sent') await this.mail.moveTo(entry.id, this.sent);
    await this.save(next);
    return next;
  }

  private async save(entry: OutboxEntry): Promise<void> {
    const path = join(this.stateDir, `${entry.id}.json`);
    const tmp = `${path}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(entry)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    await fsyncDir(this.stateDir);
  }
}
