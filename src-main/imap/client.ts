/**
 * The IMAP client: an explicit state machine (RFC 9051 §3) over one Connection, with
 * tagged-command tracking so independent commands pipeline (§5.5). It knows no command's
 * meaning beyond the state it leads to; each command is a small module in commands/.
 *
 * Reading is pull-based: responses are read only while a command is in flight (or a
 * greeting is awaited), so nothing is read behind a STARTTLS and the upgrade starts clean.
 */
import { MailwrightError, toMailwrightError } from '../model/errors';
import { DEFAULT_IDLE_TIMEOUT_MS, type Connection } from '../net/connection';
import type {
  CommandResult,
  ExecuteOptions,
  ImapClientOptions,
  Pending,
  UntaggedListener,
} from './client-types';
import { ImapFramer } from './framing';
import { applyCode, applyUntagged, emptyMailbox, type SelectedMailbox } from './mailbox-state';
import { parseResponse } from './parse-response';
import { serializeCommand, type Arg } from './serialize';
import { refusal } from './refusal';
import { ALLOWED, EXCLUSIVE, type ImapState } from './states';
import type { ImapResponse, ResponseCode, TaggedResponse, UntaggedData } from './types';

export type { ImapState } from './states';
export { refusal } from './refusal';
export type { CommandResult, ExecuteOptions, ImapClientOptions, UntaggedListener } from './client-types';

export class ImapClient {
  state: ImapState = 'not-authenticated';
  capabilities = new Set<string>();
  /** Extensions turned on with ENABLE (CONDSTORE, QRESYNC, UTF8=ACCEPT). */
  readonly enabled = new Set<string>();
  /** The selected mailbox, kept current from untagged responses; null outside Selected. */
  mailbox: SelectedMailbox | null = null;
  /** The last BYE's text, once the server said goodbye. */
  bye: string | null = null;

