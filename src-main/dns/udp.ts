/**
 * One DNS exchange over UDP. Contract (in the manner of miekg/dns): one packet out, one
 * answer back; no retry and no TCP fallback here (transport.ts does those).
 *
 * Each query gets its own socket bound to port 0, so the kernel picks a fresh random
 * source port, and the socket is connected to the server, so the kernel drops datagrams
 * from any other address or port and reports ICMP "port unreachable" as ECONNREFUSED
 * (a dead server fails at once instead of costing the timeout). A datagram that still
 * does not match (source, ID, question) is ignored and waiting continues.
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

export function udpExchange(x: UdpExchange): Promise<DnsMessage> {
  assertDestinationAllowed(x.server.address);
  const server = formatEndpoint(x.server);
  return new Promise<DnsMessage>((resolve, reject) => {
    let socket: Socket | undefined;
    let timer: NodeJS.Timeout | undefined;
    let malformed: DnsFormatError | undefined;
    let done = false;

    const finish = (err: unknown, msg?: DnsMessage): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      x.signal?.removeEventListener('abort', onAbort);
      try {
        socket?.close();
      } catch {
        // Already closed by an error: nothing to release.
      }
      if (msg !== undefined) resolve(msg);
      else reject(err);
    };
    const onAbort = (): void =>
      finish(
        new MailwrightError('timeout', `The DNS query to ${server} was stopped: the lookup ran out of time.`),
      );

    if (x.signal?.aborted === true) return onAbort();
    x.signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => {
      // A well-addressed but malformed reply is the better explanation than silence.
      finish(
        malformed ??
          new MailwrightError('timeout', `The DNS server ${server} did not answer in ${x.timeoutMs} ms.`, {
            code: 'DNS_TIMEOUT',
          }),
      );
    }, x.timeoutMs);

    const sock = createSocket({
      type: isIP(x.server.address) === 6 ? 'udp6' : 'udp4',
      lookup: literalLookup,
    });
    socket = sock;
    sock.on('error', (e: NodeJS.ErrnoException) => {
      const refused = e.code === 'ECONNREFUSED';
      finish(
        new MailwrightError(
          'network',
          refused
            ? `Nothing answers DNS at ${server} (port unreachable); check the server address.`
            : `The DNS query to ${server} failed (${e.code ?? e.message}); check the network.`,
          { code: e.code, cause: e },
        ),
      );
    });
    sock.on('message', (bytes: Buffer, rinfo: RemoteInfo) => {
      if (rinfo.port !== x.server.port || !sameAddress(rinfo.address, x.server.address)) return;
      if (packetId(bytes) !== x.id) return;
      let msg: DnsMessage;
      try {
        msg = decodeMessage(bytes);
      } catch (e) {
        if (e instanceof DnsFormatError) malformed = e;
        else malformed = new DnsFormatError(`undecodable packet (${String(e)})`, 0);
        return;
      }
      if (!isAnswerTo(msg, x.id, x.question)) return;
      finish(undefined, msg);
    });
    sock.connect(x.server.port, x.server.address, () => {
      if (done) return;
      sock.send(x.query, (e) => {
        if (e !== null && e !== undefined) sock.emit('error', e);
      });
    });
  });
}
