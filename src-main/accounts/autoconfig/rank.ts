/**
 * Ranking probed candidates, a pure function: per protocol (IMAP, POP3, SMTP), servers that
 * answered before those that did not; then implicit TLS > STARTTLS > none (what the probe
 * found, not what was hoped for); then the more trusted source (SRV > MX > conventional);
 * then SRV priority; ties keep discovery order.
 */
import type { Security } from '../../model/account';
import type { ErrorInfo } from '../../model/errors';
import type { Candidate, CandidateSource, Protocol } from './candidates';

/** What a probe learnt without logging in. */
export type ProbeOutcome =
  | {
      ok: true;
      /** The protection the server really offers: 'none' when a STARTTLS port lacks STARTTLS. */
      security: Security;
      /** The greeting's text, where the client keeps it (POP3, SMTP). */
      greeting?: string;
      capabilities: string[];
    }
  | { ok: false; error: ErrorInfo };

/** A candidate as probed (its SRV priority has done its work in the order). */
export interface RankedCandidate extends Omit<Candidate, 'priority' | 'security'> {
  /** What the probe found the server offers (may be weaker than the candidate hoped for). */
  security: Security;
  status: 'ok' | 'failed';
  /** Present when status is 'ok'. */
  greeting?: string;
  capabilities?: string[];
  /** Present when status is 'failed': why the probe did not succeed. */
  error?: ErrorInfo;
  /** A warning a person should see, e.g. that no TLS is offered. */
  note?: string;
}

const SECURITY_ORDER: Record<Security, number> = { implicit: 0, starttls: 1, none: 2 };
const SOURCE_ORDER: Record<CandidateSource, number> = { srv: 0, mx: 1, conventional: 2 };
const PROTOCOL_ORDER: Record<Protocol, number> = { imap: 0, pop3: 1, smtp: 2 };

export function combine(candidate: Candidate, outcome: ProbeOutcome): RankedCandidate {
  const base = {
    protocol: candidate.protocol,
    host: candidate.host,
    port: candidate.port,
    source: candidate.source,
    reason: candidate.reason,
  };
  if (!outcome.ok) return { ...base, security: candidate.security, status: 'failed', error: outcome.error };
  return {
    ...base,
    security: outcome.security,
    status: 'ok',
    ...(outcome.greeting === undefined ? {} : { greeting: outcome.greeting }),
    capabilities: outcome.capabilities,
    ...(outcome.security === 'none'
      ? { note: 'this server offers no TLS, so the password would cross the network unprotected' }
      : {}),
  };
}

/** `probed[i]` is `candidates[i]`'s outcome. Returns every candidate, best first per protocol. */
export function rankCandidates(
  candidates: readonly Candidate[],
  probed: readonly ProbeOutcome[],
): RankedCandidate[] {
  const rows = candidates.map((c, index) => ({ c, index, r: combine(c, probed[index]!) }));
  rows.sort(
    (a, b) =>
      PROTOCOL_ORDER[a.c.protocol] - PROTOCOL_ORDER[b.c.protocol] ||
      Number(a.r.status !== 'ok') - Number(b.r.status !== 'ok') ||
      SECURITY_ORDER[a.r.security] - SECURITY_ORDER[b.r.security] ||
      SOURCE_ORDER[a.c.source] - SOURCE_ORDER[b.c.source] ||
      a.c.priority - b.c.priority ||
      a.index - b.index,
  );
  return rows.map((row) => row.r);
}

/** The first reachable candidate of a protocol in a ranked list. */
export function best(ranked: readonly RankedCandidate[], protocol: Protocol): RankedCandidate | undefined {
  return ranked.find((r) => r.protocol === protocol && r.status === 'ok');
}
