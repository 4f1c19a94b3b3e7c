import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  candidateKey,
  conventional,
  fromMx,
  fromSrv,
  mergeCandidates,
  mxBaseDomain,
  type Candidate,
} from './candidates';
import { best, combine, rankCandidates, type ProbeOutcome } from './rank';

describe('fromSrv', () => {
  it('maps each RFC 6186/8314 service to protocol and security, with the record named in the reason', () => {
    const out = fromSrv([
      {
        service: 'imaps',
        name: '_imaps._tcp.example.test',
        targets: [{ priority: 0, port: 993, target: 'IMAP.example.test.' }],
      },
      {
        service: 'submission',
        name: '_submission._tcp.example.test',
        targets: [{ priority: 10, port: 587, target: 'smtp.example.test' }],
      },
      {
        service: 'pop3',
        name: '_pop3._tcp.example.test',
        targets: [{ priority: 5, port: 110, target: 'pop.example.test' }],
      },
    ]);
    expect(out).toEqual([
      {
        protocol: 'imap',
        host: 'imap.example.test',
        port: 993,
        security: 'implicit',
        source: 'srv',
        reason: 'from SRV record _imaps._tcp.example.test',
        priority: 0,
      },
      {
        protocol: 'smtp',
        host: 'smtp.example.test',
        port: 587,
        security: 'starttls',
        source: 'srv',
        reason: 'from SRV record _submission._tcp.example.test',
        priority: 10,
      },
      {
        protocol: 'pop3',
        host: 'pop.example.test',
        port: 110,
        security: 'starttls',
        source: 'srv',
        reason: 'from SRV record _pop3._tcp.example.test',
        priority: 5,
      },
    ]);
  });

  it('skips "." targets, port 0 and unknown services', () => {
    expect(
      fromSrv([
        { service: 'imaps', name: '_imaps._tcp.x.test', targets: [{ priority: 0, port: 993, target: '' }] },
        {
          service: 'imap',
          name: '_imap._tcp.x.test',
          targets: [{ priority: 0, port: 0, target: 'imap.x.test' }],
        },
        {
          service: 'caldav',
          name: '_caldav._tcp.x.test',
          targets: [{ priority: 0, port: 80, target: 'dav.x.test' }],
        },
      ]),
    ).toEqual([]);
  });
});

describe('MX-derived candidates', () => {
  it('takes the MX host’s domain by dropping its first label, when two labels remain', () => {
    expect(mxBaseDomain('mx2.example.test')).toBe('example.test');
    expect(mxBaseDomain('aspmx.l.google.com.')).toBe('l.google.com');
    expect(mxBaseDomain('MX.Provider.NET')).toBe('provider.net');
    expect(mxBaseDomain('mx.test')).toBeUndefined();
    expect(mxBaseDomain('localhost')).toBeUndefined();
  });

  it('guesses imap./pop./smtp./mail. under each distinct MX domain, saying which MX', () => {
    const out = fromMx(['mx1.provider.net', 'mx2.provider.net', 'mx.other.org'], 'example.test');
    const hosts = new Set(out.map((c) => c.host));
    expect(hosts).toEqual(
      new Set([
        'imap.provider.net',
        'pop.provider.net',
        'smtp.provider.net',
        'mail.provider.net',
        'imap.other.org',
        'pop.other.org',
        'smtp.other.org',
        'mail.other.org',
      ]),
    );
    expect(out.every((c) => c.source === 'mx')).toBe(true);
    expect(out.find((c) => c.host === 'imap.provider.net')?.reason).toBe('derived from MX mx1.provider.net');
    expect(out.find((c) => c.host === 'imap.other.org')?.reason).toBe('derived from MX mx.other.org');
  });

  it('adds nothing when the MX lives in the address’s own domain (the conventional names cover it)', () => {
    expect(fromMx(['mx2.example.test', 'mx3.example.test'], 'example.test')).toEqual([]);
  });
});

describe('conventional names', () => {
  it('tries implicit TLS and STARTTLS ports on imap./pop./smtp./mail.', () => {
    const out = conventional('Example.TEST');
    expect(out.map(candidateKey)).toEqual([
      'imap imap.example.test:993',
      'imap imap.example.test:143',
      'imap mail.example.test:993',
      'imap mail.example.test:143',
      'pop3 pop.example.test:995',
      'pop3 pop.example.test:110',
      'pop3 mail.example.test:995',
      'pop3 mail.example.test:110',
      'smtp smtp.example.test:465',
      'smtp smtp.example.test:587',
      'smtp mail.example.test:465',
      'smtp mail.example.test:587',
    ]);
    expect(out[0]!.reason).toBe('conventional name imap.example.test');
    expect(out.filter((c) => c.port === 143).every((c) => c.security === 'starttls')).toBe(true);
  });
});

