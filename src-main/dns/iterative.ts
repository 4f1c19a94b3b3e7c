/**
 * Iterative mode: resolve from the root as the textbook describes. Ask a root server
 * without RD; follow each referral down to the zone that answers. Rules:
 * - a referral counts only if it moves strictly closer to the name (else the server is lame);
 * - glue is used only when in bailiwick (RFC 8499: the server's name is inside the
 *   delegated zone); other name-server names are resolved from the root ("glueless");
 * - answer records are accepted only inside the answering server's zone, so a server
 *   cannot plant records for names it does not serve;
 * - CNAME chains are followed for at most 8 links;
 * - a lame, dead or failing server means: try the next one;
 * - all work for one lookup (including glueless and CNAME sub-lookups) shares one
 *   query budget (30) and one time budget (the deadline).
 */
import { MailwrightError } from '../model/errors';
import { answerFromMessage, isAtOrBelow, MAX_CNAME_CHAIN, type Answer } from './answer';
import type { Candidate, DelegationCache } from './delegations';
import { formatEndpoint, type Endpoint } from './endpoint';
import { budgetExceededError } from './errors';
import { displayName, summarize } from './present';
import { isFatal } from './stub';
import { traceStep, type TraceStep } from './trace';
import { exchange } from './transport';
import { Rcode, rcodeToText, RRClass, RRType, typeToText, type Question, type ResourceRecord } from './types';
import { namesEqual } from './codec';

export const MAX_QUERIES = 30;
/** Glueless lookups inside glueless lookups: beyond this the delegation is circular. */
const MAX_DEPTH = 4;

export interface IterativeOptions {
  roots: readonly Endpoint[];
  /** Per-query timeout; the lookup as a whole is bounded by `deadline`. */
  timeoutMs: number;
  /** performance.now() time at which the lookup's budget ends. */
  deadline: number;
  trace: TraceStep[];
  maxQueries?: number;
  /** The port of name servers found on the way (glue, NS lookups). Default 53. */
  serverPort?: number;
  /** Zone cuts learnt by earlier lookups; lookups start below the root when they can. */
  delegations?: DelegationCache;
}

interface Ctx {
  opts: IterativeOptions;
  queriesLeft: number;
  maxQueries: number;
}

interface ZoneAnswer extends Answer {
  /** The zone the answering server serves: only records inside it are believed. */
  zone: string;
}

export async function iterativeQuery(q: Question, opts: IterativeOptions): Promise<Answer> {
  const maxQueries = opts.maxQueries ?? MAX_QUERIES;
  const ctx: Ctx = { opts, queriesLeft: maxQueries, maxQueries };
  return resolveChain(ctx, q, 0);
}

/** Resolves `q`, following CNAMEs across zones; the chain's records come first in `answers`. */
async function resolveChain(ctx: Ctx, q: Question, depth: number): Promise<Answer> {
  const chain: ResourceRecord[] = [];
  let name = q.name;
  let links = 0;
  for (;;) {
    const asked = name;
    const r = await resolveInZone(ctx, { ...q, name }, depth);
    if (r.rcode !== Rcode.NOERROR) return { ...r, answers: [...chain, ...r.answers] };
    // Walk the chain as far as this zone's answer goes (records outside its zone were dropped).
    for (;;) {
      const direct = r.answers.filter((rr) => rr.type === q.type && namesEqual(rr.name, name));
      if (direct.length > 0 || q.type === RRType.CNAME) {
        return { ...r, answers: [...chain, ...direct] };
      }
      const cname = r.answers.find((rr) => rr.type === RRType.CNAME && namesEqual(rr.name, name));
      // The answer stops here: no record at all for the first name means no data; a chain
      // that stops short (its target in another zone, or a server that did not follow it)
      // is continued by asking for the target from the root.
      if (cname === undefined || cname.data.type !== 'CNAME') break;
      chain.push(cname);
      links++;
      if (links > MAX_CNAME_CHAIN) {
        throw new MailwrightError(
          'dns',
          `The CNAME chain from ${displayName(q.name)} is longer than ${MAX_CNAME_CHAIN} links (or loops); the domain is misconfigured.`,
          { code: 'DNS_CNAME_CHAIN' },
        );
      }
      name = cname.data.target;
    }
    // Nothing at all for the name just asked: no data, after whatever chain led here.
    if (name === asked) return { ...r, answers: chain };
  }
}

