import { createHash } from 'node:crypto';
import { plain } from '../auth/sasl';
import { MailwrightError } from '../model/errors';
import { errorFromStatus, type Pop3Step } from './errors';
import { Pop3Framer, type FramerLimits, type Pop3Status, type ResponseShape } from './framing';
import {
  apopTimestamp,
  parseCapa,
  parseList,
  parseStat,
  parseUidl,
  type ListEntry,
  type UidlEntry,
} from './parse';
import type { Pop3Transport } from './transport';

/**
 * The POP3 user agent (RFC 1939, CAPA/PIPELINING RFC 2449, STLS RFC 2595, AUTH RFC 5034)
 * as an explicit state machine over a transport:
 *
 *   greeting → authorization → transaction → (QUIT) update → closed
 *
 * Each command is allowed in the states RFC 1939 names; anything else is a bug of the
 * caller and is refused before a byte is sent.
 */

export type Pop3State = 'greeting' | 'authorization' | 'transaction' | 'update' | 'closed';

export type AuthMethod = 'auto' | 'sasl-plain' | 'apop' | 'user';

export interface LoginOptions {
  user: string;
  password: string;
  method?: AuthMethod;
  /** Consent to send a password (or an APOP digest) over a connection without TLS. */
  allowPlaintextAuth?: boolean;
}

export interface Pop3Response {
  status: Pop3Status;
  body: Buffer | undefined;
}

/** How many pipelined commands may be in flight: bounds memory, keeps the pipe full. */
const PIPELINE_WINDOW = 64;
/** Largest chunk taken from the connection at once. */
const READ_SIZE = 256 * 1024;

function assertSafeArg(value: string, what: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new MailwrightError(
      'bad-input',
      `The ${what} contains a line break or NUL, which POP3 cannot carry; remove it.`,
    );
  }
}

export class Pop3Client {
  private stateValue: Pop3State = 'greeting';
  private caps: Map<string, string[]> | undefined;
  private timestamp: string | undefined;
  private greetingText = '';
  private readonly framer: Pop3Framer;
  /** Responses framed but not yet taken by a command (several can arrive in one read). */
  private ready: Pop3Response[] = [];

  constructor(
    private transport: Pop3Transport,
    limits: FramerLimits = {},
  ) {
    this.framer = new Pop3Framer(limits);
    this.framer.expect('single'); // the greeting
  }

  get state(): Pop3State {
    return this.stateValue;
  }

  /** CAPA result; undefined when the server has no CAPA (a plain RFC 1939 server). */
  get capabilities(): ReadonlyMap<string, string[]> | undefined {
    return this.caps;
  }

  get greeting(): string {
    return this.greetingText;
  }

  get apopTimestamp(): string | undefined {
    return this.timestamp;
  }

  get pipelining(): boolean {
    return this.caps?.has('PIPELINING') ?? false;
  }

  get secure(): boolean {
    return this.transport.tls !== undefined;
  }

  private requireState(allowed: Pop3State[], command: string): void {
    if (!allowed.includes(this.stateValue)) {
      throw new MailwrightError(
        'internal',
        `POP3 ${command} is not allowed in the ${this.stateValue} state; this is a bug in Mailwright.`,
      );
    }
  }

  /** The next response in order; the framer registered its shape when the command was sent. */
  private async readResponse(): Promise<Pop3Response> {
    for (;;) {
      const next = this.ready.shift();
      if (next !== undefined) return next;
      const chunk = await this.transport.readAvailable(READ_SIZE);
      for (const r of this.framer.push(chunk)) this.ready.push({ status: r.status, body: r.body });
    }
  }

  private async send(
    lines: readonly { line: string; shape: ResponseShape }[],
    secret = false,
  ): Promise<void> {
    for (const l of lines) this.framer.expect(l.shape);
    await this.transport.write(
      lines.map((l) => `${l.line}\r\n`).join(''),
      secret ? { secret: true } : undefined,
    );
  }

  /** Sends one command and reads its response; -ERR comes back as a status, not thrown. */
  private async exchange(line: string, shape: ResponseShape, secret = false): Promise<Pop3Response> {
    await this.send([{ line, shape }], secret);
    return this.readResponse();
  }

  private async mustOk(line: string, shape: ResponseShape, step: Pop3Step, name: string, secret = false) {
    const r = await this.exchange(line, shape, secret);
    if (!r.status.ok) throw errorFromStatus(r.status, step, name);
    return r;
  }

