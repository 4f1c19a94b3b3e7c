import type { SaslCredentials, SaslMechanismName } from '../auth/sasl';
import { MailwrightError, toMailwrightError } from '../model/errors';
import { Connection, type LookupFn, type TranscriptSink } from '../net/connection';
import { authenticate } from './authenticate';
import * as cmd from './commands';
import type { SmtpCapabilities } from './ehlo';
import { handshake } from './handshake';
import { isPositive } from './reply';
import {
  prepareTransaction,
  runPrepared,
  runTransaction,
  type BatchOutcome,
  type Envelope,
  type PreparedTransaction,
  type TransactionResult,
} from './transaction';
import { sendChunked } from './chunked-batch';
import { readReply, replyError, type SmtpTransport } from './transport';

export type { BatchOutcome };

/**
 * The SMTP client (RFC 5321): a state machine over one connection.
 *
 *   connecting ──greeting, EHLO/HELO, STARTTLS + EHLO, AUTH──▶ ready
 *   ready ──send()──▶ in-transaction ──reply to "."──▶ ready      (many messages per connection)
 *   ready ──quit()──▶ closed            any failure ──▶ broken ──close()──▶ closed
 *
 * Only `ready` accepts send() and quit(); a failed transaction leaves the session
 * `ready` with a pending RSET when the connection itself is still sound.
 */
export type SmtpState = 'connecting' | 'ready' | 'in-transaction' | 'broken' | 'closed';

export interface SmtpClientOptions {
  host: string;
  port: number;
  /** implicit: TLS from the first byte (465); starttls: upgrade (587, 25); none: plaintext. */
  tls: 'implicit' | 'starttls' | 'none';
  /** With starttls: fail when it is not offered (default true). False = opportunistic (MX). */
  requireTls?: boolean;
  /** The certificate name to verify (default: host). */
  servername?: string;
  ca?: string;
  /** Default true; false only for opportunistic TLS, which then records the verdict. */
  verify?: boolean;
  /** Our EHLO name (default "localhost"). */
  clientName?: string;
  credentials?: SaslCredentials;
  mechanism?: SaslMechanismName;
  allowPlaintextAuth?: boolean;
  /** Use PIPELINING when the server offers it (default true). */
  pipelining?: boolean;
  /** Send batches with BDAT when the server offers CHUNKING along with PIPELINING (default true). */
  chunking?: boolean;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  transcript?: TranscriptSink;
  lookup?: LookupFn;
}

export interface SmtpTlsState {
  used: boolean;
  /** The certificate chain and name verified (always true when used with verify on). */
  authorized: boolean;
  authorizationError?: string;
  protocol?: string;
}

export interface BatchItem {
  envelope: Envelope;
  message: Uint8Array;
}

/** A refusal or bad input leaves the session sound; anything else leaves the stream out of step. */
function sessionSurvives(e: MailwrightError): boolean {
  return e.kind === 'server-said-no' || e.kind === 'bad-input';
}

export class SmtpClient {
  #state: SmtpState = 'connecting';
  #needsReset = false;
  readonly #t: SmtpTransport;
  readonly #opts: SmtpClientOptions;
  #caps: SmtpCapabilities | undefined;
  #greeting = '';
  #authMechanism: string | undefined;

  private constructor(transport: SmtpTransport, opts: SmtpClientOptions) {
    this.#t = transport;
    this.#opts = opts;
  }

  /** Connects and runs the whole opening; on failure nothing stays open. */
  static async connect(opts: SmtpClientOptions): Promise<SmtpClient> {
    const conn = await Connection.connect({
      host: opts.host,
      port: opts.port,
      tls: opts.tls === 'implicit',
      protocol: 'smtp',
      ...(opts.servername !== undefined ? { servername: opts.servername } : {}),
      ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
      ...(opts.verify !== undefined ? { verify: opts.verify } : {}),
      ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
      ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
      ...(opts.transcript !== undefined ? { transcript: opts.transcript } : {}),
      ...(opts.lookup !== undefined ? { lookup: opts.lookup } : {}),
    });
    return SmtpClient.open(conn, opts);
  }

  /** Runs the opening over an already connected transport (the greeting not yet read). */
  static async open(transport: SmtpTransport, opts: SmtpClientOptions): Promise<SmtpClient> {
    const client = new SmtpClient(transport, opts);
    try {
      await client.#opening();
    } catch (e) {
      client.#state = 'broken';
      transport.destroy();
      client.#state = 'closed';
      throw e;
    }
    return client;
  }

  get state(): SmtpState {
    return this.#state;
  }

  get capabilities(): SmtpCapabilities {
    if (this.#caps === undefined)
      throw new MailwrightError('internal', 'The SMTP session has not greeted yet.');
    return this.#caps;
  }

  get greeting(): string {
    return this.#greeting;
  }

  /** The SASL mechanism used, when the session logged in. */
  get authMechanism(): string | undefined {
    return this.#authMechanism;
  }

  get tls(): SmtpTlsState {
    const info = this.#t.tls;
    if (info === undefined) return { used: false, authorized: false };
    return {
      used: true,
      authorized: info.authorized,
      protocol: info.protocol,
      ...(info.authorizationError !== undefined ? { authorizationError: info.authorizationError } : {}),
    };
  }

  get #where(): string {
    return `${this.#opts.host}:${this.#opts.port}`;
  }