/** Walks referrals from the root down to a server that answers `q` for its zone. */
async function resolveInZone(ctx: Ctx, q: Question, depth: number): Promise<ZoneAnswer> {
  const roots: Candidate[] = ctx.opts.roots.map((e) => ({ host: undefined, addresses: [e] }));
  const known = ctx.opts.delegations?.closest(q.name);
  let zone = known?.zone ?? '';
  let candidates: Candidate[] = known?.candidates ?? roots;
  let fromCache = known !== undefined;
  const { trace } = ctx.opts;
  referrals: for (;;) {
    // The servers asked for this zone, for the error message if none of them helps.
    const asked: string[] = [];
    for (const candidate of candidates) {
      let addresses = candidate.addresses;
      if (addresses.length === 0 && candidate.host !== undefined) {
        addresses = await resolveServerAddresses(ctx, candidate.host, depth);
        // Kept on the candidate, so a cached delegation remembers them too.
        candidate.addresses = addresses;
      }
      for (const server of addresses) {
        const remaining = ctx.opts.deadline - performance.now();
        if (remaining <= 0) {
          const at = asked.length > 0 ? ` (last asked: ${asked.join(', ')})` : '';
          throw new MailwrightError(
            'timeout',
            `Resolving ${displayName(q.name)} ran out of time${at}; try again later.`,
            { code: 'DNS_TIMEOUT' },
          );
        }
        if (ctx.queriesLeft <= 0) throw budgetExceededError(q.name, q.type, ctx.maxQueries);
        ctx.queriesLeft--;
        asked.push(formatEndpoint(server));
        const started = performance.now();
        let r;
        try {
          r = await exchange(server, q, {
            timeoutMs: Math.min(ctx.opts.timeoutMs, remaining),
            rd: false,
          });
        } catch (e) {
          if (isFatal(e)) throw e;
          const why = e instanceof Error ? e.message : String(e);
          trace.push(traceStep(server, q.name, q.type, 'error', why, performance.now() - started));
          continue;
        }
        const msg = answerFromMessage(r.message);
        const step = (kind: TraceStep['kind'], detail: string): void => {
          trace.push(traceStep(server, q.name, q.type, kind, detail, r.ms, r.via));
        };
        if (msg.rcode === Rcode.NXDOMAIN) {
          step('nxdomain', 'NXDOMAIN');
          return { ...msg, answers: inZone(msg.answers, zone), zone };
        }
        if (msg.rcode !== Rcode.NOERROR) {
          step('error', `${rcodeToText(msg.rcode)} (lame or failing server; trying the next)`);
          continue;
        }
        const answers = inZone(msg.answers, zone);
        if (answers.some((rr) => namesEqual(rr.name, q.name))) {
          const direct = answers.filter((rr) => rr.type === q.type && namesEqual(rr.name, q.name));
          if (direct.length > 0 || q.type === RRType.CNAME) step('answer', summarize(direct));
          else {
            const target = answers.find((rr) => rr.type === RRType.CNAME && namesEqual(rr.name, q.name));
            step(
              'cname',
              `CNAME to ${target?.data.type === 'CNAME' ? displayName(target.data.target) : '?'}`,
            );
          }
          // Additional records (the MX exchanges' addresses, say) are believed only inside the zone too.
          return { ...msg, answers, additionals: inZone(msg.additionals, zone), zone };
        }
        const referral = findReferral(msg, q.name, zone, ctx.opts.serverPort);
        if (referral !== undefined) {
          const hosts = referral.candidates.map((c) => c.host ?? '?');
          step('referral', `referral to ${displayName(referral.zone)} (${hosts.join(', ')})`);
          zone = referral.zone;
          candidates = referral.candidates;
          ctx.opts.delegations?.put(zone, candidates, referral.ttl);
          fromCache = false;
          continue referrals;
        }
        if (r.message.header.aa) {
          step('nodata', `no ${typeToText(q.type)} record (NODATA)`);
          return { ...msg, answers: [], zone };
        }
        step('error', 'lame server: neither an answer nor a referral closer to the name');
      }
    }
    if (fromCache) {
      // What was learnt earlier no longer works (servers moved or died): forget it, ask the root.
      ctx.opts.delegations?.forget(zone);
      zone = '';
      candidates = roots;
      fromCache = false;
      continue referrals;
    }
    throw new MailwrightError(
      'dns',
      `No name server for ${displayName(zone)} (${asked.length > 0 ? asked.join(', ') : 'none reachable'}) gave a usable answer for ${displayName(q.name)}; the domain's servers are down or misconfigured.`,
      { code: 'SERVFAIL' },
    );
  }
}

