/**
 * Whatever scripted servers answer, an iterative lookup ends: with an answer or a
 * MailwrightError, within its query budget, never with another exception or a hang.
 * The servers (mocks on 127.0.54.x) answer each (server, name, type) with a reply drawn
 * from a generated pool: random rcodes, referrals up, down and sideways, CNAME loops,
 * glue to dead addresses, records for other zones.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { Resolver } from './resolver';
import { startResponder, type Responder } from './testing/responder';
import { RRType, type DnsMessage, type RData, type ResourceRecord } from './types';

const ADDRESSES = ['127.0.54.11', '127.0.54.12', '127.0.54.13'];
/** Nothing listens there: queries to it fail at once. */
const DEAD = '127.0.54.19';
const NAMES = ['', 't1', 't2', 'a.t1', 'b.t2', 'ns.t1', 'ns.t2', 'x.a.t1', 'A.T1'];
const MAX_QUERIES = 30;

interface Reply {
  rcode: number;
  aa: boolean;
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

const name = fc.constantFrom(...NAMES);
const rec = (n: string, data: RData): ResourceRecord => ({
  name: n,
  type: RRType[data.type as keyof typeof RRType],
  class: 1,
  ttl: 60,
  data,
});
const record: fc.Arbitrary<ResourceRecord> = fc.oneof(
  fc
    .record({ n: name, a: fc.constantFrom(...ADDRESSES, DEAD) })
    .map(({ n, a }) => rec(n, { type: 'A', address: a })),
  fc.record({ n: name, h: name }).map(({ n, h }) => rec(n, { type: 'NS', host: h })),
  fc.record({ n: name, t: name }).map(({ n, t }) => rec(n, { type: 'CNAME', target: t })),
  fc.record({ n: name, x: name }).map(({ n, x }) => rec(n, { type: 'MX', preference: 10, exchange: x })),
  name.map((n) =>
    rec(n, {
      type: 'SOA',
      mname: 'ns.t1',
      rname: 'h',
      serial: 1,
      refresh: 1,
      retry: 1,
      expire: 1,
      minimum: 30,
    }),
  ),
);
const anyReply: fc.Arbitrary<Reply> = fc.record({
  rcode: fc.constantFrom(0, 0, 0, 2, 3, 5),
  aa: fc.boolean(),
  answers: fc.array(record, { maxLength: 4 }),
  authorities: fc.array(record, { maxLength: 4 }),
  additionals: fc.array(record, { maxLength: 4 }),
});
/** Plausible referrals too, so lookups go deep (random records rarely form one). */
const referral: fc.Arbitrary<Reply> = fc
  .record({
    zone: fc.constantFrom('t1', 't2', 'a.t1'),
    host: name,
    glue: fc.array(fc.constantFrom(...ADDRESSES, DEAD), { maxLength: 2 }),
  })
  .map(({ zone, host, glue }) => ({
    rcode: 0,
    aa: false,
    answers: [],
    authorities: [rec(zone, { type: 'NS', host })],
    additionals: glue.map((address) => rec(host, { type: 'A', address })),
  }));
const reply = fc.oneof(anyReply, referral);

let pool: Reply[] = [];
let servers: Responder[] = [];
let port = 0;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function respond(server: string, q: DnsMessage): DnsMessage {
  const question = q.questions[0]!;
  const r = pool[hash(`${server} ${question.name.toLowerCase()} ${question.type}`) % pool.length]!;
  return {
    header: { ...q.header, qr: true, aa: r.aa, ra: false, rcode: r.rcode },
    questions: q.questions,
    ...r,
  };
}

beforeAll(async () => {
  const first = await startResponder({
    address: ADDRESSES[0],
    udp: (c) => c.reply(respond(ADDRESSES[0]!, c.query)),
  });
  port = first.port;
  servers = [first];
  for (const address of ADDRESSES.slice(1)) {
    servers.push(await startResponder({ address, port, udp: (c) => c.reply(respond(address, c.query)) }));
  }
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

const asked = (): number => servers.reduce((n, s) => n + s.udpQueries.length, 0);

describe('iterative resolution against arbitrary servers', () => {
  it('always ends with an answer or a MailwrightError, within the query budget', async () => {
    const seen = new Map<string, number>();
    let most = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(reply, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('a.t1', 'b.t2', 'x.a.t1', 't1'),
        fc.constantFrom(RRType.A, RRType.MX, RRType.NS),
        // With a cache, sub-lookups start at learnt zone cuts (and fall back when those fail).
        fc.boolean(),
        async (replies, qname, qtype, cached) => {
          pool = replies;
          const resolver = new Resolver({
            mode: 'iterative',
            roots: [{ address: ADDRESSES[0]!, port }],
            serverPort: port,
            timeoutMs: 500,
            budgetMs: 5000,
            ...(cached ? {} : { cache: false as const }),
          });
          const before = asked();
          const outcome = await resolver.query(qname, qtype).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (outcome !== undefined) expect(outcome).toBeInstanceOf(MailwrightError);
          const kind = outcome === undefined ? 'answer' : ((outcome as MailwrightError).code ?? 'error');
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          most = Math.max(most, asked() - before);
          expect(asked() - before).toBeLessThanOrEqual(MAX_QUERIES);
        },
      ),
      { numRuns: 150 },
    );
    // The generator must reach the interesting paths, or the property proves little.
    expect(seen.get('answer') ?? 0).toBeGreaterThan(0);
    expect(seen.size).toBeGreaterThanOrEqual(2);
    expect(most).toBeGreaterThan(5);
  }, 60_000);
});