  /** Reads the greeting. A -ERR greeting (e.g. [SYS/TEMP]) is thrown. */
  async readGreeting(): Promise<void> {
    this.requireState(['greeting'], 'greeting');
    const { status } = await this.readResponse();
    if (!status.ok) throw errorFromStatus(status, 'greeting', 'the connection');
    this.greetingText = status.text;
    this.timestamp = apopTimestamp(status.text);
    this.stateValue = 'authorization';
  }

  /** CAPA (RFC 2449); a server without it answers -ERR and we treat it as RFC 1939 only. */
  async capa(): Promise<ReadonlyMap<string, string[]> | undefined> {
    this.requireState(['authorization', 'transaction'], 'CAPA');
    const r = await this.exchange('CAPA', 'multi');
    this.caps = r.status.ok && r.body !== undefined ? parseCapa(r.body) : undefined;
    return this.caps;
  }

  /** STLS (RFC 2595): upgrade, then forget the CAPA learnt in the clear (it may have been forged). */
  async stls(): Promise<void> {
    this.requireState(['authorization'], 'STLS');
    if (this.caps !== undefined && !this.caps.has('STLS')) {
      throw new MailwrightError(
        'tls',
        'The POP3 server does not offer STLS: use --tls implicit (port 995), or --tls none only on a trusted network.',
      );
    }
    await this.mustOk('STLS', 'single', 'stls', 'STLS');
    // Bytes after the +OK and before the handshake would be injected in the clear (RFC 2595 §9 era
    // STARTTLS injection): refuse rather than read them as if they came over TLS.
    if (this.ready.length > 0 || !this.framer.idle) {
      throw new MailwrightError(
        'tls',
        'The POP3 server sent data before the TLS handshake; refusing the connection as unsafe.',
      );
    }
    await this.transport.startTls();
    this.caps = undefined;
    await this.capa();
  }

  async login(options: LoginOptions): Promise<void> {
    this.requireState(['authorization'], 'login');
    const { user, password } = options;
    assertSafeArg(user, 'user name');
    assertSafeArg(password, 'password');
    if (!this.secure && options.allowPlaintextAuth !== true) {
      throw new MailwrightError(
        'tls',
        'Refusing to send the password over an unencrypted connection: use TLS, or pass --allow-plaintext-auth on a trusted network.',
      );
    }
    const method = this.chooseMethod(options.method ?? 'auto');
    try {
      await this.authenticate(method, user, password);
    } catch (e) {
      // Servers refuse passwords on unencrypted connections with the same -ERR as a wrong one
      // (Dovecot: "[AUTH] Plaintext authentication disallowed"): point at TLS first.
      if (e instanceof MailwrightError && e.kind === 'auth' && !this.secure && e.serverText !== undefined) {
        throw new MailwrightError(
          'auth',
          'The POP3 server refused the login on this unencrypted connection: use TLS (--tls implicit or starttls), or check the user name and password.',
          { serverText: e.serverText, ...(e.code === undefined ? {} : { code: e.code }), cause: e },
        );
      }
      throw e;
    }
    this.stateValue = 'transaction';
    // Capabilities may change after login (RFC 2449 §5); PIPELINING matters from here on.
    if (this.caps !== undefined) await this.capa();
  }

  private async authenticate(
    method: Exclude<AuthMethod, 'auto'>,
    user: string,
    password: string,
  ): Promise<void> {
    if (method === 'sasl-plain') {
      // RFC 5034 allows the initial response on the AUTH line; Dovecot accepts it.
      const r = await this.exchange(
        `AUTH PLAIN ${plain({ user, password }).initialResponse() ?? ''}`,
        'single',
        true,
      );
      if (!r.status.ok) throw errorFromStatus(r.status, 'auth', 'AUTH PLAIN');
    } else if (method === 'apop') {
      if (this.timestamp === undefined) {
        throw new MailwrightError(
          'auth',
          'The POP3 server does not offer APOP (no timestamp in its greeting): choose another login method.',
        );
      }
      const digest = createHash('md5').update(`${this.timestamp}${password}`, 'utf8').digest('hex');
      await this.mustOk(`APOP ${user} ${digest}`, 'single', 'auth', 'APOP', true);
    } else {
      await this.mustOk(`USER ${user}`, 'single', 'auth', 'USER');
      await this.mustOk(`PASS ${password}`, 'single', 'auth', 'PASS', true);
    }
  }