  async #opening(): Promise<void> {
    const opts = this.#opts;
    const result = await handshake(this.#t, {
      clientName: opts.clientName ?? 'localhost',
      starttls: opts.tls === 'starttls',
      requireTls: opts.requireTls ?? true,
      where: this.#where,
    });
    this.#greeting = result.greeting;
    this.#caps = result.capabilities;
    if (opts.credentials !== undefined) {
      this.#authMechanism = await authenticate(this.#t, result.capabilities, {
        credentials: opts.credentials,
        ...(opts.mechanism !== undefined ? { mechanism: opts.mechanism } : {}),
        allowPlaintextAuth: opts.allowPlaintextAuth ?? false,
        where: this.#where,
      });
    }
    this.#state = 'ready';
  }

  #requireReady(what: string): void {
    if (this.#state !== 'ready') {
      throw new MailwrightError('internal', `SMTP ${what} was called in state ${this.#state}.`);
    }
  }

  /**
   * Sends one message. Some recipients refused is a normal result, not an error;
   * an error is thrown when the server refused the sender or the data, or the
   * connection failed (code DELIVERY_UNKNOWN when that happened after the final ".").
   */
  async send(envelope: Envelope, message: Uint8Array): Promise<TransactionResult> {
    this.#requireReady('send');
    this.#state = 'in-transaction';
    try {
      if (this.#needsReset) await this.reset();
      const result = await runTransaction(this.#t, this.capabilities, envelope, message, {
        pipelining: this.#opts.pipelining ?? true,
        where: this.#where,
      });
      this.#needsReset = result.needsReset;
      this.#state = 'ready';
      return result;
    } catch (e) {
      // A refusal or bad input leaves a sound session (RSET before the next message).
      if (sessionSurvives(toMailwrightError(e))) {
        this.#needsReset = true;
        this.#state = 'ready';
      } else {
        this.#state = 'broken';
        this.#t.destroy();
      }
      throw e;
    }
  }

  /**
   * Sends several messages in order on this connection. With PIPELINING and CHUNKING they
   * stream with BDAT, none waiting for a reply (chunked-batch.ts); with PIPELINING alone each
   * body's final "." travels with the next message's MAIL/RCPT/DATA, so a message costs one
   * round trip. Every message gets its own outcome; after a connection failure the rest fail unsent.
   */
  async sendBatch(items: readonly BatchItem[]): Promise<BatchOutcome[]> {
    this.#requireReady('sendBatch');
    this.#state = 'in-transaction';
    const caps = this.capabilities;
    const pipelining = (this.#opts.pipelining ?? true) && caps.pipelining;
    const prepared = items.map((item): PreparedTransaction | MailwrightError => {
      try {
        return prepareTransaction(caps, item.envelope, item.message, this.#where);
      } catch (e) {
        return toMailwrightError(e);
      }
    });
    if (pipelining && caps.chunking && (this.#opts.chunking ?? true)) {
      const r = await sendChunked(this.#t, prepared, { where: this.#where, needsReset: this.#needsReset });
      this.#needsReset = r.needsReset;
      this.#state = r.broken ? 'broken' : 'ready';
      return r.outcomes;
    }
    const outcomes: BatchOutcome[] = [];
    let groupSent = false;
    for (let i = 0; i < prepared.length; i++) {
      const p = prepared[i] as PreparedTransaction | MailwrightError;
      if (p instanceof MailwrightError) {
        outcomes.push({ ok: false, error: p });
        continue;
      }
      try {
        if (!groupSent && this.#needsReset) await this.reset();
        const next = pipelining
          ? prepared.slice(i + 1).find((x) => !(x instanceof MailwrightError))
          : undefined;
        const r = await runPrepared(this.#t, caps, p, {
          pipelining,
          where: this.#where,
          groupSent,
          ...(next instanceof MailwrightError || next === undefined ? {} : { nextGroup: next.group }),
        });
        groupSent = r.nextGroupSent;
        this.#needsReset = r.needsReset;
        outcomes.push({ ok: true, result: r });
      } catch (e) {
        const err = toMailwrightError(e);
        outcomes.push({ ok: false, error: err });
        groupSent = false;
        if (sessionSurvives(err)) {
          this.#needsReset = true;
          continue;
        }
        this.#state = 'broken';
        this.#t.destroy();
        const unsent = new MailwrightError(
          'network',
          `The connection to ${this.#where} failed before this message was sent; send it again.`,
          { cause: err },
        );
        for (const later of prepared.slice(i + 1)) {
          outcomes.push({ ok: false, error: later instanceof MailwrightError ? later : unsent });
        }
        return outcomes;
      }
    }
    this.#state = 'ready';
    return outcomes;
  }

  /** RSET (RFC 5321 §4.1.1.5): abandons any transaction state on the server. */
  async reset(): Promise<void> {
    await this.#t.write(cmd.RSET);
    const reply = await readReply(this.#t);
    if (!isPositive(reply)) throw replyError(reply, 'reset the transaction (RSET)');
    this.#needsReset = false;
  }

  /** QUIT and close. Never throws: a server that hangs up first has still ended the session. */
  async quit(): Promise<void> {
    if (this.#state === 'closed') return;
    if (this.#state === 'ready') {
      try {
        await this.#t.write(cmd.QUIT);
        await readReply(this.#t);
      } catch {
        // The goodbye is a courtesy; the message outcome is already known.
      }
    }
    this.#state = 'closed';
    await this.#t.close().catch(() => undefined);
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.#state = 'closed';
    this.#t.destroy();
  }
}
