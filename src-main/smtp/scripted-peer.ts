import * as net from 'node:net';
import { afterEach } from 'vitest';
import { SmtpClient, type SmtpClientOptions } from './client';

/**
 * A scripted SMTP peer on 127.0.0.1 for unit tests of behaviour no real server shows
 * on demand: STARTTLS response injection, HELO-only servers, malformed replies, a
 * server that withholds replies until a pipelined group is complete, a connection
 * dropped after the final ".". Everything a real server does is tested against
 * Postfix in the *.int.test.ts files. Test support only; never used by the app.
 */

export interface PeerOptions {
  greeting?: string;
  /** EHLO keyword lines; 'refuse' answers EHLO with 502 (an RFC 821 server). */
  ehlo?: string[] | 'refuse';
  /** Per-command override: return the reply text (with CRLFs) or undefined for the default. */
  reply?: (line: string, peer: PeerRecord) => string | undefined;
  /** Reply to RCPT TO:<addr> on the n-th connection (from 1). Default 250. */
  rcpt?: (address: string, connection: number) => string;
  /** Reply after the final "." (or the LAST BDAT chunk). Default 250. 'drop' closes the connection instead. */
  afterData?: (wire: Buffer) => string | 'drop';
  /** Listen address (default 127.0.0.1); any 127/8 address works without configuration. */
  host?: string;
  /**
   * Withhold the reply to the final "." of the first n messages until the next command line
   * arrives (proves the client pipelined the next MAIL behind the body).
   */
  holdDataReplies?: number;
  /** Hold the replies from MAIL on until a DATA line arrives (proves the client pipelined). */
  holdUntilData?: boolean;
  /**
   * Hold every reply from the first MAIL on until this many command lines (that MAIL
   * included) have arrived: proves the client wrote them all without waiting for a reply.
   */
  holdFromMailUntil?: number;
}

export interface PeerRecord {
  /** Command lines in order. */
  commands: string[];
  /** The command lines of each TCP read, to see what arrived together. */
  reads: string[][];
  /**
   * Each message's wire bytes: after DATA, those between 354 and the end of the "." line,
   * inclusive; after BDAT, the bytes of its chunks, joined.
   */
  messages: Buffer[];
  connections: number;
}