  private chooseMethod(method: AuthMethod): Exclude<AuthMethod, 'auto'> {
    if (method !== 'auto') return method;
    const sasl = this.caps?.get('SASL') ?? [];
    if (sasl.some((m) => m.toUpperCase() === 'PLAIN')) return 'sasl-plain';
    if (this.caps === undefined || this.caps.has('USER')) return 'user';
    if (this.timestamp !== undefined) return 'apop';
    throw new MailwrightError(
      'auth',
      this.secure
        ? 'The POP3 server offers no login method Mailwright knows (SASL PLAIN, USER or APOP): ask your provider which one it supports.'
        : 'The POP3 server offers no login method Mailwright knows on this unencrypted connection: use TLS (--tls implicit or starttls).',
    );
  }

  async stat(): Promise<{ count: number; size: number }> {
    this.requireState(['transaction'], 'STAT');
    return parseStat((await this.mustOk('STAT', 'single', 'command', 'STAT')).status.text);
  }

  async list(): Promise<ListEntry[]> {
    this.requireState(['transaction'], 'LIST');
    return parseList((await this.mustOk('LIST', 'multi', 'command', 'LIST')).body ?? Buffer.alloc(0));
  }

  /** UIDL, or undefined when the server does not support it (RFC 1939 makes it optional). */
  async uidl(): Promise<UidlEntry[] | undefined> {
    this.requireState(['transaction'], 'UIDL');
    const r = await this.exchange('UIDL', 'multi');
    if (!r.status.ok) {
      if (r.status.code !== undefined) throw errorFromStatus(r.status, 'command', 'UIDL');
      return undefined;
    }
    return parseUidl(r.body ?? Buffer.alloc(0));
  }

  async retr(n: number): Promise<Buffer> {
    this.requireState(['transaction'], 'RETR');
    return (await this.mustOk(`RETR ${n}`, 'multi', 'command', `RETR ${n}`)).body ?? Buffer.alloc(0);
  }

  /** TOP n lines (headers, blank line, then `lines` body lines). */
  async top(n: number, lines: number): Promise<Buffer> {
    this.requireState(['transaction'], 'TOP');
    return (await this.mustOk(`TOP ${n} ${lines}`, 'multi', 'command', `TOP ${n}`)).body ?? Buffer.alloc(0);
  }

  async dele(n: number): Promise<void> {
    this.requireState(['transaction'], 'DELE');
    await this.mustOk(`DELE ${n}`, 'single', 'command', `DELE ${n}`);
  }

  async rset(): Promise<void> {
    this.requireState(['transaction'], 'RSET');
    await this.mustOk('RSET', 'single', 'command', 'RSET');
  }

  async noop(): Promise<void> {
    this.requireState(['transaction'], 'NOOP');
    await this.mustOk('NOOP', 'single', 'command', 'NOOP');
  }

  /**
   * Sends many commands, pipelined when the server offers PIPELINING (RFC 2449 §6.6), one
   * at a time otherwise; `each` sees every response in order. The next window is sent only
   * after `each` has finished with the previous responses, so a caller that must do
   * something durable before the server learns more (fsync before DELE) can rely on order.
   */
  async pipeline(
    commands: readonly { line: string; shape: ResponseShape }[],
    each: (response: Pop3Response, index: number) => Promise<void> | void,
  ): Promise<void> {
    this.requireState(['transaction'], 'pipeline');
    const window = this.pipelining ? PIPELINE_WINDOW : 1;
    // Top the window up once half of it is answered, not after every answer: one write (and
    // one TLS record) per half window instead of one per command.
    const refillBelow = Math.ceil(window / 2);
    let sent = 0;
    let read = 0;
    while (read < commands.length) {
      if (sent < commands.length && sent - read < refillBelow) {
        const end = Math.min(commands.length, read + window);
        await this.send(commands.slice(sent, end));
        sent = end;
      }
      await each(await this.readResponse(), read);
      read += 1;
    }
  }

  /** QUIT: in the transaction state this is the commit point (RFC 1939 §6, UPDATE state). */
  async quit(): Promise<void> {
    if (this.stateValue === 'closed') return;
    const committing = this.stateValue === 'transaction';
    if (committing) this.stateValue = 'update';
    try {
      const r = await this.exchange('QUIT', 'single');
      if (!r.status.ok) throw errorFromStatus(r.status, committing ? 'quit' : 'command', 'QUIT');
    } finally {
      this.stateValue = 'closed';
      await this.transport.close().catch(() => undefined);
    }
  }

  /** Drops the connection without QUIT: the server keeps every message (no UPDATE state). */
  abort(): void {
    this.stateValue = 'closed';
    this.transport.destroy();
  }
}
