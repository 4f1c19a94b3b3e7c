// Test-only helpers for servers.int.test.ts: a tiny text-protocol session over plain node:net
// / node:tls (no project code, so the harness is proven independently of our clients), and
// a `dig` runner that always names a loopback server.
import { execFile } from 'node:child_process';
import net from 'node:net';
import tls from 'node:tls';

const WAIT_MS = 10_000;

/** Accumulates everything a socket sends; `expect` waits (bounded) until a pattern matches. */
export class Session {
  private buf = '';
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (b: Buffer) => {
      this.buf += b.toString('utf8');
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => {}); // surfaces as 'close' and a failed expect
  }

  /** Resolves with all text up to and including the first match, and consumes it. */
  async expect(pattern: RegExp, waitMs = WAIT_MS): Promise<string> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const m = pattern.exec(this.buf);
      if (m) {
        const end = m.index + m[0].length;
        const text = this.buf.slice(0, end);
        this.buf = this.buf.slice(end);
        return text;
      }
      const left = deadline - Date.now();
      if (this.closed || left <= 0) {
        throw new Error(
          `expected ${pattern} but got ${JSON.stringify(this.buf)}${this.closed ? ' (closed)' : ''}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  async command(line: string, reply: RegExp): Promise<string> {
    this.send(line);
    return this.expect(reply);
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface TlsInfo {
  authorized: boolean;
  authorizationError: string | undefined;
  protocol: string | null;
  subjectAltName: string | undefined;
}

export function connectPlain(host: string, port: number): Promise<Session> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(WAIT_MS, () => socket.destroy(new Error('socket timeout')));
    socket.once('connect', () => resolve(new Session(socket)));
    socket.once('error', reject);
  });
}

/** Implicit TLS, or (with `socket`) an in-place STARTTLS upgrade. Verification stays on. */
export function connectTls(opts: {
  host: string;
  port?: number;
  servername: string;
  ca: string;
  socket?: net.Socket;
}): Promise<{ session: Session; info: TlsInfo }> {
  return new Promise((resolve, reject) => {
    const sock = tls.connect({
      host: opts.host,
      port: opts.port,
      socket: opts.socket,
      servername: opts.servername,
      ca: opts.ca,
      minVersion: 'TLSv1.2',
    });
    sock.setTimeout(WAIT_MS, () => sock.destroy(new Error('socket timeout')));
    sock.once('secureConnect', () => {
      const cert = sock.getPeerCertificate();
      resolve({
        session: new Session(sock),
        info: {
          authorized: sock.authorized,
          authorizationError: sock.authorizationError?.toString(),
          protocol: sock.getProtocol(),
          subjectAltName: cert.subjectaltname,
        },
      });
    });
    sock.once('error', reject);
  });
}

/** Hands a plain session's socket over to TLS (call after the server said "go ahead"). */
export function upgrade(session: Session, servername: string, ca: string) {
  session.socket.removeAllListeners('data');
  session.socket.removeAllListeners('close');
  return connectTls({ host: session.socket.remoteAddress ?? '', servername, ca, socket: session.socket });
}

export interface DigResult {
  status: string;
  flags: string[];
  answer: string[];
  authority: string[];
  additional: string[];
  raw: string;
}

/** Runs `dig @server ...` (server is always a loopback address) and splits its sections. */
export function dig(server: string, name: string, type: string, extra: string[] = []): Promise<DigResult> {
  if (!server.startsWith('127.')) throw new Error(`dig only talks to loopback, not ${server}`);
  return new Promise((resolve, reject) => {
    execFile(
      'dig',
      [`@${server}`, name, type, '+time=2', '+tries=1', ...extra],
      { timeout: WAIT_MS },
      (err, stdout) => {
        if (err) return reject(err);
        resolve(parseDig(stdout));
      },
    );
  });
}

export function parseDig(out: string): DigResult {
  const sections: Record<string, string[]> = { ANSWER: [], AUTHORITY: [], ADDITIONAL: [] };
  let current: string[] | undefined;
  for (const line of out.split('\n')) {
    const head = /^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:/.exec(line);
    if (head?.[1] !== undefined) {
      current = sections[head[1]];
      continue;
    }
    if (line.trim() === '' || line.startsWith(';')) {
      current = undefined;
      continue;
    }
    // Normalise the column tabs to single spaces: "example.test. 60 IN MX 10 mx1.example.test."
    current?.push(line.trim().split(/\s+/).join(' '));
  }
  return {
    status: /status: (\w+)/.exec(out)?.[1] ?? 'NONE',
    flags: (/;; flags: ([^;]*);/.exec(out)?.[1] ?? '').trim().split(/\s+/).filter(Boolean),
    answer: sections['ANSWER'] ?? [],
    authority: sections['AUTHORITY'] ?? [],
    additional: sections['ADDITIONAL'] ?? [],
    raw: out,
  };
}