export interface ScriptedPeer extends PeerRecord {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_EHLO = ['peer.example.test', 'PIPELINING', 'SIZE 1000000', '8BITMIME', 'ENHANCEDSTATUSCODES'];

function ehloReply(lines: string[]): string {
  return lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
}

export async function startPeer(opts: PeerOptions = {}): Promise<ScriptedPeer> {
  const record: PeerRecord = { commands: [], reads: [], messages: [], connections: 0 };
  let connection = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    record.connections++;
    connection++;
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    serve(s, opts, record, connection);
  });
  await new Promise<void>((resolve) => server.listen(0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return Object.assign(record, {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

function serve(s: net.Socket, opts: PeerOptions, record: PeerRecord, connection: number): void {
  let buf = Buffer.alloc(0);
  let inData = false;
  /** A BDAT chunk being read: bytes still to come, whether it is the LAST, what to answer. */
  let chunk: { left: number; last: boolean; refusal: string | undefined } | undefined;
  let chunks: Buffer[] = [];
  let mailGiven = false;
  let linesSinceMail = 0;
  let held: string[] = [];
  let rcptOk = 0;
  let heldDataReply: string | undefined;
  let dataRepliesHeld = 0;
  let holding = false;
  const send = (text: string): void => {
    if (holding) {
      held.push(text);
      return;
    }
    s.write(text);
  };
  const flush = (): void => {
    holding = false;
    if (held.length > 0) s.write(held.join(''));
    held = [];
  };
  /** A whole message arrived (after "." or the LAST chunk): the transaction ends; the reply to give. */
  const received = (message: Buffer): string | 'drop' => {
    mailGiven = false;
    rcptOk = 0;
    record.messages.push(message);
    return opts.afterData?.(message) ?? '250 2.0.0 Ok: queued as SCRIPTED\r\n';
  };
  s.write(opts.greeting ?? '220 peer.example.test ESMTP scripted\r\n');
  s.on('data', (data: Buffer) => {
    buf = Buffer.concat([buf, data]);
    const lines: string[] = [];
    for (;;) {
      if (chunk !== undefined) {
        const take = Math.min(chunk.left, buf.length);
        chunks.push(Buffer.from(buf.subarray(0, take)));
        buf = buf.subarray(take);
        chunk.left -= take;
        if (chunk.left > 0) break;
        const { last, refusal } = chunk;
        chunk = undefined;
        if (refusal !== undefined) {
          // RFC 3030 §2: a refused chunk is read and dropped, and so is the transaction.
          chunks = [];
          send(refusal);
          continue;
        }
        if (!last) {
          send(`250 2.0.0 Ok: ${chunks.reduce((n, c) => n + c.length, 0)} bytes\r\n`);
          continue;
        }
        const r = received(Buffer.concat(chunks));
        chunks = [];
        if (r === 'drop') {
          s.destroy();
          return;
        }
        send(r);
        continue;
      }
      if (inData) {
        const text = buf.toString('latin1');
        const end = text.startsWith('.\r\n') ? 0 : text.indexOf('\r\n.\r\n');
        if (end === -1) break;
        const stop = end === 0 ? 3 : end + 5;
        const wire = buf.subarray(0, stop);
        buf = buf.subarray(stop);
        inData = false;
        const r = received(Buffer.from(wire));
        if (r === 'drop') {
          s.destroy();
          return;
        }
        if (dataRepliesHeld < (opts.holdDataReplies ?? 0)) {
          dataRepliesHeld++;
          heldDataReply = r;
        } else s.write(r);
        continue;
      }
      const i = buf.indexOf('\r\n');
      if (i === -1) break;
      const line = buf.subarray(0, i).toString('utf8');
      buf = buf.subarray(i + 2);
      lines.push(line);
      record.commands.push(line);
      if (heldDataReply !== undefined) {
        s.write(heldDataReply);
        heldDataReply = undefined;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (opts.holdUntilData === true && verb === 'MAIL') holding = true;
      if (opts.holdFromMailUntil !== undefined && (linesSinceMail > 0 || verb === 'MAIL')) {
        linesSinceMail++;
        if (linesSinceMail === 1) holding = true;
        if (linesSinceMail === opts.holdFromMailUntil) flush();
      }
      const custom = opts.reply?.(line, record);
      if (custom !== undefined) {
        send(custom);
        if (custom.startsWith('221')) s.end();
        if (custom.startsWith('354')) {
          inData = true;
          flush();
        }
        continue;
      }
      if (verb === 'EHLO') {
        send(
          opts.ehlo === 'refuse'
            ? '502 5.5.1 Command not recognized\r\n'
            : ehloReply(opts.ehlo ?? DEFAULT_EHLO),
        );
      } else if (verb === 'HELO') send('250 peer.example.test\r\n');
      else if (verb === 'MAIL') {
        if (mailGiven) {
          send('503 5.5.1 Error: nested MAIL command\r\n');
          continue;
        }
        rcptOk = 0;
        mailGiven = true;
        send('250 2.1.0 Ok\r\n');
      } else if (verb === 'RCPT') {
        const addr = /<([^>]*)>/.exec(line)?.[1] ?? '';
        const r = opts.rcpt?.(addr, connection) ?? '250 2.1.5 Ok\r\n';
        if (r.startsWith('2')) rcptOk++;
        send(r);
      } else if (verb === 'DATA') {
        if (rcptOk === 0) {
          send('554 5.5.1 Error: no valid recipients\r\n');
          flush();
          continue;
        }
        rcptOk = 0;
        send('354 End data with <CR><LF>.<CR><LF>\r\n');
        inData = true;
        flush();
      } else if (verb === 'BDAT') {
        const m = /^BDAT (\d+)( LAST)?$/i.exec(line);
        if (m === null) {
          send('501 5.5.4 Syntax: BDAT count [LAST]\r\n');
          continue;
        }
        const refusal = !mailGiven
          ? '503 5.5.1 Error: need MAIL command\r\n'
          : rcptOk === 0
            ? '554 5.5.1 Error: no valid recipients\r\n'
            : undefined;
        chunk = { left: Number(m[1]), last: m[2] !== undefined, refusal };
      } else if (verb === 'RSET' || verb === 'NOOP') {
        if (verb === 'RSET') mailGiven = false;
        rcptOk = 0;
        send('250 2.0.0 Ok\r\n');
      } else if (verb === 'QUIT') {
        send('221 2.0.0 Bye\r\n');
        s.end();
      } else send('502 5.5.2 Error: command not recognized\r\n');
    }
    if (lines.length > 0) record.reads.push(lines);
  });
}

/**
 * For a test file: `peer()` starts a scripted peer (over `defaults`), `connect()` opens our
 * client to it, `onCleanup()` adds anything else to close; all of it ends after each test.
 */
export function scriptedSessions(defaults: PeerOptions = {}) {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  return {
    async peer(opts: PeerOptions = {}): Promise<ScriptedPeer> {
      const p = await startPeer({ ...defaults, ...opts });
      cleanup.push(() => p.close());
      return p;
    },
    async connect(p: ScriptedPeer, extra: Partial<SmtpClientOptions> = {}): Promise<SmtpClient> {
      const c = await SmtpClient.connect({
        host: '127.0.0.1',
        port: p.port,
        tls: 'none',
        connectTimeoutMs: 5_000,
        idleTimeoutMs: 10_000,
        ...extra,
      });
      cleanup.push(() => c.destroy());
      return c;
    },
    onCleanup(f: () => Promise<void> | void): void {
      cleanup.push(f);
    },
  };
}
