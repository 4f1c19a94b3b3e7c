/**
 * One DNS exchange over UDP. Contract (in the manner of miekg/dns): one packet out, one
 * answer back; no retry and no TCP fallback here (transport.ts does those).
 *
 * Each query gets its own socket bound to port 0, so the kernel picks a fresh random
 * source port, and the socket is connected to the server, so the kernel drops datagrams
 * from any other address or port and reports ICMP "port unreachable" as ECONNREFUSED
 * (a dead server fails at once instead of costing the timeout). A datagram that still
 * does not match (source, ID, question) is ignored and waiting continues.
 *
 * Tried and measured (bench/dns, 2026-11): binding the next query's socket ahead of need,
 * while a query waits, did not help: the fresh socket costs CPU, which the client shares
 * with the server on the same cores, not latency; the spare only moved the work and added some.
 * Profiles put bind, send and close of the socket far above all our own work; bench/dns's
 * floor row (fresh sockets and nothing else) is itself 1.04-1.12x node:dns's one socket. Not
 * connecting would save ~5% and lose the ECONNREFUSED fast failure and the kernel's filter.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { MailwrightError } from '../model/errors';
import { formatEndpoint, type Endpoint } from './endpoint';
import { assertDestinationAllowed } from './guard';
import { isAnswerTo, packetId } from './match';
import { DnsFormatError, type DnsMessage, type Question } from './types';
import { decodeMessage } from './codec';

export interface UdpExchange {
  server: Endpoint;
  /** The encoded query; its first two bytes are `id`. */
  query: Uint8Array;
  id: number;
  question: Question;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The canonical text of an address, so '::1' from rinfo equals '0:0::1' we were given. */
function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  if (isIP(a) === 6 && isIP(b) === 6) {
    try {
      return new URL(`http://[${a}]/`).hostname === new URL(`http://[${b}]/`).hostname;
    } catch {
      // A zone index (fe80::1%eth0) is not URL syntax; such addresses must match exactly.
      return false;
    }
  }
  return false;
}

/**
 * dgram resolves the bind and connect addresses through a lookup function; ours are
 * always IP literals (the guard refuses anything else), so this answers at once and keeps
 * node:dns out of the path entirely.
 */
function literalLookup(
  address: string,
  _options: unknown,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  callback(null, address, isIP(address));
}

/**
 * One query in flight. Its socket carries it under a symbol, so the socket's listeners
 * can be shared functions (EventEmitter calls them with the socket as `this`) instead of
 * a set of fresh closures per query.
 */
interface Pending {
  x: UdpExchange;
  socket: Socket;
  timer: NodeJS.Timeout | undefined;
  /** A well-addressed but malformed reply: the better explanation than silence. */
  malformed: DnsFormatError | undefined;
  done: boolean;
  resolve: (msg: DnsMessage) => void;
  reject: (err: unknown) => void;
  onAbort: (() => void) | undefined;
}

const PENDING = Symbol('pending DNS query');
type QuerySocket = Socket & { [PENDING]?: Pending };

export function udpExchange(x: UdpExchange): Promise<DnsMessage> {
  assertDestinationAllowed(x.server.address);
  if (x.signal?.aborted === true) return Promise.reject(stopped(x));
  return new Promise<DnsMessage>((resolve, reject) => {
    const socket: QuerySocket = createSocket({
      type: isIP(x.server.address) === 6 ? 'udp6' : 'udp4',
      lookup: literalLookup,
    });
    const p: Pending = {
      x,
      socket,
      timer: undefined,
      malformed: undefined,
      done: false,
      resolve,
      reject,
      onAbort: undefined,
    };
    socket[PENDING] = p;
    socket.on('error', onSocketError);
    socket.on('message', onDatagram);
    // A listener, not connect's callback: node:dgram calls that callback without the socket
    // as `this` when the connect fails, whereas without one the failure comes as 'error'.
    socket.on('connect', onConnected);
    if (x.signal !== undefined) {
      p.onAbort = () => finish(p, stopped(x));
      x.signal.addEventListener('abort', p.onAbort, { once: true });
    }
    p.timer = setTimeout(onTimeout, x.timeoutMs, p);
    socket.connect(x.server.port, x.server.address);
  });
}

function finish(p: Pending, err: unknown, msg?: DnsMessage): void {
  if (p.done) return;
  p.done = true;
  if (p.timer !== undefined) clearTimeout(p.timer);
  if (p.onAbort !== undefined) p.x.signal?.removeEventListener('abort', p.onAbort);
  try {
    p.socket.close();
  } catch {
    // Already closed by an error: nothing to release.
  }
  if (msg !== undefined) p.resolve(msg);
  else p.reject(err);
}

function stopped(x: UdpExchange): MailwrightError {
  return new MailwrightError(
    'timeout',
    `The DNS query to ${formatEndpoint(x.server)} was stopped: the lookup ran out of time.`,
  );
}

function onTimeout(p: Pending): void {
  finish(
    p,
    p.malformed ??
      new MailwrightError(
        'timeout',
        `The DNS server ${formatEndpoint(p.x.server)} did not answer in ${p.x.timeoutMs} ms.`,
        { code: 'DNS_TIMEOUT' },
      ),
  );
}

function onConnected(this: QuerySocket): void {
  const p = this[PENDING];
  if (p === undefined || p.done) return;
  this.send(p.x.query, (e) => {
    if (e !== null && e !== undefined) onSocketError.call(this, e);
  });
}

function onSocketError(this: QuerySocket, e: NodeJS.ErrnoException): void {
  const p = this[PENDING];
  if (p === undefined) return;
  const server = formatEndpoint(p.x.server);
  finish(
    p,
    new MailwrightError(
      'network',
      e.code === 'ECONNREFUSED'
        ? `Nothing answers DNS at ${server} (port unreachable); check the server address.`
        : `The DNS query to ${server} failed (${e.code ?? e.message}); check the network.`,
      { code: e.code, cause: e },
    ),
  );
}

function onDatagram(this: QuerySocket, bytes: Buffer, rinfo: RemoteInfo): void {
  const p = this[PENDING];
  if (p === undefined || p.done) return;
  const x = p.x;
  // The connected socket already drops other sources; checked again so that stays true
  // whatever the socket setup becomes.
  if (rinfo.port !== x.server.port || !sameAddress(rinfo.address, x.server.address)) return;
  if (packetId(bytes) !== x.id) return;
  let msg: DnsMessage;
  try {
    msg = decodeMessage(bytes);
  } catch (e) {
    p.malformed =
      e instanceof DnsFormatError ? e : new DnsFormatError(`undecodable packet (${String(e)})`, 0);
    return;
  }
  if (!isAnswerTo(msg, x.id, x.question)) return;
  finish(p, undefined, msg);
}
