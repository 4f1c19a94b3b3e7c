/**
 * The resolver against the real servers from e2e/servers/start.sh: BIND playing the root
 * (127.0.53.1), the test. TLD (127.0.53.2) and the authoritative server (127.0.53.3), and
 * Unbound recursive (127.0.53.53). Every server named here is on loopback.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnv } from '../../e2e/servers/env';
import { MailwrightError } from '../model/errors';
import { rrsetAtChainEnd } from './answer';
import { lookupHost } from './lookup';
import { resolveMx } from './mx';
import { Resolver } from './resolver';
import { resolveSrv } from './srv';
import type { TraceStep } from './trace';
import { exchange } from './transport';
import { Rcode, RRType } from './types';
import { decodeMessage, encodeMessage } from './codec';

const env = serverEnv();
const root = { address: env.dns.root, port: env.dns.port };
const unbound = { address: env.dns.recursive, port: env.dns.port };
const auth = { address: env.dns.auth, port: env.dns.port };
/** Nothing listens there: the kernel answers "port unreachable". */
const dead = { address: '127.0.53.99', port: 53 };

const iterative = (): Resolver => new Resolver({ mode: 'iterative', roots: [root], timeoutMs: 2000 });
const stub = (): Resolver => new Resolver({ servers: [unbound], timeoutMs: 2000, attempts: 2 });

const err = (p: Promise<unknown>): Promise<MailwrightError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as MailwrightError,
  );

describe.each([
  ['iterative from the root', iterative],
  ['stub through Unbound', stub],
])('%s', (_mode, make) => {
  it('MX of example.test: preference order, equal ones in either order, addresses', async () => {
    const res = await resolveMx(make(), 'example.test');
    expect(res.implicit).toBe(false);
    expect(res.exchanges[0]).toEqual({
      preference: 10,
      exchange: 'mx1.example.test',
      addresses: [env.mx.deadHost],
    });
    expect(
      res.exchanges
        .slice(1)
        .map((x) => x.exchange)
        .sort(),
    ).toEqual(['mx2.example.test', 'mx3.example.test']);
    for (const x of res.exchanges.slice(1))
      expect(x).toMatchObject({ preference: 20, addresses: [env.mx.host] });
  });

  it('null MX → no-mail, and no address lookup', async () => {
    const trace: TraceStep[] = [];
    const e = await err(resolveMx(make(), 'nullmx.test', { trace }));
    expect(e.kind).toBe('no-mail');
    expect(trace.every((s) => s.type === 'MX')).toBe(true);
  });

  it('implicit MX for a domain with only an A record', async () => {
    expect(await resolveMx(make(), 'nomx.test')).toEqual({
      domain: 'nomx.test',
      nullMx: false,
      implicit: true,
      exchanges: [{ preference: 0, exchange: 'nomx.test', addresses: [env.mx.host] }],
    });
  });

  it('CNAME chain c1 → c2 → c3 → mail', async () => {
    const r = await make().query('c1.example.test', RRType.A);
    expect(r.answers.filter((a) => a.type === RRType.CNAME).map((a) => a.name)).toEqual([
      'c1.example.test',
      'c2.example.test',
      'c3.example.test',
    ]);
    expect(rrsetAtChainEnd(r.answers, 'c1.example.test', RRType.A).records.map((a) => a.data)).toEqual([
      { type: 'A', address: env.mail.host },
    ]);
  });

  it('SRV records of RFC 6186 / RFC 8314', async () => {
    const resolver = make();
    const expected = {
      imaps: ['imap.example.test', 993],
      imap: ['imap.example.test', 143],
      pop3s: ['pop.example.test', 995],
      pop3: ['pop.example.test', 110],
      submissions: ['smtp.example.test', 465],
      submission: ['smtp.example.test', 587],
    } as const;
    for (const [service, [target, port]] of Object.entries(expected)) {
      const r = await resolveSrv(resolver, service, 'tcp', 'example.test');
      expect(r.targets.map((t) => [t.target, t.port])).toEqual([[target, port]]);
    }
  });

  it('NXDOMAIN: query says so, MX is a dns error, and the answer is cached negatively', async () => {
    const resolver = make();
    // A name nobody asked before: an NXDOMAIN that Unbound had cached for a while would come
    // with its TTL counted down, possibly to 0, which must not be cached (and then this failed).
    const name = `nx-${process.pid}-${Date.now().toString(36)}.example.test`;
    const r = await resolver.query(name, RRType.MX);
    expect(r.rcode).toBe(Rcode.NXDOMAIN);
    expect(r.authorities.some((a) => a.type === RRType.SOA)).toBe(true);
    expect((await resolver.query(name.toUpperCase(), RRType.MX)).fromCache).toBe(true);
    const e = await err(resolveMx(resolver, name));
    expect(e.kind).toBe('dns');
    expect(e.code).toBe('NXDOMAIN');
  });

  it('MX through a glueless delegation', async () => {
    const res = await resolveMx(make(), 'glueless.test');
    expect(res.exchanges).toEqual([
      { preference: 10, exchange: 'mx2.example.test', addresses: [env.mx.host] },
    ]);
  });

  it('an answer too big for 1232 bytes comes over TCP', async () => {
    const trace: TraceStep[] = [];
    const r = await make().query('bigmx.test', RRType.MX, { trace });
    expect(r.answers.filter((a) => a.type === RRType.MX).length).toBeGreaterThan(30);
    expect(trace.at(-1)?.via).toBe('tcp');
  });

  it('lookupHost: A then AAAA', async () => {
    expect(await lookupHost('mail.example.test', make())).toEqual([env.mail.host, '::1']);
  });
});