  /** The connection's idle timeout outside IDLE (see ImapClientOptions). */
  readonly idleTimeoutMs: number;
  private readonly framer: ImapFramer;
  private readonly readChunk: number;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<UntaggedListener>();
  private readonly failureListeners = new Set<(error: MailwrightError) => void>();
  private nextTag = 1;
  private writeChain: Promise<void> = Promise.resolve();
  /** A writer waiting for `+` before a synchronising literal. */
  private literalWaiter: { resolve(): void; reject(e: MailwrightError): void; tag: string } | null = null;
  private pumping = false;
  private failure: MailwrightError | null = null;
  private gate: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly connection: Connection,
    options: ImapClientOptions = {},
  ) {
    this.framer = new ImapFramer(options.limits);
    this.readChunk = options.readChunk ?? 256 * 1024;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }

  get utf8(): boolean {
    return this.enabled.has('UTF8=ACCEPT') || this.enabled.has('UTF8=ONLY');
  }

  has(capability: string): boolean {
    return this.capabilities.has(capability.toUpperCase());
  }

  /** Subscribes to every untagged response (EXISTS, EXPUNGE, FETCH flag changes ...). */
  onUntagged(listener: UntaggedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the server greeting: OK → Not Authenticated, PREAUTH → Authenticated, BYE → error. */
  async readGreeting(): Promise<void> {
    const response = await this.readResponse();
    if (response.kind !== 'untagged' || response.data.type !== 'condition') {
      throw new MailwrightError('protocol', 'The server did not greet like an IMAP server; check the port.', {
        code: 'IMAP_NO_GREETING',
      });
    }
    const { status, code, text } = response.data;
    if (code?.name === 'CAPABILITY') this.capabilities = new Set(code.capabilities);
    if (status === 'PREAUTH') this.state = 'authenticated';
    else if (status === 'BYE') {
      this.state = 'logout';
      throw new MailwrightError(
        'server-said-no',
        'The IMAP server closed the connection at once; try again later.',
        {
          serverText: text,
        },
      );
    } else if (status !== 'OK') {
      throw new MailwrightError('protocol', 'The IMAP server sent an unexpected greeting; check the port.', {
        serverText: text,
      });
    }
  }

  /** Why the session ended (connection lost, BYE, protocol error), or null while it is usable. */
  get failed(): MailwrightError | null {
    return this.failure;
  }

  /** Called once when the session fails or is closed (e.g. to reconnect); returns unsubscribe. */
  onFailure(listener: (error: MailwrightError) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** Bytes read from the server but not yet consumed (must be 0 before a TLS upgrade). */
  get unreadBytes(): number {
    return this.framer.length + this.connection.buffered;
  }

  /**
   * Sends one command and resolves with its tagged completion and the untagged responses it
   * collected. Independent commands may be issued without awaiting each other: they are
   * written in order and pipelined. Throws MailwrightError on NO/BAD unless allowNo.
   */
  async execute(
    name: string,
    args: readonly Arg[] = [],
    options: ExecuteOptions = {},
  ): Promise<CommandResult> {
    const word = name.split(' ')[0]!.toUpperCase();
    const exclusive = EXCLUSIVE.has(word) || options.exclusive === true;
    const before = this.gate;
    let release = (): void => {};
    if (exclusive) this.gate = new Promise((resolve) => (release = resolve));
    try {
      await before;
      if (exclusive) await Promise.allSettled(this.inFlight);
      const run = this.send(name, word, args, options);
      this.inFlight.add(run);
      try {
        return await run;
      } finally {
        this.inFlight.delete(run);
      }
    } finally {
      release();
    }
  }

  private async send(
    name: string,
    word: string,
    args: readonly Arg[],
    options: ExecuteOptions,
  ): Promise<CommandResult> {
    if (this.failure) throw this.failure;
    if (!ALLOWED[this.state].has(word)) {
      throw new MailwrightError(
        'internal',
        `${name} cannot be sent in the ${this.state} state; this is a bug in Mailwright, please report it.`,
        {
          code: 'IMAP_STATE',
        },
      );
    }
    options.beforeSend?.();
    const tag = `A${this.nextTag++}`;
    const serialized = serializeCommand(tag, name, args, {
      literalPlus: this.has('LITERAL+'),
      literalMinus: this.has('LITERAL-'),
      utf8: this.utf8,
    });
    const pending: Pending = {
      tag,
      name: word,
      collect: options.collect,
      onContinuation: options.onContinuation,
      untagged: [],
      resolve: () => {},
      reject: () => {},
    };
    const done = new Promise<TaggedResponse>((resolve, reject) => {
      pending.resolve = resolve;
      pending.reject = reject;
    });
    this.pending.set(tag, pending);
    this.writeChain = this.writeChain.then(() =>
      this.writeParts(tag, serialized.parts, options.secret === true),
    );
    this.pump();
    const tagged = await done;
    this.afterCompletion(word, tagged);
    if (tagged.status !== 'OK' && options.allowNo !== true)
      throw refusal(word === 'UID' ? name : word, tagged);
    return { tagged, untagged: pending.untagged };
  }

  private async writeParts(tag: string, parts: Buffer[], secret: boolean): Promise<void> {
    for (let i = 0; i < parts.length; i++) {
      if (!this.pending.has(tag)) return; // completed early (e.g. NO instead of "+")
      try {
        await this.connection.write(parts[i]!, { secret });
      } catch (e) {
        this.fail(toMailwrightError(e));
        return;
      }
      if (i < parts.length - 1) {
        try {
          await new Promise<void>((resolve, reject) => (this.literalWaiter = { resolve, reject, tag }));
        } catch {
          return; // the server refused the literal with a tagged response
        } finally {
          this.literalWaiter = null;
        }
      }
    }
  }

  /** Writes raw bytes outside a command (IDLE's DONE, a SASL response). */
  async writeContinuation(data: string | Buffer, secret = false): Promise<void> {
    const write = this.writeChain.then(() => this.connection.write(data, { secret }));
    this.writeChain = write.catch(() => {});
    await write;
  }

  private afterCompletion(word: string, tagged: TaggedResponse): void {
    if (tagged.code?.name === 'CAPABILITY') this.capabilities = new Set(tagged.code.capabilities);
    const ok = tagged.status === 'OK';
    switch (word) {
      case 'LOGIN':
      case 'AUTHENTICATE':
        if (ok) this.state = 'authenticated';
        break;
      case 'SELECT':
      case 'EXAMINE':
        // A failed SELECT still closes the previously selected mailbox (RFC 9051 §6.3.2).
        if (ok && this.mailbox !== null) {
          applyCode(this.mailbox, tagged.code);
          this.state = 'selected';
        } else {
          this.mailbox = null;
          this.state = 'authenticated';
        }
        break;
      case 'CLOSE':
      case 'UNSELECT':
        if (ok) {
          this.mailbox = null;
          this.state = 'authenticated';
        }
        break;
      case 'LOGOUT':
        this.state = 'logout';
        break;
      default:
        break;
    }
  }

  /** Called by SELECT/EXAMINE before sending, so untagged data lands in the new mailbox. */
  beginSelect(name: string, readOnly: boolean): void {
    this.mailbox = emptyMailbox(name, readOnly);
  }

  private pump(): void {
    if (this.pumping || this.failure) return;
    this.pumping = true;
    void (async () => {
      try {
        while (this.pending.size > 0) {
          const response = await this.readResponse();
          this.dispatch(response);
        }
      } catch (e) {
        this.fail(toMailwrightError(e));
      } finally {
        this.pumping = false;
      }
    })();
  }

  private async readResponse(): Promise<ImapResponse> {
    for (;;) {
      const frame = this.framer.next();
      if (frame.type === 'response') return parseResponse(frame.bytes, { utf8: this.utf8 });
      this.framer.push(await this.connection.readAvailable(this.readChunk));
    }
  }

  private dispatch(response: ImapResponse): void {
    if (response.kind === 'continuation') {
      if (this.literalWaiter !== null) {
        this.literalWaiter.resolve();
        return;
      }
      for (const p of this.pending.values()) {
        if (p.onContinuation) {
          p.onContinuation(response.text);
          return;
        }
      }
      throw new MailwrightError(
        'protocol',
        'The IMAP server asked for more input nobody was sending; reconnect.',
        {
          serverText: response.text,
        },
      );
    }
    if (response.kind === 'tagged') {
      const p = this.pending.get(response.tag);
      if (p === undefined) {
        throw new MailwrightError(
          'protocol',
          'The IMAP server answered a command we never sent; reconnect.',
          {
            serverText: `${response.tag} ${response.status} ${response.text}`,
          },
        );
      }
      this.pending.delete(response.tag);
      if (this.literalWaiter?.tag === response.tag) this.literalWaiter.reject(refusal(p.name, response));
      p.resolve(response);
      return;
    }
    const data = response.data;
    this.track(data);
    for (const p of this.pending.values()) {
      if (p.collect?.(data) === true) p.untagged.push(data);
    }
    for (const listener of this.listeners) listener(data);
  }

  private track(data: UntaggedData): void {
    if (data.type === 'capability') this.capabilities = new Set(data.capabilities);
    else if (data.type === 'enabled') for (const c of data.capabilities) this.enabled.add(c);
    else if (data.type === 'condition') {
      if (data.code?.name === 'CAPABILITY') this.capabilities = new Set(data.code.capabilities);
      if (data.status === 'BYE') this.bye = data.text;
    }
    if (this.mailbox !== null) applyUntagged(this.mailbox, data);
  }

  private fail(error: MailwrightError): void {
    if (this.failure) return;
    // After a BYE the close is expected; say so rather than "connection reset".
    this.failure =
      this.bye !== null && this.state !== 'logout'
        ? new MailwrightError('network', 'The IMAP server ended the session; reconnect.', {
            serverText: this.bye,
            cause: error,
          })
        : error;
    if (this.state !== 'logout') this.state = 'logout';
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    this.literalWaiter?.reject(this.failure);
    this.connection.destroy();
    for (const listener of this.failureListeners) listener(this.failure);
    this.failureListeners.clear();
  }

  /** LOGOUT politely (bounded by the connection's timeouts), then close; never throws. */
  async logout(): Promise<void> {
    try {
      if (this.state !== 'logout' && this.failure === null)
        await this.execute('LOGOUT', [], { allowNo: true });
    } catch {
      // The server may close before answering; either way we are done.
    }
    try {
      await this.connection.close();
    } catch {
      this.connection.destroy();
    }
  }

  /** Drops the connection at once (e.g. on shutdown). */
  destroy(): void {
    this.fail(
      new MailwrightError(
        'network',
        'The IMAP connection was closed by Mailwright; open a new session to continue.',
      ),
    );
  }
}

export type { ResponseCode };
