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
import { buildQuery, withId } from './codec';

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

/** EDNS0 as we always advertise it; one shared object, read only. */
const EDNS = Object.freeze({ udpPayloadSize: EDNS_UDP_PAYLOAD });

export async function exchange(
  server: Endpoint,
  question: Question,
  opts: ExchangeOptions,
): Promise<ExchangeResult> {
  // Checked here as well as in udp/tcp so the refusal comes before any work at all.
  assertDestinationAllowed(server.address);
  const started = performance.now();
  const edns = opts.edns === false ? undefined : EDNS;
  const id = randomId();
  const query = buildQuery({ id, name: question.name, type: question.type, rd: opts.rd, edns });
  const { timeoutMs, signal } = opts;
  const message = await udpExchange({ server, question, timeoutMs, signal, id, query });
  if (edns !== undefined && message.header.rcode === Rcode.FORMERR && !message.additionals.some(isOpt)) {
    // RFC 6891 §7: a server that does not know EDNS answers FORMERR without an OPT; ask it plainly.
    const rest = await exchange(server, question, { ...opts, edns: false, timeoutMs: left(opts, started) });
    return { ...rest, ms: performance.now() - started };
  }
  if (!message.header.tc) return { message, via: 'udp', ms: performance.now() - started };
  // The same question over TCP, with a new ID, in what is left of this try's time.
  const tcpId = randomId();
  const full = await tcpExchange({
    server,
    question,
    timeoutMs: left(opts, started),
    signal,
    id: tcpId,
    query: withId(query, tcpId),
  });
  return { message: full, via: 'tcp', ms: performance.now() - started };
}

/** What is left of this try's time (at least 1 ms, so a timer still runs and reports). */
function left(opts: ExchangeOptions, started: number): number {
  return Math.max(1, opts.timeoutMs - (performance.now() - started));
}
