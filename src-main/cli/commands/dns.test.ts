import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, aRecord, startResponder, type Responder } from '../../dns/testing/responder';
import { RRType, type DnsMessage, type ResourceRecord } from '../../dns/types';
import { runCli } from '../main';

// A scripted loopback server (a mock; the same commands run against BIND and Unbound in
// src-main/dns/cli.int.test.ts). It answers from a small table.
const mx = (name: string, preference: number, exchange: string): ResourceRecord => ({
  name,
  type: RRType.MX,
  class: 1,
  ttl: 300,
  data: { type: 'MX', preference, exchange },
});
function respond(q: DnsMessage): DnsMessage | undefined {
  const { name, type } = q.questions[0]!;
  const key = `${name.toLowerCase()} ${type}`;
  if (key === `d.test ${RRType.MX}`) return answer(q, [mx('d.test', 10, 'mx.d.test')]);
  if (key === `mx.d.test ${RRType.A}`) return answer(q, [aRecord('mx.d.test', '127.0.9.1')]);
  if (key === `null.test ${RRType.MX}`) return answer(q, [mx('null.test', 0, '')]);
  if (key === `refused.test ${RRType.A}`) return answer(q, [], { rcode: 5 });
  if (key === `servfail.test ${RRType.A}`) return answer(q, [], { rcode: 2 });
  if (key === `broken.test ${RRType.A}`) return undefined;
  if (name.toLowerCase().endsWith('d.test')) return answer(q, []);
  return answer(q, [], { rcode: 3 });
}

