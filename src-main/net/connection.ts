import * as tls from 'node:tls';
import { MailwrightError } from '../model/errors';
import { ByteReader } from './byte-reader';
import {
  closedByUsError,
  closedError,
  commandTimeoutError,
  connectTimeoutError,
  idleTimeoutError,
  mapSocketError,
  type ErrorContext,
} from './net-errors';
import { handshake, openSocket, resolveAddresses, type AnySocket } from './dial';
import { isContinuationRequest } from './redact';
import { buildTlsOptions, describeTls, verifyName } from './tls-options';
import { log, logClientWrite, logServerLines, note, splitLines, tlsSummary } from './transcript';
import type { ConnectOptions, TlsInfo, WriteOptions } from './types';

export type {
  ConnectOptions,
  LookupFn,
  TlsInfo,
  TlsMode,
  TranscriptLine,
  TranscriptSink,
  WriteOptions,
} from './types';

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
/** With no read waiting, stop reading from the socket once this much is buffered (TCP back-pressure). */
const READ_HIGH_WATER = 1024 * 1024;
/** A graceful close that takes longer than this becomes a destroy. */
const CLOSE_GRACE_MS = 2_000;
/** serverText keeps at most this much of the peer's last line. */
const SERVER_TEXT_MAX_CHARS = 2_000;

type Waiter =
  | { kind: 'line'; resolve(b: Buffer): void; reject(e: MailwrightError): void }
  | { kind: 'bytes'; n: number; resolve(b: Buffer): void; reject(e: MailwrightError): void }
  | { kind: 'some'; max: number; resolve(b: Buffer): void; reject(e: MailwrightError): void };

/**
 * One TCP or TLS connection to a mail server, shared by the SMTP, POP3 and IMAP clients.
 *
 * It owns the socket, the ByteReader and the timers, and knows nothing of any protocol beyond
 * what the transcript needs (which lines hide secrets). Reads are queued in call order, so a
 * pipelining client may issue several. Every failure is a MailwrightError; once the
 * connection has failed, it stays failed (sticky error), but bytes that arrived before the
 * failure can still be read (e.g. `* BYE ...` followed by a close).
 */
export class Connection {
  private socket: AnySocket;
  private readonly reader = new ByteReader();
  private readonly waiters: Waiter[] = [];
  private readonly ctx: ErrorContext;
  private readonly opts: ConnectOptions;
  private readonly maxLine: number;
  private idleMs: number;
  /**
   * The idle clock is lazy: data only moves `lastActivity`, and the one timer checks it when
   * it fires. Clearing and setting a timer per chunk showed up in profiles of bulk FETCHes.
   */
  private idleTimer: NodeJS.Timeout | undefined;
  private idleArmed = false;
  private lastActivity = 0;
  /** Why no more bytes will come (peer closed, error, timeout, we closed). Sticky. */
  private failure: MailwrightError | undefined;
  private tlsState: TlsInfo | undefined;
  private lastServerLine: string | undefined;
  private continuationPending = false;
  private upgrading = false;
  private readonly closedPromise: Promise<void>;
  private markClosed!: () => void;

  private constructor(socket: AnySocket, opts: ConnectOptions, ctx: ErrorContext) {
    this.socket = socket;
    this.opts = opts;
    this.ctx = ctx;
    this.maxLine = opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.closedPromise = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    if (socket instanceof tls.TLSSocket) this.tlsState = describeTls(socket);
    this.attach(socket);
  }

