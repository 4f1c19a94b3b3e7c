/** `mailwright dns ...` against the real BIND and Unbound (loopback only, always explicit). */
import { describe, expect, it } from 'vitest';
import { serverEnv } from '../../e2e/servers/env';
import { runCli } from '../cli/main';

const env = serverEnv();
const root = env.dns.root;
const unbound = env.dns.recursive;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: {} });
  return { code, out: out.join(''), err: err.join('') };
}

describe('mailwright dns mx', () => {
  it('--iterative --root --trace --json: exchanges in delivery order and the three steps', async () => {
    const r = await cli('dns', 'mx', 'example.test', '--iterative', '--root', root, '--trace', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      domain: string;
      nullMx: boolean;
      implicit: boolean;
      exchanges: { preference: number; exchange: string; addresses: string[] }[];
      trace: { server: string; kind: string; detail: string }[];
    };
    expect(j).toMatchObject({ domain: 'example.test', nullMx: false, implicit: false });
    expect(j.exchanges.map((x) => x.preference)).toEqual([10, 20, 20]);
    expect(j.exchanges[0]).toEqual({
      preference: 10,
      exchange: 'mx1.example.test',
      addresses: [env.mx.deadHost],
    });
    expect(j.trace.map((s) => s.kind)).toEqual(['referral', 'referral', 'answer']);
    expect(j.trace[0]).toMatchObject({ server: `${root}:53`, detail: 'referral to test (ns1.test)' });
  });

  it("--server (Unbound), people's output with --trace", async () => {
    const r = await cli('dns', 'mx', 'nomx.test', '--server', unbound, '--trace');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${unbound}:53  nomx.test MX  no MX record (NODATA)`);
    expect(r.out).toContain('nomx.test has no MX records; mail goes to the domain itself (implicit MX):');
    expect(r.out).toContain(`0 nomx.test  ${env.mx.host}`);
  });

  it('null MX and NXDOMAIN: one line each, exit 1', async () => {
    const n = await cli('dns', 'mx', 'nullmx.test', '--root', root);
    expect(n.code).toBe(1);
    expect(n.err).toMatch(/^mailwright: dns mx: The domain nullmx\.test accepts no mail[^\n]*\n$/);
    const x = await cli('dns', 'mx', 'anything.example.test', '--server', unbound);
    expect(x.code).toBe(1);
    expect(x.err).toMatch(
      /^mailwright: dns mx: The domain anything\.example\.test does not exist \(NXDOMAIN\)[^\n]*\n$/,
    );
  });

  it('a dead server: one line naming it, exit 1', async () => {
    const r = await cli('dns', 'query', 'example.test', 'A', '--server', '127.0.53.99');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^mailwright: dns query: [^\n]*127\.0\.53\.99:53[^\n]*\n$/);
  });
});

describe('mailwright dns query', () => {
  it('SRV through Unbound as JSON', async () => {
    const r = await cli(
      'dns',
      'query',
      '_submission._tcp.example.test',
      'SRV',
      '--server',
      unbound,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      name: '_submission._tcp.example.test',
      type: 'SRV',
      rcode: 'NOERROR',
      answers: [
        {
          name: '_submission._tcp.example.test',
          type: 'SRV',
          ttl: expect.any(Number),
          data: '10 1 587 smtp.example.test',
        },
      ],
    });
  });

  it('CNAME chain iteratively, one record per line', async () => {
    const r = await cli('dns', 'query', 'c1.example.test', 'A', '--root', root);
    expect(r.code).toBe(0);
    expect(
      r.out
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[3]),
    ).toEqual(['CNAME', 'CNAME', 'CNAME', 'A']);
    expect(r.out).toContain(`mail.example.test\t60\tIN\tA\t${env.mail.host}`);
  });

  it('TXT, and the big answer that needs TCP', async () => {
    const t = await cli('dns', 'query', 'example.test', 'TXT', '--server', unbound, '--json');
    expect((JSON.parse(t.out) as { answers: { data: string }[] }).answers.map((a) => a.data).sort()).toEqual([
      '"mailwright test domain"',
      '"v=spf1 ip4:127.0.1.1 -all"',
    ]);
    const b = await cli('dns', 'query', 'bigmx.test', 'MX', '--root', root, '--trace', '--json');
    const j = JSON.parse(b.out) as { answers: unknown[]; trace: { via?: string }[] };
    expect(j.answers.length).toBeGreaterThan(30);
    expect(j.trace.at(-1)?.via).toBe('tcp');
  });
});