describe('mergeCandidates', () => {
  it('keeps each server once, with the most trusted reason', () => {
    const srv = fromSrv([
      {
        service: 'imaps',
        name: '_imaps._tcp.example.test',
        targets: [{ priority: 0, port: 993, target: 'imap.example.test' }],
      },
    ]);
    const merged = mergeCandidates(srv, conventional('example.test'));
    expect(merged).toHaveLength(12);
    expect(merged.filter((c) => c.host === 'imap.example.test' && c.port === 993)).toEqual(srv);
  });
});

function cand(over: Partial<Candidate>): Candidate {
  return {
    protocol: 'imap',
    host: 'h',
    port: 993,
    security: 'implicit',
    source: 'conventional',
    reason: 'r',
    priority: 0,
    ...over,
  };
}
const ok = (security: Candidate['security']): ProbeOutcome => ({
  ok: true,
  security,
  capabilities: ['IMAP4REV1'],
});
const failed: ProbeOutcome = { ok: false, error: { kind: 'network', message: 'refused.' } };

describe('rankCandidates', () => {
  it('orders by protocol, then reachable, then implicit > starttls > none, then SRV > MX > conventional, then SRV priority', () => {
    const cs = [
      cand({ protocol: 'smtp', host: 's1', security: 'implicit' }),
      cand({ host: 'conv-none', security: 'starttls' }),
      cand({ host: 'conv-starttls', security: 'starttls' }),
      cand({ host: 'srv-down', source: 'srv' }),
      cand({ host: 'conv-implicit' }),
      cand({ host: 'srv-prio10', source: 'srv', priority: 10 }),
      cand({ host: 'srv-prio0', source: 'srv', priority: 0 }),
      cand({ host: 'mx-implicit', source: 'mx' }),
      cand({ protocol: 'pop3', host: 'p1' }),
    ];
    const outcomes = [
      ok('implicit'),
      ok('none'),
      ok('starttls'),
      failed,
      ok('implicit'),
      ok('implicit'),
      ok('implicit'),
      ok('implicit'),
      ok('implicit'),
    ];
    const ranked = rankCandidates(cs, outcomes);
    expect(ranked.map((r) => r.host)).toEqual([
      'srv-prio0',
      'srv-prio10',
      'mx-implicit',
      'conv-implicit',
      'conv-starttls',
      'conv-none',
      'srv-down',
      'p1',
      's1',
    ]);
    expect(best(ranked, 'imap')?.host).toBe('srv-prio0');
    expect(best(ranked, 'pop3')?.host).toBe('p1');
  });

  it('reports what the probe found: a STARTTLS port without STARTTLS becomes security none, with a note', () => {
    const r = combine(cand({ security: 'starttls', port: 143 }), ok('none'));
    expect(r.security).toBe('none');
    expect(r.status).toBe('ok');
    expect(r.note).toMatch(/no TLS/);
    const f = combine(cand({}), failed);
    expect(f).toMatchObject({ status: 'failed', error: { kind: 'network' } });
    expect(f.capabilities).toBeUndefined();
  });

  it('keeps every candidate and never puts a failed one before a reachable one of its protocol (property)', () => {
    const arbCandidate = fc.record({
      protocol: fc.constantFrom('imap' as const, 'pop3' as const, 'smtp' as const),
      host: fc.constantFrom('a', 'b', 'c'),
      port: fc.integer({ min: 1, max: 65535 }),
      security: fc.constantFrom('implicit' as const, 'starttls' as const, 'none' as const),
      source: fc.constantFrom('srv' as const, 'mx' as const, 'conventional' as const),
      reason: fc.string(),
      priority: fc.integer({ min: 0, max: 100 }),
    });
    const arbOutcome = fc.oneof(
      fc.constantFrom('implicit' as const, 'starttls' as const, 'none' as const).map(ok),
      fc.constant(failed),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(arbCandidate, arbOutcome), { maxLength: 30 }), (pairs) => {
        const ranked = rankCandidates(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        );
        expect(ranked).toHaveLength(pairs.length);
        for (let i = 1; i < ranked.length; i++) {
          const a = ranked[i - 1]!;
          const b = ranked[i]!;
          if (a.protocol === b.protocol) expect(a.status === 'failed' && b.status === 'ok').toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});