describe('iterative details', () => {
  it('the trace shows referral, referral, answer from root, TLD, authoritative', async () => {
    const trace: TraceStep[] = [];
    await iterative().query('example.test', RRType.MX, { trace });
    expect(trace.map((s) => [s.server, s.kind])).toEqual([
      [`${env.dns.root}:53`, 'referral'],
      [`${env.dns.tld}:53`, 'referral'],
      [`${env.dns.auth}:53`, 'answer'],
    ]);
    expect(trace[0]?.detail).toBe('referral to test (ns1.test)');
    expect(trace[1]?.detail).toBe('referral to example.test (ns1.example.test)');
  });

  it('the glueless trace resolves the name server from the root first (no cache)', async () => {
    const trace: TraceStep[] = [];
    const resolver = new Resolver({ mode: 'iterative', roots: [root], timeoutMs: 2000, cache: false });
    await resolver.query('glueless.test', RRType.MX, { trace });
    expect(trace.map((s) => `${s.name} ${s.type} ${s.kind}`)).toEqual([
      'glueless.test MX referral',
      'glueless.test MX referral',
      'ns-glueless.example.test A referral',
      'ns-glueless.example.test A referral',
      'ns-glueless.example.test A answer',
      'glueless.test MX answer',
    ]);
  });

  it('with a cache, later lookups start at the zone cuts already learnt', async () => {
    const resolver = iterative();
    const first: TraceStep[] = [];
    await resolver.query('glueless.test', RRType.MX, { trace: first });
    // The name server's own lookup already started at the TLD, learnt a moment before.
    expect(first.map((s) => `${s.server} ${s.name} ${s.kind}`)).toEqual([
      `${env.dns.root}:53 glueless.test referral`,
      `${env.dns.tld}:53 glueless.test referral`,
      `${env.dns.tld}:53 ns-glueless.example.test referral`,
      `${env.dns.auth}:53 ns-glueless.example.test answer`,
      `${env.dns.auth}:53 glueless.test answer`,
    ]);
    const second: TraceStep[] = [];
    await resolver.query('mail.example.test', RRType.AAAA, { trace: second });
    expect(second.map((s) => `${s.server} ${s.kind}`)).toEqual([`${env.dns.auth}:53 answer`]);
  });

  it('a dead root first: the next root answers', async () => {
    const resolver = new Resolver({ mode: 'iterative', roots: [dead, root], timeoutMs: 2000 });
    const trace: TraceStep[] = [];
    const r = await resolver.query('mail.example.test', RRType.A, { trace });
    expect(r.answers.map((a) => a.data)).toEqual([{ type: 'A', address: env.mail.host }]);
    expect(trace[0]).toMatchObject({ server: '127.0.53.99:53', kind: 'error' });
  });

  it('a lame server (the authoritative server asked as if it were a root) is skipped', async () => {
    // The auth view serves only its own zones: for test. it answers REFUSED.
    const resolver = new Resolver({ mode: 'iterative', roots: [auth, root], timeoutMs: 2000 });
    const trace: TraceStep[] = [];
    const r = await resolver.query('www.nosuch.test', RRType.A, { trace });
    expect(trace[0]).toMatchObject({ server: `${env.dns.auth}:53`, kind: 'error' });
    expect(r.rcode).toBe(Rcode.NXDOMAIN);
  });

  it('stops at the query limit', async () => {
    const resolver = new Resolver({ mode: 'iterative', roots: [root], maxQueries: 2 });
    const e = await err(resolver.query('example.test', RRType.MX));
    expect(e.code).toBe('DNS_QUERY_LIMIT');
  });
});

