/**
 * Stub mode: ask recursive servers (from resolv.conf or given) with RD set. Each round
 * asks every server in turn; the per-try timeout doubles each round (as glibc does),
 * and no try outlasts the lookup's deadline (the end of its budget).
 * SERVFAIL, REFUSED and the like move on to the next server; NOERROR and NXDOMAIN are
 * answers.
 */
import { MailwrightError } from '../model/errors';
import { answerFromMessage, rrsetAtChainEnd, type Answer } from './answer';
import { formatEndpoint, type Endpoint } from './endpoint';
import { rcodeError, timeoutError } from './errors';
import { summarize } from './present';
import { traceStep, type TraceStep } from './trace';
import { exchange } from './transport';
import { Rcode, rcodeToText, RRType, DnsFormatError, typeToText, type Question } from './types';

export interface StubOptions {
  servers: readonly Endpoint[];
  timeoutMs: number;
  attempts: number;
  /** performance.now() time at which the lookup's budget ends; no try outlasts it. */
  deadline: number;
  /** Optional outside cancellation. */
  signal?: AbortSignal;
  /** Steps are recorded only when the caller asked for them (building them costs). */
  trace?: TraceStep[];
}

export interface StubResult {
  answer: Answer;
  truncated: boolean;
}

/** Errors that no other server can fix: the guard, or a server that is not an address. */
export function isFatal(e: unknown): boolean {
  return e instanceof MailwrightError && (e.code === 'DNS_LOOPBACK_ONLY' || e.kind === 'bad-input');
}

export function describeAnswer(answer: Answer, q: Question): { kind: TraceStep['kind']; detail: string } {
  if (answer.rcode === Rcode.NXDOMAIN) return { kind: 'nxdomain', detail: 'NXDOMAIN' };
  const end = rrsetAtChainEnd(answer.answers, q.name, q.type);
  if (end.records.length > 0) return { kind: 'answer', detail: summarize(end.records) };
  const cname = answer.answers.find((rr) => rr.type === RRType.CNAME);
  if (cname !== undefined) return { kind: 'cname', detail: `CNAME to ${end.name}` };
  return { kind: 'nodata', detail: `no ${typeToText(q.type)} record (NODATA)` };
}

/** Back-off: round `attempt` (from 0) waits twice as long as the one before, never past the budget. */
export function tryTimeoutMs(timeoutMs: number, attempt: number, remainingMs: number): number {
  return Math.min(timeoutMs * 2 ** attempt, remainingMs);
}

export async function stubQuery(q: Question, opts: StubOptions): Promise<StubResult> {
  if (opts.servers.length === 0) {
    throw new MailwrightError(
      'dns',
      'No DNS server is configured; add a nameserver to /etc/resolv.conf or pass --server.',
    );
  }
  const tried: string[] = [];
  let refusal: { rcode: number; servers: string[] } | undefined;
  let malformed: DnsFormatError | undefined;
  // When every failure was "port unreachable" (and none a silence), say so rather than "timeout".
  let unreachable = 0;
  let failures = 0;
  for (let attempt = 0; attempt < Math.max(1, opts.attempts); attempt++) {
    for (const server of opts.servers) {
      const remaining = opts.deadline - performance.now();
      if (remaining <= 0 || opts.signal?.aborted === true) break;
      const name = formatEndpoint(server);
      if (!tried.includes(name)) tried.push(name);
      const started = performance.now();
      try {
        const r = await exchange(server, q, {
          timeoutMs: tryTimeoutMs(opts.timeoutMs, attempt, remaining),
          rd: true,
          signal: opts.signal,
        });
        const answer = answerFromMessage(r.message);
        const rcode = answer.rcode;
        if (rcode === Rcode.NOERROR || rcode === Rcode.NXDOMAIN) {
          if (opts.trace !== undefined) {
            const d = describeAnswer(answer, q);
            opts.trace.push(traceStep(server, q.name, q.type, d.kind, d.detail, r.ms, r.via));
          }
          return { answer, truncated: r.message.header.tc };
        }
        opts.trace?.push(traceStep(server, q.name, q.type, 'error', rcodeToText(rcode), r.ms, r.via));
        if (refusal === undefined || refusal.rcode === rcode) {
          refusal = {
            rcode,
            servers: [...(refusal?.servers ?? []), ...(refusal?.servers.includes(name) ? [] : [name])],
          };
        }
      } catch (e) {
        if (isFatal(e)) throw e;
        if (e instanceof DnsFormatError) malformed = e;
        failures++;
        if (e instanceof MailwrightError && e.code === 'ECONNREFUSED') unreachable++;
        const why = e instanceof Error ? e.message : String(e);
        opts.trace?.push(traceStep(server, q.name, q.type, 'error', why, performance.now() - started));
      }
    }
  }
  if (refusal !== undefined) throw rcodeError(q.name, q.type, refusal.rcode, refusal.servers);
  if (malformed !== undefined) throw malformed;
  if (failures > 0 && unreachable === failures) {
    throw new MailwrightError(
      'network',
      `Nothing answers DNS at ${tried.join(', ')} (port unreachable); check the server address or name another with --server.`,
      { code: 'ECONNREFUSED' },
    );
  }
  throw timeoutError(q.name, q.type, tried);
}