let server: Responder;
let at: string;
beforeAll(async () => {
  server = await startResponder({
    udp: (c) => {
      // A server that takes the question and never answers.
      if (c.query.questions[0]?.name.toLowerCase() === 'silent.test') return;
      const r = respond(c.query);
      if (r !== undefined) return c.reply(r);
      // A reply with our ID that promises a question it does not contain.
      const bytes = new Uint8Array(12);
      bytes.set([c.query.header.id >> 8, c.query.header.id & 0xff, 0x81, 0x80, 0, 1]);
      c.reply(bytes);
    },
  });
  at = `127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {} }, out, err };
}

describe('mailwright dns mx', () => {
  it("prints the exchanges as JSON in the issue's shape", async () => {
    const t = io();
    expect(await runCli(['dns', 'mx', 'd.test', '--server', at, '--json'], t.io)).toBe(0);
    expect(JSON.parse(t.out.join(''))).toEqual({
      domain: 'd.test',
      nullMx: false,
      implicit: false,
      exchanges: [{ preference: 10, exchange: 'mx.d.test', addresses: ['127.0.9.1'] }],
    });
  });

  it('--trace adds one line per step (JSON: a trace array)', async () => {
    const t = io();
    expect(await runCli(['dns', 'mx', 'd.test', '--server', at, '--trace'], t.io)).toBe(0);
    const text = t.out.join('');
    expect(text).toContain(`${at}  d.test MX  MX 10 mx.d.test`);
    expect(text).toMatch(/10 mx\.d\.test {2}127\.0\.9\.1/);
    const j = io();
    await runCli(['dns', 'mx', 'd.test', '--server', at, '--trace', '--json'], j.io);
    const trace = (JSON.parse(j.out.join('')) as { trace: { kind: string; server: string }[] }).trace;
    expect(trace.map((s) => s.kind)).toEqual(['answer', 'answer', 'nodata']);
    expect(trace[0]?.server).toBe(at);
  });

  it('null MX: one error line, exit 1; JSON says nullMx', async () => {
    const t = io();
    expect(await runCli(['dns', 'mx', 'null.test', '--server', at, '--json'], t.io)).toBe(1);
    expect(JSON.parse(t.out.join(''))).toMatchObject({ domain: 'null.test', nullMx: true, exchanges: [] });
    expect(t.err.join('')).toMatch(/^mailwright: dns mx: The domain null\.test accepts no mail[^\n]*\n$/);
  });

  it('NXDOMAIN: one error line, exit 1', async () => {
    const t = io();
    expect(await runCli(['dns', 'mx', 'nope.test', '--server', at], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(
      /^mailwright: dns mx: The domain nope\.test does not exist \(NXDOMAIN\)[^\n]*\n$/,
    );
  });

  it('usage errors: bad server, --server with --root, wrong arguments → exit 2', async () => {
    for (const argv of [
      ['dns', 'mx', 'd.test', '--server', 'dns.google'],
      ['dns', 'mx', 'd.test', '--server', at, '--root', '127.0.53.1'],
      ['dns', 'mx'],
      ['dns', 'query', 'd.test', 'BOGUS', '--server', at],
    ]) {
      const t = io();
      expect(await runCli(argv, t.io)).toBe(2);
      expect(t.err.join('').split('\n')).toHaveLength(2);
    }
  });
});

describe('mailwright dns query', () => {
  it('prints the answers as JSON', async () => {
    const t = io();
    expect(await runCli(['dns', 'query', 'mx.d.test', 'a', '--server', at, '--json'], t.io)).toBe(0);
    expect(JSON.parse(t.out.join(''))).toEqual({
      name: 'mx.d.test',
      type: 'A',
      rcode: 'NOERROR',
      answers: [{ name: 'mx.d.test', type: 'A', ttl: 60, data: '127.0.9.1' }],
    });
  });

  it('REFUSED: one line naming the server, exit 1', async () => {
    const t = io();
    expect(await runCli(['dns', 'query', 'refused.test', 'A', '--server', at], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(
      new RegExp(`^mailwright: dns query: The DNS server ${at} refused to answer[^\\n]*\\n$`),
    );
  });

  it('SERVFAIL: one line naming the server, exit 1', async () => {
    const t = io();
    expect(await runCli(['dns', 'query', 'servfail.test', 'A', '--server', at], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(
      new RegExp(`^mailwright: dns query: The DNS server ${at} failed to answer \\(SERVFAIL\\)[^\\n]*\\n$`),
    );
  });

  it('a timeout: one line naming the servers tried, exit 1', async () => {
    const t = io();
    const fast = new URL('../../dns/fixtures/resolv-fast.conf', import.meta.url).pathname;
    const env = { MAILWRIGHT_RESOLV_CONF: fast };
    // Nothing listens on the second server's port: it is tried and named too.
    const argv = ['dns', 'mx', 'silent.test', '--server', at, '--server', '127.0.0.1:9'];
    expect(await runCli(argv, { ...t.io, env })).toBe(1);
    expect(t.err.join('')).toMatch(
      new RegExp(
        `^mailwright: dns mx: No DNS answer for silent.test MX from ${at}, 127.0.0.1:9 in time[^\\n]*\\n$`,
      ),
    );
  });

  it('a malformed answer: one line saying so, exit 1', async () => {
    const t = io();
    const fast = new URL('../../dns/fixtures/resolv-fast.conf', import.meta.url).pathname;
    const env = { MAILWRIGHT_RESOLV_CONF: fast };
    expect(await runCli(['dns', 'query', 'broken.test', 'A', '--server', at], { ...t.io, env })).toBe(1);
    expect(t.err.join('')).toMatch(
      /^mailwright: dns query: The DNS server sent a malformed message \([^\n]*\n$/,
    );
  });

  it('without --server reads the file named by MAILWRIGHT_RESOLV_CONF (the guard still applies)', async () => {
    const t = io();
    const conf = new URL('../../dns/fixtures/resolv-public.conf', import.meta.url).pathname;
    expect(
      await runCli(['dns', 'query', 'example.com', 'A'], { ...t.io, env: { MAILWRIGHT_RESOLV_CONF: conf } }),
    ).toBe(1);
    expect(t.err.join('')).toContain('MAILWRIGHT_DNS_LOOPBACK_ONLY=1 allows only loopback servers');
  });
});
