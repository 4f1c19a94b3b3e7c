import type { TlsInfo } from '../../net/types';
import type { Pop3Transport } from '../transport';

/**
 * A scripted POP3 peer for unit tests of the client state machine, used only for what the
 * real Dovecot cannot be made to do (no CAPA/UIDL, LOGIN-DELAY, SYS/TEMP, garbage). Steps
 * alternate: `C:` lines the client must send (exact text, or a RegExp), `S:` lines the
 * server answers. A read with nothing scripted fails at once instead of hanging.
 */
export type Step = { c: string | RegExp } | { s: string };

export class ScriptedTransport implements Pop3Transport {
  private readonly steps: Step[];
  private queue: Buffer[] = [];
  readonly sent: string[] = [];
  readonly secrets: string[] = [];
  tls: TlsInfo | undefined;
  closed = false;
  destroyed = false;

  constructor(steps: Step[], { secure = true }: { secure?: boolean } = {}) {
    this.steps = [...steps];
    this.tls = secure ? { protocol: 'TLSv1.3', cipher: 'TEST', authorized: true } : undefined;
    this.drainServer();
  }

  private drainServer(): void {
    while (this.steps.length > 0 && 's' in (this.steps[0] as Step)) {
      const step = this.steps.shift() as { s: string };
      this.queue.push(Buffer.from(step.s, 'utf8'));
    }
  }

  /** One scripted server line (with CRLF) per read, to exercise the framer across reads. */
  async readAvailable(): Promise<Buffer> {
    const line = this.queue.shift();
    if (line === undefined) {
      throw new Error(
        `script: the client read, but the server has nothing scripted (sent: ${this.sent.at(-1)})`,
      );
    }
    return Buffer.concat([line, Buffer.from('\r\n')]);
  }

  async write(data: string | Buffer, options?: { secret?: boolean }): Promise<void> {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    if (!text.endsWith('\r\n'))
      throw new Error(`script: client wrote an unterminated line: ${JSON.stringify(text)}`);
    for (const line of text.slice(0, -2).split('\r\n')) {
      this.sent.push(line);
      if (options?.secret === true) this.secrets.push(line);
      const step = this.steps.shift();
      if (step === undefined || !('c' in step))
        throw new Error(`script: unexpected client line ${JSON.stringify(line)}`);
      const ok = typeof step.c === 'string' ? step.c === line : step.c.test(line);
      if (!ok) throw new Error(`script: expected ${String(step.c)}, client sent ${JSON.stringify(line)}`);
      this.drainServer();
    }
  }

  async startTls(): Promise<void> {
    this.tls = { protocol: 'TLSv1.3', cipher: 'TEST', authorized: true };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** True when every scripted step happened. */
  get finished(): boolean {
    return this.steps.length === 0 && this.queue.length === 0;
  }
}

/** Server lines for a multi-line block: status, dot-stuffed lines, terminator. */
export function block(status: string, lines: string[]): Step[] {
  return [{ s: status }, ...lines.map((l) => ({ s: l.startsWith('.') ? `.${l}` : l })), { s: '.' }];
}
