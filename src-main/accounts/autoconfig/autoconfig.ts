/**
 * Autoconfiguration from an address: ask DNS (SRV records and MX, all at once), turn the
 * answers and the conventional names into candidates, probe them all in parallel within
 * one time budget, rank them. The result lists every candidate with its reason and
 * outcome, plus the suggested incoming and outgoing servers, for a person to confirm.
 *
 * The resolver and the probe's name lookup are injected: the app passes its resolver,
 * tests pass a loopback DNS server (never node:dns, never the machine's resolver).
 */
import type { LookupFn } from '../../net/connection';
import { resolveMx } from '../../dns/mx';
import type { Querier } from '../../dns/resolver';
import { resolveSrv } from '../../dns/srv';
import { MailwrightError, toMailwrightError } from '../../model/errors';
import { lookupThrough } from '../dial';
import { addressDomain, isValidAddress } from '../settings/validate';
import {
  conventional,
  fromMx,
  fromSrv,
  mergeCandidates,
  SRV_SERVICES,
  type Candidate,
  type SrvFinding,
} from './candidates';
import { probeCandidate, type ProbeOptions } from './probe';
import { best, rankCandidates, type ProbeOutcome, type RankedCandidate } from './rank';

export const DEFAULT_PROBE_TIMEOUT_MS = 8_000;
export const DEFAULT_PROBE_BUDGET_MS = 12_000;

export interface AutoconfigOptions {
  resolver: Querier;
  /** Name → addresses for the probes; default: through `resolver`. */
  lookup?: LookupFn;
  /** Extra trusted CA (PEM) for the probes' TLS. */
  ca?: string;
  /** One probe's connect budget and longest wait for a reply. */
  probeTimeoutMs?: number;
  /** All probes together: whatever has not answered by then counts as failed. */
  budgetMs?: number;
  /** Replaces the network probe (unit tests of the orchestration). */
  probe?: (candidate: Candidate, options: ProbeOptions) => Promise<ProbeOutcome>;
  /** For SRV weight and MX tie order. */
  random?: () => number;
}

export interface AutoconfigResult {
  address: string;
  domain: string;
  /** True when at least one incoming and one outgoing server answered. */
  found: boolean;
  incoming?: RankedCandidate;
  outgoing?: RankedCandidate;
  /** Every candidate, best first within each protocol (IMAP, POP3, SMTP). */
  candidates: RankedCandidate[];
  /** What DNS said along the way that a person may want to know (failed lookups, null MX). */
  notes: string[];
}

interface Discovery {
  srv: SrvFinding[];
  mxHosts: string[];
  notes: string[];
}

async function discover(domain: string, o: AutoconfigOptions): Promise<Discovery> {
  const notes: string[] = [];
  const random = o.random === undefined ? {} : { random: o.random };
  const srvLookups = SRV_SERVICES.map(async ({ service }): Promise<SrvFinding | undefined> => {
    try {
      const r = await resolveSrv(o.resolver, service, 'tcp', domain, random);
      if (r.notOffered) notes.push(`${r.name} says this service is not offered`);
      return { service, name: r.name, targets: r.targets };
    } catch (e) {
      notes.push(`SRV lookup _${service}._tcp.${domain} failed: ${toMailwrightError(e).message}`);
      return undefined;
    }
  });
  const mxLookup = (async (): Promise<string[]> => {
    try {
      const r = await resolveMx(o.resolver, domain, random);
      return r.implicit ? [] : r.exchanges.map((x) => x.exchange);
    } catch (e) {
      notes.push(`MX lookup for ${domain} failed: ${toMailwrightError(e).message}`);
      return [];
    }
  })();
  const [srv, mxHosts] = await Promise.all([Promise.all(srvLookups), mxLookup]);
  return { srv: srv.filter((f): f is SrvFinding => f !== undefined), mxHosts, notes };
}

/** Runs every probe at once; those still running when the budget ends count as timed out. */
async function probeAll(candidates: readonly Candidate[], o: AutoconfigOptions): Promise<ProbeOutcome[]> {
  const budgetMs = o.budgetMs ?? DEFAULT_PROBE_BUDGET_MS;
  const probeOptions: ProbeOptions = {
    lookup: o.lookup ?? lookupThrough(o.resolver),
    timeoutMs: Math.min(o.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS, budgetMs),
    ...(o.ca === undefined ? {} : { ca: o.ca }),
  };
  const probe = o.probe ?? probeCandidate;
  let timer: NodeJS.Timeout | undefined;
  const budgetOver = new Promise<'over'>((resolve) => {
    timer = setTimeout(() => resolve('over'), budgetMs);
  });
  const outOfTime = (c: Candidate): ProbeOutcome => ({
    ok: false,
    error: new MailwrightError(
      'timeout',
      `${c.host}:${c.port} did not finish answering within ${Math.round(budgetMs / 1000)} s; try it by hand if you expect a server there.`,
      { code: 'PROBE_BUDGET' },
    ).toJSON(),
  });
  try {
    return await Promise.all(
      candidates.map(async (c) => {
        const guarded = probe(c, probeOptions).catch((e: unknown): ProbeOutcome => ({
          ok: false,
          error: toMailwrightError(e).toJSON(),
        }));
        const first = await Promise.race([guarded, budgetOver]);
        return first === 'over' ? outOfTime(c) : first;
      }),
    );
  } finally {
    clearTimeout(timer);
  }
}

/** IMAP before POP3, but a server with TLS before one without. */
function pickIncoming(ranked: readonly RankedCandidate[]): RankedCandidate | undefined {
  const imap = best(ranked, 'imap');
  const pop3 = best(ranked, 'pop3');
  if (imap !== undefined && (imap.security !== 'none' || pop3 === undefined || pop3.security === 'none'))
    return imap;
  return pop3 ?? imap;
}

export async function autoconfigure(address: string, options: AutoconfigOptions): Promise<AutoconfigResult> {
  const trimmed = address.trim();
  if (!isValidAddress(trimmed)) {
    throw new MailwrightError(
      'bad-input',
      `"${address}" is not an email address; write it as name@example.org.`,
      { code: 'BAD_ADDRESS' },
    );
  }
  const domain = addressDomain(trimmed);
  const found = await discover(domain, options);
  const candidates = mergeCandidates(fromSrv(found.srv), fromMx(found.mxHosts, domain), conventional(domain));
  const outcomes = await probeAll(candidates, options);
  const ranked = rankCandidates(candidates, outcomes);
  const incoming = pickIncoming(ranked);
  const outgoing = best(ranked, 'smtp');
  return {
    address: trimmed,
    domain,
    found: incoming !== undefined && outgoing !== undefined,
    ...(incoming === undefined ? {} : { incoming }),
    ...(outgoing === undefined ? {} : { outgoing }),
    candidates: ranked,
    notes: found.notes,
  };
}
