/**
 * One question to one server: UDP with EDNS0 (1232-byte payload, the DNS Flag Day 2020
 * size that avoids IP fragmentation), and the same question over TCP when the UDP answer
 * is truncated. A fresh random ID is drawn for each packet. No retries here: stub.ts and
 * iterative.ts decide which server to ask next.
 */
import type { Endpoint } from './endpoint';
import { assertDestinationAllowed } from './guard';
import { tcpExchange } from './tcp';
import { Rcode, RRType, type DnsMessage, type Question, type ResourceRecord } from './types';
import { udpExchange } from './udp';
import { buildQuery } from './codec';

export const EDNS_UDP_PAYLOAD = 1232;

export interface ExchangeOptions {
  timeoutMs: number;
  /** Recursion desired: true for a stub asking a recursive server, false when iterating. */
  rd: boolean;
  /** EDNS0 on by default; off only to test servers' plain-DNS behaviour. */
  edns?: boolean;
  signal?: AbortSignal;
}

export interface ExchangeResult {
  message: DnsMessage;
  via: 'udp' | 'tcp';
  ms: number;
}

// IDs come from the CSPRNG in batches: randomInt per query costs more than the query's own work.
let idPool = new Uint16Array(0);
let idNext = 0;
function randomId(): number {
  if (idNext >= idPool.length) {
    idPool = new Uint16Array(512);
    globalThis.crypto.getRandomValues(idPool);
    idNext = 0;
  }
  return idPool[idNext++]!;
}

const isOpt = (rr: ResourceRecord): boolean => rr.type === RRType.OPT;

export async function exchange(
  server: Endpoint,
  question: Question,
  opts: ExchangeOptions,
): Promise<ExchangeResult> {
  // Checked here as well as in udp/tcp so the refusal comes before any work at all.
  assertDestinationAllowed(server.address);
  const started = performance.now();
  const edns = opts.edns === false ? undefined : { udpPayloadSize: EDNS_UDP_PAYLOAD };
  const udpId = randomId();
  const base = {
    server,
    question,
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const udpQuery = buildQuery({
    id: udpId,
    name: question.name,
    type: question.type,
    rd: opts.rd,
    ...(edns ? { edns } : {}),
  });
  let message = await udpExchange({ ...base, id: udpId, query: udpQuery });
  if (edns !== undefined && message.header.rcode === Rcode.FORMERR && !message.additionals.some(isOpt)) {
    // RFC 6891 §7: a server that does not know EDNS answers FORMERR without an OPT; ask it plainly.
    return exchange(server, question, { ...opts, edns: false });
  }
  if (!message.header.tc) return { message, via: 'udp', ms: performance.now() - started };
  const tcpId = randomId();
  const tcpQuery = buildQuery({
    id: tcpId,
    name: question.name,
    type: question.type,
    rd: opts.rd,
    ...(edns ? { edns } : {}),
  });
  const full = await tcpExchange({ ...base, id: tcpId, query: tcpQuery });
  return { message: full, via: 'tcp', ms: performance.now() - started };
}