  /** Opens TCP (and TLS when opts.tls) within connectTimeoutMs. Rejects with a MailwrightError. */
  static async connect(opts: ConnectOptions): Promise<Connection> {
    const budget = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const deadline = Date.now() + budget;
    const ctx: ErrorContext = {
      host: opts.host,
      port: opts.port,
      phase: 'connect',
      ...(opts.protocol === undefined ? {} : { protocol: opts.protocol }),
      ...(opts.tls ? { servername: verifyName(opts) } : {}),
    };
    const addresses = await resolveAddresses(opts, ctx, budget);
    let lastError: MailwrightError | undefined;
    for (const address of addresses) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      note(opts, `connecting to ${opts.host}:${opts.port}${address === opts.host ? '' : ` (${address})`}`);
      try {
        const socket = await openSocket(address, opts, ctx, remaining);
        const conn = new Connection(socket, opts, ctx);
        if (conn.tlsState) note(opts, `TLS established: ${tlsSummary(conn.tlsState)}`);
        return conn;
      } catch (e) {
        lastError = e as MailwrightError;
        note(opts, `connect failed: ${lastError.message}`);
        // A certificate problem is the server's, not the address's: another address won't help.
        if (lastError.kind === 'tls') break;
      }
    }
    throw lastError ?? connectTimeoutError(ctx, budget);
  }

  /** The next line without its CRLF. */
  readLine(): Promise<Buffer> {
    return this.enqueue((resolve, reject) => ({ kind: 'line', resolve, reject }));
  }

  /** Exactly n bytes (an IMAP literal, a counted block). */
  readBytes(n: number): Promise<Buffer> {
    return this.enqueue((resolve, reject) => ({ kind: 'bytes', n, resolve, reject }));
  }

  /** Between 1 and max bytes, as soon as any are available: for streaming a large literal. */
  readAvailable(max: number): Promise<Buffer> {
    return this.enqueue((resolve, reject) => ({ kind: 'some', max, resolve, reject }));
  }

  /** Resolves once the data is handed to the socket (the write callback), respecting back-pressure. */
  write(data: string | Buffer, options: WriteOptions = {}): Promise<void> {
    if (this.upgrading) {
      return Promise.reject(new MailwrightError('internal', 'A write was attempted during the TLS upgrade.'));
    }
    if (this.failure) return Promise.reject(this.failure);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    logClientWrite(this.opts, buf, options.secret === true || this.continuationPending);
    this.continuationPending = false;
    return new Promise((resolve, reject) => {
      this.socket.write(buf, (err) => {
        if (err) return reject(this.failure ?? mapSocketError(err, { ...this.ctx, phase: 'write' }));
        // Our bytes moving is progress too: a reply may wait on a long upload (an SMTP BDAT
        // chunk of many megabytes over a slow link) without the connection being idle.
        if (this.idleArmed) this.lastActivity = performance.now();
        resolve();
      });
    });
  }

  /** Shorthand for write(data, { secret: true }): the transcript shows only the size. */
  writeSecret(data: string | Buffer): Promise<void> {
    return this.write(data, { secret: true });
  }

  /**
   * Upgrades this connection to TLS in place (after the protocol's STARTTLS/STLS succeeded).
   *
   * Refuses when any unread byte is buffered: bytes that arrived in plaintext after the
   * server's "go ahead" could be an attacker's injected responses which would otherwise be
   * read as if they came over TLS (CVE-2011-0411 class). The connection is then destroyed.
   */
  async startTls(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.tlsState)
      throw new MailwrightError('internal', 'startTls was called on a connection that already uses TLS.');
    if (this.waiters.length > 0)
      throw new MailwrightError('internal', 'startTls was called while a read is waiting.');
    if (this.reader.length > 0) {
      const n = this.reader.length;
      const err = new MailwrightError(
        'tls',
        `${this.ctx.host}:${this.ctx.port} sent ${n} unexpected bytes before the TLS upgrade (possible response injection); the connection was closed, try again or report it to the provider.`,
        { code: 'STARTTLS_INJECTION' },
      );
      note(this.opts, err.message);
      this.fail(err);
      this.socket.destroy();
      throw err;
    }
    const plain = this.socket;
    this.detach(plain);
    this.stopIdleTimer();
    // The plain socket now belongs to the TLS layer, which reports its errors; keep a listener
    // so a late error there can never become an uncaught exception.
    plain.on('error', () => {});
    this.upgrading = true;
    const ctx: ErrorContext = { ...this.ctx, phase: 'tls', servername: verifyName(this.opts) };
    try {
      const secure = await handshake(
        tls.connect({ socket: plain, ...buildTlsOptions(this.opts) }),
        ctx,
        this.opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      );
      this.socket = secure;
      this.tlsState = describeTls(secure);
      this.attach(secure);
      note(this.opts, `TLS established: ${tlsSummary(this.tlsState)}`);
    } catch (e) {
      const err = e as MailwrightError;
      note(this.opts, `TLS upgrade failed: ${err.message}`);
      this.fail(err);
      plain.destroy();
      this.markClosed();
      throw err;
    } finally {
      this.upgrading = false;
    }
  }

  get tls(): TlsInfo | undefined {
    return this.tlsState;
  }

  get isOpen(): boolean {
    return this.failure === undefined && !this.socket.destroyed;
  }

  /** Unread bytes buffered (e.g. to check a pipelining server's extra replies). */
  get buffered(): number {
    return this.reader.length;
  }

  /** Changes the idle timeout (IMAP IDLE raises it); restarts a running timer. */
  setIdleTimeout(ms: number): void {
    this.idleMs = ms;
    if (this.idleArmed) {
      // A shorter timeout must not wait for a check scheduled under the longer one.
      this.clearIdleCheck();
      this.startIdleTimer();
    }
  }

  /**
   * A command timeout: runs `work` (which reads and writes on this connection) and, if it has
   * not finished within `ms`, ends the connection with a 'timeout' error naming `what`. Unlike
   * the idle timeout this also catches a server that drips a byte now and then.
   */
  async withDeadline<T>(ms: number, what: string, work: () => Promise<T>): Promise<T> {
    const timer = setTimeout(() => {
      this.fail(commandTimeoutError({ ...this.ctx, phase: 'read' }, what, ms));
      this.socket.destroy();
    }, ms);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Graceful end: sends FIN, waits (bounded) for the peer to close, then frees everything. */
  async close(): Promise<void> {
    if (!this.failure) {
      this.fail(closedByUsError(this.ctx));
      note(this.opts, 'closing');
      this.socket.end();
    }
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
    await this.closedPromise;
    clearTimeout(timer);
  }

  /** Immediate: drops the socket; waiting reads reject with a 'network' error. */
  destroy(): void {
    if (!this.failure) this.fail(closedByUsError(this.ctx));
    this.socket.destroy();
  }

  // ---- internals ----

  private enqueue(
    make: (resolve: (b: Buffer) => void, reject: (e: MailwrightError) => void) => Waiter,
  ): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.waiters.push(make(resolve, reject));
      this.pump();
    });
  }

  private readonly onData = (chunk: Buffer): void => {
    this.reader.push(chunk);
    if (this.idleArmed) this.lastActivity = performance.now();
    this.pump();
  };

  private readonly onEnd = (): void => {
    this.fail(closedError(this.ctx, this.lastServerLine));
  };

  private readonly onError = (err: Error): void => {
    this.fail(mapSocketError(err, { ...this.ctx, phase: 'read' }));
  };

  private readonly onClose = (): void => {
    this.fail(closedError(this.ctx, this.lastServerLine));
    this.markClosed();
  };

  private attach(socket: AnySocket): void {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private detach(socket: AnySocket): void {
    socket.off('data', this.onData);
    socket.off('end', this.onEnd);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
  }

  /** Records the first reason the connection is unusable and settles what can be settled. */
  private fail(err: MailwrightError): void {
    if (this.failure === undefined) {
      this.failure = err;
      this.stopIdleTimer();
      this.clearIdleCheck();
      if (err.code !== 'CLOSED_LOCALLY') note(this.opts, `connection ended: ${err.message}`);
    }
    this.pump();
  }

  /** Serves waiting reads from the buffer, in order; after a failure, rejects what is left. */
  private pump(): void {
    while (this.waiters.length > 0) {
      const w = this.waiters[0] as Waiter;
      let out: Buffer | undefined;
      try {
        out = this.take(w);
      } catch (e) {
        // An over-long line: the stream cannot be re-synchronised, so the connection is done.
        // Clearing the buffer makes the failure reach every waiting read.
        this.reader.clear();
        this.fail(e as MailwrightError);
        this.socket.destroy();
        return;
      }
      if (out === undefined) break;
      this.waiters.shift();
      w.resolve(out);
    }
    if (this.waiters.length > 0 && this.failure) {
      const err = this.failure;
      for (const w of this.waiters.splice(0)) w.reject(err);
    }
    if (this.waiters.length > 0) {
      if (!this.idleArmed) this.startIdleTimer();
      if (this.socket.isPaused()) this.socket.resume();
    } else {
      this.stopIdleTimer();
      if (this.reader.length > READ_HIGH_WATER && !this.socket.isPaused()) this.socket.pause();
    }
  }

  private take(w: Waiter): Buffer | undefined {
    switch (w.kind) {
      case 'line': {
        const line = this.reader.readLine(this.maxLine);
        if (line !== undefined) {
          const text = line.toString('utf8');
          this.lastServerLine = text.slice(0, SERVER_TEXT_MAX_CHARS);
          this.continuationPending = isContinuationRequest(this.opts.protocol, text);
          log(this.opts, 'server', this.lastServerLine);
        }
        return line;
      }
      case 'bytes': {
        const bytes = this.reader.readBytes(w.n);
        if (bytes !== undefined) log(this.opts, 'server', `<${w.n} bytes>`);
        return bytes;
      }
      case 'some': {
        const bytes = this.reader.readAvailable(w.max);
        if (bytes !== undefined) this.noteChunk(bytes);
        return bytes;
      }
    }
  }

  /**
   * A caller that frames for itself (IMAP reads chunks and cuts lines and literals on its own)
   * still gets a readable log: the chunk is shown as its lines, bounded. A line that looks like
   * a continuation request hides the next write, as with readLine (over-hiding is the safe side).
   */
  private noteChunk(bytes: Buffer): void {
    // Without a transcript there is nothing to log or to hide: skip the line splitting.
    if (this.opts.transcript === undefined) return;
    const lines = splitLines(bytes);
    if (lines.some((l) => isContinuationRequest(this.opts.protocol, l))) this.continuationPending = true;
    logServerLines(this.opts, lines);
  }

  /** Starts (or restarts) the idle clock from now. */
  private startIdleTimer(): void {
    this.idleArmed = true;
    this.lastActivity = performance.now();
    if (this.idleTimer === undefined) this.scheduleIdleCheck(this.idleMs);
  }

  private scheduleIdleCheck(ms: number): void {
    this.idleTimer = setTimeout(this.onIdleCheck, ms);
    // The socket keeps the process alive while it is open; this timer never should by itself.
    this.idleTimer.unref();
  }

  private readonly onIdleCheck = (): void => {
    this.idleTimer = undefined;
    if (!this.idleArmed) return;
    const quiet = performance.now() - this.lastActivity;
    if (quiet < this.idleMs) {
      this.scheduleIdleCheck(Math.max(1, this.idleMs - quiet));
      return;
    }
    this.idleArmed = false;
    // A reply may still arrive later and would be mistaken for the next one: the stream is
    // out of step, so the connection is closed, not just this read failed.
    this.fail(idleTimeoutError({ ...this.ctx, phase: 'read' }, this.idleMs));
    this.socket.destroy();
  };

  private stopIdleTimer(): void {
    this.idleArmed = false;
  }

  private clearIdleCheck(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
