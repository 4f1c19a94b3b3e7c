/**
 * The resolver the rest of Mailwright uses: one `query(name, type)` over either mode,
 * with the cache in front and one time budget per lookup, so a dead server can never
 * stall a caller longer than `budgetMs`.
 *
 * `query` returns NOERROR (maybe with no records) and NXDOMAIN as answers; it throws a
 * MailwrightError for everything else (SERVFAIL/REFUSED from every server, timeouts,
 * malformed answers, the loopback guard).
 */
import { MailwrightError } from '../model/errors';
import type { Answer } from './answer';
import { DnsCache } from './cache';
import { DelegationCache } from './delegations';
import type { Endpoint } from './endpoint';
import { iterativeQuery } from './iterative';
import { readResolvConf } from './resolv-conf';
import { rootHintEndpoints } from './root-hints';
import { stubQuery } from './stub';
import type { TraceStep } from './trace';
import { RRClass, type Question } from './types';

export interface ResolverOptions {
  /** 'stub' (default): ask recursive servers. 'iterative': walk down from the roots. */
  mode?: 'stub' | 'iterative';
  /** Stub servers; default: /etc/resolv.conf's nameservers (real use only; tests always pass these). */
  servers?: readonly Endpoint[];
  /** Iterative roots; default: the IANA root hints (real use only; tests always pass these). */
  roots?: readonly Endpoint[];
  /** Per-try timeout (stub: first round; doubles each round). Default: resolv.conf's when it is read, else 2 s. */
  timeoutMs?: number;
  /** Stub rounds over the server list. Default: resolv.conf's when it is read, else 2. */
  attempts?: number;
  /** The whole lookup's time limit. Default 10 s. */
  budgetMs?: number;
  /** Iterative: most queries for one lookup. Default 30. */
  maxQueries?: number;
  /** Iterative: the port of name servers found on the way (a test setup may not use 53). Default 53. */
  serverPort?: number;
  /** A shared cache, or false for none. Default: a new cache of 10,000 entries. */
  cache?: DnsCache<QueryResult> | false;
  resolvConfPath?: string;
}

/** A result from the cache is shared and frozen: read it, do not change it. */
export interface QueryResult extends Answer {
  question: Question;
  fromCache: boolean;
}

/** What MX, SRV and host lookups need from a resolver (tests may hand in a scripted one). */
export interface Querier {
  query(name: string, type: number, opts?: { trace?: TraceStep[] }): Promise<QueryResult>;
}

export const DEFAULT_BUDGET_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 2_000;

export class Resolver implements Querier {
  readonly mode: 'stub' | 'iterative';
  private readonly servers: readonly Endpoint[];
  private readonly roots: readonly Endpoint[];
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly budgetMs: number;
  private readonly maxQueries: number | undefined;
  private readonly serverPort: number | undefined;
  readonly cache: DnsCache<QueryResult> | undefined;
  /** Iterative mode with a cache: the zone cuts learnt so far. */
  private readonly delegations: DelegationCache | undefined;

  constructor(options: ResolverOptions = {}) {
    this.mode = options.mode ?? 'stub';
    // resolv.conf is read only when its servers are wanted or its file is named: a caller
    // that names servers gets our defaults, not this machine's settings.
    const needsConf =
      this.mode === 'stub' && (options.servers === undefined || options.resolvConfPath !== undefined);
    const conf = needsConf ? readResolvConf(options.resolvConfPath) : undefined;
    this.servers = options.servers ?? conf?.servers ?? [];
    this.roots = options.roots ?? (this.mode === 'iterative' ? rootHintEndpoints() : []);
    this.timeoutMs = options.timeoutMs ?? conf?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.attempts = options.attempts ?? conf?.attempts ?? 2;
    this.budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    this.maxQueries = options.maxQueries;
    this.serverPort = options.serverPort;
    this.cache = options.cache === false ? undefined : (options.cache ?? new DnsCache<QueryResult>());
    this.delegations =
      this.mode === 'iterative' && this.cache !== undefined ? new DelegationCache() : undefined;
  }

  /**
   * One lookup. Pass `trace` to collect the steps into your own array: it is filled
   * even when the lookup fails, so a caller can show how far it got. Nothing is added
   * for an answer from the cache.
   */
  async query(name: string, type: number, opts: { trace?: TraceStep[] } = {}): Promise<QueryResult> {
    const bare = name.endsWith('.') ? name.slice(0, -1) : name;
    // A hit returns the stored, frozen result as is: no copy, so hits stay cheap.
    const cached = this.cache?.get(bare, type, RRClass.IN);
    if (cached !== undefined) return cached;
    const question: Question = { name: bare, type, class: RRClass.IN };

    const trace = opts.trace;
    // One deadline for the whole lookup: every try's timeout is cut to what is left of it.
    const deadline = performance.now() + this.budgetMs;
    let answer: Answer;
    let truncated = false;
    if (this.mode === 'iterative') {
      if (this.roots.length === 0) {
        throw new MailwrightError(
          'dns',
          'No root server is configured for iterative resolution; pass --root.',
        );
      }
      answer = await iterativeQuery(question, {
        roots: this.roots,
        timeoutMs: this.timeoutMs,
        deadline,
        trace: trace ?? [],
        ...(this.maxQueries === undefined ? {} : { maxQueries: this.maxQueries }),
        ...(this.serverPort === undefined ? {} : { serverPort: this.serverPort }),
        ...(this.delegations === undefined ? {} : { delegations: this.delegations }),
      });
    } else {
      const r = await stubQuery(question, {
        servers: this.servers,
        timeoutMs: this.timeoutMs,
        attempts: this.attempts,
        deadline,
        ...(trace === undefined ? {} : { trace }),
      });
      answer = r.answer;
      truncated = r.truncated;
    }
    if (this.cache !== undefined) {
      this.cache.put(
        question.name,
        type,
        question.class,
        Object.freeze(result(answer, question, true)),
        truncated,
      );
    }
    return result(answer, question, false);
  }
}

/** Written out rather than spread: this runs once per lookup, and a literal is cheaper. */
function result(answer: Answer, question: Question, fromCache: boolean): QueryResult {
  return {
    rcode: answer.rcode,
    answers: answer.answers,
    authorities: answer.authorities,
    additionals: answer.additionals,
    question,
    fromCache,
  };
}