function inZone(records: readonly ResourceRecord[], zone: string): ResourceRecord[] {
  return records.filter((rr) => isAtOrBelow(rr.name, zone));
}

/**
 * A referral: NS records in the authority section for a zone strictly below `zone` that
 * contains `name`. Glue (A/AAAA in additionals) is kept only for in-bailiwick servers.
 */
export function findReferral(
  msg: Answer,
  name: string,
  zone: string,
  port = 53,
): { zone: string; candidates: Candidate[]; ttl: number } | undefined {
  const ns = msg.authorities.filter(
    (rr) =>
      rr.type === RRType.NS &&
      rr.data.type === 'NS' &&
      isAtOrBelow(name, rr.name) &&
      isAtOrBelow(rr.name, zone) &&
      !namesEqual(rr.name, zone),
  );
  const first = ns[0];
  if (first === undefined) return undefined;
  const child = first.name;
  const candidates: Candidate[] = [];
  let ttl = Infinity;
  for (const rr of ns) {
    if (!namesEqual(rr.name, child) || rr.data.type !== 'NS') continue;
    ttl = Math.min(ttl, rr.ttl);
    const host = rr.data.host;
    if (candidates.some((c) => namesEqual(c.host ?? '', host))) continue;
    const glue = isAtOrBelow(host, child)
      ? [RRType.A, RRType.AAAA].flatMap((type) =>
          msg.additionals
            .filter((a) => a.type === type && namesEqual(a.name, host))
            .flatMap((a) =>
              a.data.type === 'A' || a.data.type === 'AAAA' ? [{ address: a.data.address, port }] : [],
            ),
        )
      : [];
    candidates.push({ host, addresses: glue });
  }
  // Servers with usable glue first: the glueless ones cost extra lookups.
  candidates.sort((a, b) => Number(b.addresses.length > 0) - Number(a.addresses.length > 0));
  return { zone: child, candidates, ttl };
}

/** A glueless name server: find its addresses from the root, sharing the lookup's budget. */
async function resolveServerAddresses(ctx: Ctx, host: string, depth: number): Promise<Endpoint[]> {
  if (depth >= MAX_DEPTH) return [];
  const out: Endpoint[] = [];
  for (const type of [RRType.A, RRType.AAAA]) {
    try {
      const r = await resolveChain(ctx, { name: host, type, class: RRClass.IN }, depth + 1);
      for (const rr of r.answers) {
        if ((rr.data.type === 'A' || rr.data.type === 'AAAA') && rr.type === type) {
          out.push({ address: rr.data.address, port: ctx.opts.serverPort ?? 53 });
        }
      }
    } catch (e) {
      // The guard and the query budget stop the whole lookup; other failures only this server.
      if (isFatal(e) || (e instanceof MailwrightError && e.code === 'DNS_QUERY_LIMIT')) throw e;
    }
    if (out.length > 0) break;
  }
  return out;
}
