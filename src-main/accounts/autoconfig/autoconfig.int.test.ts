/**
 * Autoconfiguration against the test DNS hierarchy (through Unbound 127.0.53.53, and
 * iterating from the BIND root) and the real Dovecot/Postfix on 127.0.1.1:
 * - example.test publishes SRV records for every service: IMAPS 993 from SRV comes first;
 * - glueless.test has only an MX into example.test: candidates derived from that MX;
 * - nomx.test has neither SRV nor MX: conventional names, none exist → nothing found.
 * Every probe's certificate is verified against the name (the test CA covers imap., pop.,
 * smtp. and mail.example.test).
 */
import { describe, expect, it } from 'vitest';
import { serverEnv } from '../../../e2e/servers/env';
import { Resolver } from '../../dns/resolver';
import { autoconfigure } from './autoconfig';

const env = serverEnv();
const unbound = new Resolver({
  servers: [{ address: env.dns.recursive, port: env.dns.port }],
  timeoutMs: 2000,
  attempts: 2,
});
const iterative = new Resolver({
  mode: 'iterative',
  roots: [{ address: env.dns.root, port: env.dns.port }],
  timeoutMs: 2000,
});

describe.each([
  ['stub through Unbound', unbound],
  ['iterative from the BIND root', iterative],
])('autoconfigure (%s)', (_, resolver) => {
  it('example.test: IMAPS 993 from SRV first, then the rest, all verified and ranked', async () => {
    const r = await autoconfigure('alice@example.test', { resolver, ca: env.caPem });
    expect(r.found).toBe(true);
    expect(r.notes).toEqual([]);
    const first = r.candidates[0]!;
    expect(first).toMatchObject({
      protocol: 'imap',
      host: 'imap.example.test',
      port: 993,
      security: 'implicit',
      source: 'srv',
      reason: 'from SRV record _imaps._tcp.example.test',
      status: 'ok',
    });
    expect(first.capabilities).toContain('IMAP4REV1');
    expect(r.incoming).toEqual(first);
    expect(r.outgoing).toMatchObject({
      protocol: 'smtp',
      host: 'smtp.example.test',
      port: 465,
      security: 'implicit',
      reason: 'from SRV record _submissions._tcp.example.test',
      status: 'ok',
    });

    const imap = r.candidates.filter((c) => c.protocol === 'imap');
    expect(imap.map((c) => `${c.host}:${c.port} ${c.security} ${c.source}`)).toEqual([
      'imap.example.test:993 implicit srv',
      'mail.example.test:993 implicit conventional',
      'imap.example.test:143 starttls srv',
      'mail.example.test:143 starttls conventional',
    ]);
    expect(imap.every((c) => c.status === 'ok')).toBe(true);
    // STARTTLS really happened: Dovecot only advertises AUTH=PLAIN after TLS.
    expect(imap[2]!.capabilities).toContain('AUTH=PLAIN');
    expect(imap[2]!.capabilities).not.toContain('LOGINDISABLED');

    const pop3 = r.candidates.find((c) => c.protocol === 'pop3')!;
    expect(pop3).toMatchObject({
      host: 'pop.example.test',
      port: 995,
      reason: 'from SRV record _pop3s._tcp.example.test',
      status: 'ok',
    });
    expect(pop3.capabilities).toContain('UIDL');

    const starttlsSmtp = r.candidates.find(
      (c) => c.protocol === 'smtp' && c.port === 587 && c.source === 'srv',
    )!;
    expect(starttlsSmtp).toMatchObject({
      security: 'starttls',
      status: 'ok',
      reason: 'from SRV record _submission._tcp.example.test',
    });
    // Postfix's submission port offers AUTH only after STARTTLS: the upgrade happened.
    expect(starttlsSmtp.capabilities).toContain('AUTH');
  });

  it('glueless.test (only an MX into example.test): candidates derived from the MX', async () => {
    const r = await autoconfigure('someone@glueless.test', { resolver, ca: env.caPem });
    expect(r.found).toBe(true);
    expect(r.incoming).toMatchObject({
      protocol: 'imap',
      host: 'imap.example.test',
      port: 993,
      source: 'mx',
      reason: 'derived from MX mx2.example.test',
    });
    expect(r.outgoing).toMatchObject({
      host: 'smtp.example.test',
      port: 465,
      reason: 'derived from MX mx2.example.test',
    });
    // The conventional guesses under glueless.test do not exist, and say so.
    const own = r.candidates.filter((c) => c.host.endsWith('.glueless.test'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((c) => c.status === 'failed' && c.error?.kind === 'dns')).toBe(true);
  });

  it('nomx.test (no SRV, no MX): conventional names only, none reachable → nothing found', async () => {
    const r = await autoconfigure('x@nomx.test', { resolver, ca: env.caPem });
    expect(r.found).toBe(false);
    expect(r.incoming).toBeUndefined();
    expect(r.outgoing).toBeUndefined();
    expect(r.candidates).toHaveLength(12);
    expect(r.candidates.every((c) => c.source === 'conventional' && c.status === 'failed')).toBe(true);
    expect(r.candidates[0]).toMatchObject({
      host: 'imap.nomx.test',
      reason: 'conventional name imap.nomx.test',
    });
    expect(r.candidates[0]!.error?.message).toMatch(/imap\.nomx\.test/);
  });
});

describe('autoconfigure, certificate checks', () => {
  it('without the test CA every TLS probe fails as a tls error, and nothing is suggested', async () => {
    const r = await autoconfigure('alice@example.test', { resolver: unbound });
    const srvImaps = r.candidates.find((c) => c.host === 'imap.example.test' && c.port === 993)!;
    expect(srvImaps).toMatchObject({ status: 'failed', error: { kind: 'tls' } });
    expect(r.found).toBe(false);
  });
});
