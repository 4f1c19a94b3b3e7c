/**
 * The orchestration (DNS findings → candidates → probes → ranking) with a scripted DNS table
 * and a scripted probe. The same path runs against BIND/Unbound and Dovecot/Postfix in
 * autoconfig.int.test.ts; here are the cases the test servers cannot show (a service
 * declared "not offered", a probe that never finishes, a resolver that fails).
 */
import { describe, expect, it } from 'vitest';
import type { QueryResult, Querier } from '../../dns/resolver';
import { ScriptedQuerier, rr } from '../../dns/testing/scripted-querier';
import { Rcode } from '../../dns/types';
import { MailwrightError } from '../../model/errors';
import { autoconfigure } from './autoconfig';
import type { Candidate } from './candidates';
import type { ProbeOutcome } from './rank';

const up = (security: Candidate['security'] = 'implicit'): ProbeOutcome => ({
  ok: true,
  security,
  capabilities: ['X'],
});
const down: ProbeOutcome = { ok: false, error: { kind: 'network', message: 'Connection refused.' } };

/** A probe answering from a table keyed "host:port"; anything else is down. */
function probeTable(table: Record<string, ProbeOutcome | 'hang'>) {
  const asked: string[] = [];
  const probe = (c: Candidate): Promise<ProbeOutcome> => {
    const key = `${c.host}:${c.port}`;
    asked.push(key);
    const v = table[key];
    if (v === 'hang') return new Promise(() => {});
    return Promise.resolve(v ?? down);
  };
  return { probe, asked };
}

describe('autoconfigure', () => {
  it('ranks SRV first and suggests IMAPS and submissions', async () => {
    const resolver = new ScriptedQuerier({
      '_imaps._tcp.corp.test SRV': { answers: [rr.srv('_imaps._tcp.corp.test', 0, 1, 993, 'in.corp.test')] },
      '_submission._tcp.corp.test SRV': {
        answers: [rr.srv('_submission._tcp.corp.test', 0, 1, 587, 'out.corp.test')],
      },
      'corp.test MX': { answers: [rr.mx('corp.test', 10, 'mx.corp.test')] },
    });
    const { probe } = probeTable({
      'in.corp.test:993': up(),
      'out.corp.test:587': up('starttls'),
      'mail.corp.test:993': up(),
      'mail.corp.test:465': up(),
    });
    const r = await autoconfigure('Ada@Corp.test', { resolver, probe });
    expect(r.domain).toBe('corp.test');
    expect(r.found).toBe(true);
    expect(r.incoming).toMatchObject({
      host: 'in.corp.test',
      port: 993,
      reason: 'from SRV record _imaps._tcp.corp.test',
    });
    // implicit TLS beats STARTTLS even when the STARTTLS server came from SRV.
    expect(r.outgoing).toMatchObject({ host: 'mail.corp.test', port: 465, security: 'implicit' });
    const smtp = r.candidates.filter((c) => c.protocol === 'smtp' && c.status === 'ok');
    expect(smtp.map((c) => `${c.host}:${c.port}`)).toEqual(['mail.corp.test:465', 'out.corp.test:587']);
  });

  it('derives candidates from an MX in another domain', async () => {
    const resolver = new ScriptedQuerier({
      'small.test MX': { answers: [rr.mx('small.test', 10, 'mx1.hoster.test')] },
    });
    const { probe } = probeTable({ 'imap.hoster.test:993': up(), 'smtp.hoster.test:465': up() });
    const r = await autoconfigure('me@small.test', { resolver, probe });
    expect(r.incoming).toMatchObject({ host: 'imap.hoster.test', reason: 'derived from MX mx1.hoster.test' });
    expect(r.outgoing).toMatchObject({ host: 'smtp.hoster.test', source: 'mx' });
  });

  it('prefers IMAP, but not an IMAP without TLS over a POP3 with TLS', async () => {
    const resolver = new ScriptedQuerier({});
    const { probe } = probeTable({
      'imap.x.test:143': up('none'),
      'pop.x.test:995': up(),
      'smtp.x.test:465': up(),
    });
    const r = await autoconfigure('me@x.test', { resolver, probe });
    expect(r.incoming).toMatchObject({ protocol: 'pop3', host: 'pop.x.test' });
  });

  it('nothing reachable: found is false, every candidate failed with its reason', async () => {
    const resolver = new ScriptedQuerier({ 'none.test MX': { rcode: Rcode.NXDOMAIN } });
    const { probe, asked } = probeTable({});
    const r = await autoconfigure('me@none.test', { resolver, probe });
    expect(r.found).toBe(false);
    expect(r.incoming).toBeUndefined();
    expect(r.outgoing).toBeUndefined();
    expect(r.candidates).toHaveLength(12);
    expect(asked).toHaveLength(12);
    expect(r.candidates.every((c) => c.status === 'failed' && c.error !== undefined)).toBe(true);
    expect(r.notes.join('\n')).toMatch(/MX lookup for none\.test failed/);
  });

  it('a service declared "not offered" (SRV target ".") is noted and adds no candidate', async () => {
    const resolver = new ScriptedQuerier({
      '_pop3s._tcp.y.test SRV': { answers: [rr.srv('_pop3s._tcp.y.test', 0, 0, 0, '')] },
    });
    const { probe } = probeTable({});
    const r = await autoconfigure('me@y.test', { resolver, probe });
    expect(r.notes).toContain('_pop3s._tcp.y.test says this service is not offered');
    expect(r.candidates.some((c) => c.source === 'srv')).toBe(false);
  });

  it('a probe still running when the budget ends counts as timed out; the rest are kept', async () => {
    const resolver = new ScriptedQuerier({});
    const { probe } = probeTable({
      'imap.z.test:993': 'hang',
      'mail.z.test:993': up(),
      'smtp.z.test:465': up(),
    });
    const r = await autoconfigure('me@z.test', { resolver, probe, budgetMs: 50 });
    const hung = r.candidates.find((c) => c.host === 'imap.z.test' && c.port === 993);
    expect(hung).toMatchObject({ status: 'failed', error: { kind: 'timeout', code: 'PROBE_BUDGET' } });
    expect(r.incoming).toMatchObject({ host: 'mail.z.test' });
    expect(r.found).toBe(true);
  });

  it('a failing resolver is a note per lookup, not a crash', async () => {
    const broken: Querier = {
      query: (): Promise<QueryResult> =>
        Promise.reject(new MailwrightError('dns', 'No DNS server answered; check the network.')),
    };
    const { probe } = probeTable({});
    const r = await autoconfigure('me@w.test', { resolver: broken, probe });
    expect(r.notes).toHaveLength(7);
    expect(r.found).toBe(false);
  });

  it('refuses something that is not an address', async () => {
    await expect(
      autoconfigure('not an address', { resolver: new ScriptedQuerier({}) }),
    ).rejects.toMatchObject({
      kind: 'bad-input',
      code: 'BAD_ADDRESS',
    });
  });
});
