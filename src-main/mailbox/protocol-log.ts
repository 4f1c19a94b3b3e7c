/**
 * The protocol log: per account, a ring buffer of the last N protocol lines (IMAP, POP3,
 * SMTP, DNS; client, server and notes) for the UI's protocol inspector. The net layer's
 * transcript hook redacts secrets before a line reaches a sink, so nothing here ever sees
 * a password; `add` still drops a line that contains a known secret, as a second fence.
 */
import type { AccountId, ProtocolLogLine, ProtocolName } from '../model';
import type { TranscriptLine, TranscriptSink } from '../net/types';

/** Longest line kept: a 1 MB base64 line helps nobody in an inspector. */
const MAX_TEXT = 2000;

export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#items = Array.from<T | undefined>({ length: Math.max(0, capacity) });
  }

  push(item: T): void {
    if (this.capacity === 0) return;
    const end = (this.#start + this.#size) % this.capacity;
    this.#items[end] = item;
    if (this.#size < this.capacity) this.#size += 1;
    else this.#start = (this.#start + 1) % this.capacity;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#start + i) % this.capacity] as T);
    return out;
  }

  get size(): number {
    return this.#size;
  }
}

export class ProtocolLog {
  readonly #buffers = new Map<AccountId, RingBuffer<ProtocolLogLine>>();
  readonly #seq = new Map<AccountId, number>();
  #capacity: number;

  constructor(
    capacity: number,
    /** Told about every line kept (the service batches them into protocol-log events). */
    private readonly onLine: (accountId: AccountId, line: ProtocolLogLine) => void = () => {},
    /** Secrets that must never appear in a line (the account's passwords), for the second fence. */
    private readonly secretsOf: (accountId: AccountId) => readonly string[] = () => [],
  ) {
    this.#capacity = capacity;
  }

  /** A new capacity applies to buffers made from now on and to existing ones, keeping the newest lines. */
  setCapacity(capacity: number): void {
    this.#capacity = capacity;
    for (const [id, old] of this.#buffers) {
      const next = new RingBuffer<ProtocolLogLine>(capacity);
      for (const line of old.toArray()) next.push(line);
      this.#buffers.set(id, next);
    }
  }

  add(accountId: AccountId, protocol: ProtocolName, line: TranscriptLine): void {
    let text = line.text.length > MAX_TEXT ? `${line.text.slice(0, MAX_TEXT)}…` : line.text;
    for (const secret of this.secretsOf(accountId)) {
      if (secret !== '' && text.includes(secret)) text = '[a line holding a secret was left out]';
    }
    const seq = (this.#seq.get(accountId) ?? 0) + 1;
    this.#seq.set(accountId, seq);
    const entry: ProtocolLogLine = { seq, protocol, direction: line.direction, text, time: line.time };
    let buffer = this.#buffers.get(accountId);
    if (buffer === undefined) {
      buffer = new RingBuffer<ProtocolLogLine>(this.#capacity);
      this.#buffers.set(accountId, buffer);
    }
    buffer.push(entry);
    this.onLine(accountId, entry);
  }

  /** A transcript sink for one account's connection of one protocol. */
  sink(accountId: AccountId, protocol: ProtocolName): TranscriptSink {
    return (line) => this.add(accountId, protocol, line);
  }

  lines(accountId: AccountId): ProtocolLogLine[] {
    return this.#buffers.get(accountId)?.toArray() ?? [];
  }

  forget(accountId: AccountId): void {
    this.#buffers.delete(accountId);
    this.#seq.delete(accountId);
  }
}
