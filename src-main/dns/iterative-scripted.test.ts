/**
 * Iterative resolution against scripted servers on 127.0.54.x (mocks: the real BIND
 * setup has no cross-zone CNAME, no server that plants foreign records and no CNAME loop;
 * the rest runs against BIND in resolver.int.test.ts). Zones: the root delegates t1 to
 * 127.0.54.2 and t2 to 127.0.54.3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { resolveMx } from './mx';
import { Resolver } from './resolver';
import { startResponder, type Responder } from './testing/responder';
import type { TraceStep } from './trace';
import { Rcode, RRType, type DnsMessage, type ResourceRecord } from './types';

const ROOT = '127.0.54.1';
const T1 = '127.0.54.2';
const T2 = '127.0.54.3';

const rr = (name: string, data: ResourceRecord['data']): ResourceRecord => ({
  name,
  type: RRType[data.type as keyof typeof RRType],
  class: 1,
  ttl: 60,
  data,
});
const reply = (q: DnsMessage, parts: Partial<DnsMessage>, aa = true, rcode = 0): DnsMessage => ({
  header: { ...q.header, qr: true, aa, ra: false, rcode },
  questions: q.questions,
  answers: [],
  authorities: [],
  additionals: [],
  ...parts,
});
const soa = (zone: string): ResourceRecord =>
  rr(zone, {
    type: 'SOA',
    mname: `ns.${zone}`,
    rname: 'h',
    serial: 1,
    refresh: 1,
    retry: 1,
    expire: 1,
    minimum: 30,
  });

function root(q: DnsMessage): DnsMessage {
  const name = q.questions[0]!.name.toLowerCase();
  for (const [zone, address] of [
    ['t1', T1],
    ['t2', T2],
  ] as const) {
    if (name === zone || name.endsWith(`.${zone}`)) {
      return reply(
        q,
        {
          authorities: [rr(zone, { type: 'NS', host: `ns.${zone}` })],
          additionals: [rr(`ns.${zone}`, { type: 'A', address })],
        },
        false,
      );
    }
  }
  return reply(q, { authorities: [soa('')] }, true, Rcode.NXDOMAIN);
}

function t1(q: DnsMessage): DnsMessage {
  const name = q.questions[0]!.name.toLowerCase();
  if (name === 'a.t1') {
    return reply(q, {
      answers: [
        rr('a.t1', { type: 'CNAME', target: 'b.t2' }),
        // Planted: t1's server has no say over t2.
        rr('b.t2', { type: 'A', address: '6.6.6.6' }),
      ],
    });
  }
  const loop = /^loop(\d+)\.t1$/.exec(name);
  if (loop !== null) {
    // Each answer gives one link only, so the resolver must follow the chain itself.
    return reply(q, { answers: [rr(name, { type: 'CNAME', target: `loop${Number(loop[1]) + 1}.t2` })] });
  }
  if (name === 'mx.t1' && q.questions[0]!.type === RRType.MX) {
    return reply(q, {
      answers: [rr(name, { type: 'MX', preference: 10, exchange: 'mail.t2' })],
      // Planted: an address for a host in another zone.
      additionals: [rr('mail.t2', { type: 'A', address: '6.6.6.6' })],
    });
  }
  // A server that gives one link at a time even inside its own zone.
  if (name === 'short.t1') return reply(q, { answers: [rr(name, { type: 'CNAME', target: 'short2.t1' })] });
  if (name === 'short2.t1') return reply(q, { answers: [rr(name, { type: 'A', address: '127.0.9.8' })] });
  if (name === 'dangling.t1') return reply(q, { answers: [rr(name, { type: 'CNAME', target: 'empty.t1' })] });
  if (name === 'empty.t1') return reply(q, { authorities: [soa('t1')] });
  if (name === 'up.t1') {
    // An upward referral: a lame server.
    return reply(q, { authorities: [rr('', { type: 'NS', host: 'a.root' })] }, false);
  }
  return reply(q, { authorities: [soa('t1')] }, true, Rcode.NXDOMAIN);
}

function t2(q: DnsMessage): DnsMessage {
  const name = q.questions[0]!.name.toLowerCase();
  if (name === 'mail.t2' && q.questions[0]!.type === RRType.A) {
    return reply(q, { answers: [rr(name, { type: 'A', address: '127.0.9.7' })] });
  }
  if (name === 'b.t2') return reply(q, { answers: [rr('b.t2', { type: 'A', address: '127.0.9.9' })] });
  const loop = /^loop(\d+)\.t2$/.exec(name);
  if (loop !== null)
    return reply(q, { answers: [rr(name, { type: 'CNAME', target: `loop${Number(loop[1]) + 1}.t1` })] });
  return reply(q, { authorities: [soa('t2')] }, true, Rcode.NXDOMAIN);
}

let servers: Responder[] = [];
let port = 0;
beforeAll(async () => {
  const r = await startResponder({ address: ROOT, udp: (c) => c.reply(root(c.query)) });
  port = r.port;
  servers = [
    r,
    await startResponder({ address: T1, port, udp: (c) => c.reply(t1(c.query)) }),
    await startResponder({ address: T2, port, udp: (c) => c.reply(t2(c.query)) }),
  ];
});
afterAll(() => Promise.all(servers.map((s) => s.close())));

const resolver = (): Resolver =>
  new Resolver({
    mode: 'iterative',
    roots: [{ address: ROOT, port }],
    serverPort: port,
    timeoutMs: 1000,
    cache: false,
  });

describe('iterative resolution (scripted zones)', () => {
  it('follows a CNAME into another zone from the root, ignoring records planted by the first server', async () => {
    const trace: TraceStep[] = [];
    const r = await resolver().query('a.t1', RRType.A, { trace });
    expect(r.answers.map((a) => [a.name, a.data])).toEqual([
      ['a.t1', { type: 'CNAME', target: 'b.t2' }],
      ['b.t2', { type: 'A', address: '127.0.9.9' }],
    ]);
    expect(trace.map((s) => `${s.server.split(':')[0]} ${s.name} ${s.kind}`)).toEqual([
      `${ROOT} a.t1 referral`,
      `${T1} a.t1 cname`,
      `${ROOT} b.t2 referral`,
      `${T2} b.t2 answer`,
    ]);
  });

  it('MX: an exchange address planted in the additional section by another zone is not used', async () => {
    const res = await resolveMx(resolver(), 'mx.t1');
    expect(res.exchanges).toEqual([{ preference: 10, exchange: 'mail.t2', addresses: ['127.0.9.7'] }]);
  });

  it('stops a CNAME chain longer than 8 links', async () => {
    const e = (await resolver()
      .query('loop0.t1', RRType.A)
      .catch((x: unknown) => x)) as MailwrightError;
    expect(e).toBeInstanceOf(MailwrightError);
    expect(e.code).toBe('DNS_CNAME_CHAIN');
    expect(e.message).toContain('longer than 8 links');
  });

  it('treats an upward referral as lame and reports that no server answered', async () => {
    const trace: TraceStep[] = [];
    const e = (await resolver()
      .query('up.t1', RRType.A, { trace })
      .catch((x: unknown) => x)) as MailwrightError;
    expect(e.kind).toBe('dns');
    expect(e.message).toContain(`No name server for t1 (${T1}:${port}) gave a usable answer`);
    expect(trace.at(-1)).toMatchObject({ kind: 'error', detail: expect.stringContaining('lame') });
  });

  it('continues a chain the server did not follow inside its own zone', async () => {
    const r = await resolver().query('short.t1', RRType.A);
    expect(r.answers.map((a) => a.data)).toEqual([
      { type: 'CNAME', target: 'short2.t1' },
      { type: 'A', address: '127.0.9.8' },
    ]);
  });

  it('a chain ending in a name without the type is no data, with the chain kept', async () => {
    const trace: TraceStep[] = [];
    const r = await resolver().query('dangling.t1', RRType.A, { trace });
    expect(r.rcode).toBe(Rcode.NOERROR);
    expect(r.answers.map((a) => a.data)).toEqual([{ type: 'CNAME', target: 'empty.t1' }]);
    expect(trace.at(-1)).toMatchObject({ name: 'empty.t1', kind: 'nodata' });
  });

  it('with a cache, starts at a learnt zone; a learnt zone whose servers died sends it back to the root', async () => {
    const cached = new Resolver({
      mode: 'iterative',
      roots: [{ address: ROOT, port }],
      serverPort: port,
      timeoutMs: 1000,
    });
    await cached.query('b.t2', RRType.A);
    const again: TraceStep[] = [];
    await cached.query('short2.t1', RRType.A); // learns t1
    await cached.query('short.t1', RRType.A, { trace: again });
    // Both links asked of t1's server directly; the root is not asked again.
    expect(again.map((s) => s.server.split(':')[0])).toEqual([T1, T1]);

    // A resolver whose cache says t1 is served by a dead address.
    const { DelegationCache } = await import('./delegations');
    const { iterativeQuery } = await import('./iterative');
    const delegations = new DelegationCache();
    delegations.put('t1', [{ host: 'ns.t1', addresses: [{ address: '127.0.54.9', port }] }], 300);
    const trace: TraceStep[] = [];
    const r = await iterativeQuery(
      { name: 'short2.t1', type: RRType.A, class: 1 },
      {
        roots: [{ address: ROOT, port }],
        serverPort: port,
        timeoutMs: 1000,
        deadline: performance.now() + 5000,
        trace,
        delegations,
      },
    );
    expect(r.answers.map((a) => a.data)).toEqual([{ type: 'A', address: '127.0.9.8' }]);
    expect(trace.map((s) => `${s.server.split(':')[0]} ${s.kind}`)).toEqual([
      '127.0.54.9 error',
      `${ROOT} referral`,
      `${T1} answer`,
    ]);
  });

  it('NXDOMAIN from the root for an unknown TLD', async () => {
    const r = await resolver().query('x.nope', RRType.A);
    expect(r.rcode).toBe(Rcode.NXDOMAIN);
  });
});