describe('transport against real servers', () => {
  it('medmx.test: truncated only without EDNS (so EDNS 1232 keeps it on UDP)', async () => {
    const q = { name: 'medmx.test', type: RRType.MX, class: 1 };
    const plain = await exchange(auth, q, { timeoutMs: 2000, rd: false, edns: false });
    const withEdns = await exchange(auth, q, { timeoutMs: 2000, rd: false });
    expect(plain.via).toBe('tcp');
    expect(withEdns.via).toBe('udp');
    expect(plain.message.answers).toHaveLength(withEdns.message.answers.length);
  });

  it('bigmx.test through Unbound: TC over UDP, full answer over TCP', async () => {
    const r = await exchange(
      unbound,
      { name: 'bigmx.test', type: RRType.MX, class: 1 },
      { timeoutMs: 3000, rd: true },
    );
    expect(r.via).toBe('tcp');
    expect(r.message.header.tc).toBe(false);
  });
});

describe('failing servers', () => {
  let blackhole: Socket;
  beforeAll(async () => {
    // A server that takes packets and never answers (unlike 127.0.53.99, which refuses).
    blackhole = createSocket('udp4');
    await new Promise<void>((r) => blackhole.bind(0, '127.0.53.98', () => r()));
  });
  afterAll(() => blackhole.close());
  const silent = () => ({ address: '127.0.53.98', port: blackhole.address().port });

  it('a dead first server, then a silent one: Unbound answers within the budget', async () => {
    const resolver = new Resolver({
      servers: [dead, silent(), unbound],
      timeoutMs: 300,
      attempts: 1,
      budgetMs: 5000,
    });
    const trace: TraceStep[] = [];
    const r = await resolver.query('mail.example.test', RRType.A, { trace });
    expect(r.answers.map((a) => a.data)).toEqual([{ type: 'A', address: env.mail.host }]);
    expect(trace.map((s) => s.kind)).toEqual(['error', 'error', 'answer']);
  });

  it('a silent server with a long per-try timeout cannot outlast the budget', async () => {
    const resolver = new Resolver({ servers: [silent()], timeoutMs: 600_000, attempts: 3, budgetMs: 300 });
    const e = await err(resolver.query('mail.example.test', RRType.A));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain(`127.0.53.98:${blackhole.address().port}`);
  });

  it('only dead servers: a network error naming them', async () => {
    const e = await err(
      new Resolver({ servers: [dead], timeoutMs: 300, attempts: 2 }).query('example.test', RRType.A),
    );
    expect(e.kind).toBe('network');
    expect(e.message).toContain('127.0.53.99:53');
  });
});

describe('spoofed answers', () => {
  // A small forwarding responder (a mock: no real server misbehaves like this). For each
  // query it first sends forged answers (wrong ID; right ID from the wrong port), then
  // relays the question to Unbound and returns Unbound's real answer.
  let front: Socket;
  let spoofer: Socket;
  let forged = 0;
  beforeAll(async () => {
    front = createSocket('udp4');
    spoofer = createSocket('udp4');
    await new Promise<void>((r) => front.bind(0, '127.0.0.1', () => r()));
    await new Promise<void>((r) => spoofer.bind(0, '127.0.0.1', () => r()));
    front.on('message', (bytes, client) => {
      const query = decodeMessage(bytes);
      const lie = (id: number) =>
        encodeMessage({
          header: { ...query.header, id, qr: true, ra: true },
          questions: query.questions,
          answers: [
            {
              name: query.questions[0]!.name,
              type: RRType.A,
              class: 1,
              ttl: 3600,
              data: { type: 'A', address: '6.6.6.6' },
            },
          ],
          authorities: [],
          additionals: [],
        });
      front.send(lie((query.header.id + 1) & 0xffff), client.port, client.address);
      spoofer.send(lie(query.header.id), client.port, client.address);
      forged += 2;
      const upstream = createSocket('udp4');
      upstream.on('message', (real) => {
        front.send(real, client.port, client.address);
        upstream.close();
      });
      upstream.send(bytes, unbound.port, unbound.address);
    });
  });
  afterAll(() => {
    front.close();
    spoofer.close();
  });

  it('are ignored, and the real answer is used', async () => {
    const resolver = new Resolver({
      servers: [{ address: '127.0.0.1', port: front.address().port }],
      timeoutMs: 3000,
      attempts: 1,
    });
    const r = await resolver.query('mail.example.test', RRType.A);
    expect(forged).toBe(2);
    expect(r.answers.map((a) => a.data)).toEqual([{ type: 'A', address: env.mail.host }]);
  });
});
