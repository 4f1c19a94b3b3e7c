/**
 * A scripted DNS responder on loopback for unit tests of the transport. A mock, on
 * purpose: no real server sends wrong IDs, answers from another port or cuts TCP frames
 * byte by byte, so these behaviours can only be tested against a scripted peer.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { decodeMessage, encodeMessage } from '../codec';
import { RRType, type DnsMessage, type ResourceRecord } from '../types';

export interface UdpContext {
  query: DnsMessage;
  rinfo: RemoteInfo;
  /** Sends from the responder's own port (the right source). */
  reply(msg: DnsMessage | Uint8Array): void;
  /** Sends from a different local port (a spoofer that got the address right but not the port). */
  replyFromOtherPort(msg: DnsMessage | Uint8Array): void;
}

export interface Responder {
  port: number;
  address: string;
  udpQueries: DnsMessage[];
  tcpQueries: DnsMessage[];
  close(): Promise<void>;
}

export interface ResponderScript {
  udp?: (ctx: UdpContext) => void;
  /** Returns the answer to frame; `chunkSize` splits the written bytes. */
  tcp?: (query: DnsMessage) => DnsMessage | undefined;
  chunkSize?: number;
  address?: string;
  /** Default: a free port chosen by the kernel. */
  port?: number;
}

/** The response to `query` with the given records and header changes. */
export function answer(
  query: DnsMessage,
  answers: ResourceRecord[],
  header: Partial<DnsMessage['header']> = {},
): DnsMessage {
  return {
    header: { ...query.header, qr: true, aa: true, ra: true, rcode: 0, ...header },
    questions: query.questions,
    answers,
    authorities: [],
    additionals: [],
  };
}

export function aRecord(name: string, address: string, ttl = 60): ResourceRecord {
  return { name, type: RRType.A, class: 1, ttl, data: { type: 'A', address } };
}

const bytesOf = (m: DnsMessage | Uint8Array): Uint8Array => (m instanceof Uint8Array ? m : encodeMessage(m));

/** Resolves once `start` has made `target` listen; rejects with its error instead. */
function listening(target: Socket | Server, start: () => void): Promise<void> {
  return new Promise<void>((ok, fail) => {
    target.once('error', fail);
    target.once('listening', () => {
      target.off('error', fail);
      ok();
    });
    start();
  });
}

export async function startResponder(script: ResponderScript, attempt = 0): Promise<Responder> {
  const address = script.address ?? '127.0.0.1';
  const udp: Socket = createSocket('udp4');
  const other: Socket = createSocket('udp4');
  const udpQueries: DnsMessage[] = [];
  const tcpQueries: DnsMessage[] = [];
  // A failed bind rejects (it used to leave the test waiting until its own timeout).
  await listening(udp, () => udp.bind(script.port ?? 0, address));
  await listening(other, () => other.bind(0, address));
  const port = udp.address().port;
  udp.on('message', (bytes, rinfo) => {
    const query = decodeMessage(bytes);
    udpQueries.push(query);
    script.udp?.({
      query,
      rinfo,
      reply: (m) => udp.send(bytesOf(m), rinfo.port, rinfo.address),
      replyFromOtherPort: (m) => other.send(bytesOf(m), rinfo.port, rinfo.address),
    });
  });
  const sockets = new Set<TcpSocket>();
  const tcp: Server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    let buf = Buffer.alloc(0);
    s.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
      const query = decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0)));
      tcpQueries.push(query);
      const reply = script.tcp?.(query);
      if (reply === undefined) return;
      const body = encodeMessage(reply);
      const framed = Buffer.alloc(body.length + 2);
      framed.writeUInt16BE(body.length, 0);
      framed.set(body, 2);
      const size = script.chunkSize ?? framed.length;
      // Each piece in its own write, one event-loop turn apart, so the client sees them as separate chunks.
      const pieces: Buffer[] = [];
      for (let at = 0; at < framed.length; at += size) pieces.push(framed.subarray(at, at + size));
      const writeNext = (): void => {
        const piece = pieces.shift();
        if (piece === undefined || s.destroyed) return;
        s.write(piece, () => setImmediate(writeNext));
      };
      writeNext();
    });
    s.on('error', () => undefined);
  });
  try {
    await listening(tcp, () => tcp.listen(port, address));
  } catch (e) {
    // The kernel gave UDP a port that something else holds for TCP: try another one.
    udp.close();
    other.close();
    if (script.port !== undefined || attempt >= 5) throw e;
    return startResponder(script, attempt + 1);
  }
  return {
    port,
    address,
    udpQueries,
    tcpQueries,
    close: async () => {
      for (const s of sockets) s.destroy();
      udp.close();
      other.close();
      await new Promise<void>((r) => tcp.close(() => r()));
    },
  };
}
