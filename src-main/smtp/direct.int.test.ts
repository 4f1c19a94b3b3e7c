/**
 * Direct delivery through the test DNS hierarchy (Unbound at 127.0.53.53 over our own
 * BIND root/TLD/authoritative servers) to the real Postfix MX on 127.0.1.2:25.
 * example.test: MX 10 mx1 (127.0.1.3, nothing listens), MX 20 mx2 / mx3 (127.0.1.2).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mailboxMessages, serverEnv } from '../../e2e/servers/env';
import { Resolver } from '../dns/resolver';
import { composeMessage } from '../mime/compose';
import { MailwrightError } from '../model/errors';
import type { TranscriptLine } from '../net/connection';
import { deliverDirect, type DirectOptions } from './direct';
import { startPeer } from './scripted-peer';

const env = serverEnv();

function options(extra: Partial<DirectOptions> = {}): DirectOptions {
  return {
    resolver: new Resolver({
      servers: [{ address: env.dns.recursive, port: env.dns.port }],
      timeoutMs: 2_000,
      attempts: 2,
    }),
    port: env.mx.port,
    ca: env.caPem,
    connectTimeoutMs: 5_000,
    ...extra,
  };
}

async function message(to: string[]) {
  const tag = `mw-direct-${randomUUID()}`;
  const m = await composeMessage({ from: 'alice@example.test', to, subject: tag, text: 'direct\n' });
  return { envelope: m.envelope, raw: m.raw, tag };
}

/** At most 200 × 50 ms. */
async function arrived(user: string, tag: string): Promise<Buffer> {
  for (let i = 0; i < 200; i++) {
    const found = (await mailboxMessages(user)).find((m) => m.includes(tag));
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`message ${tag} did not arrive in ${user}'s INBOX`);
}

describe('direct delivery to MX hosts', () => {
  it('skips the first exchange (connection refused) and delivers through the next, recording TLS', async () => {
    const m = await message(['carol@example.test']);
    const report = await deliverDirect(m, options());
    expect(report.accepted).toEqual(['carol@example.test']);
    expect(report.rejected).toEqual([]);
    expect(report.hops[0]).toMatchObject({
      exchange: 'mx1.example.test',
      address: env.mx.deadHost,
      accepted: [],
    });
    expect(report.hops[0]?.error).toBeDefined();
    const used = report.hops[1];
    expect(used?.address).toBe(env.mx.host);
    expect(used?.accepted).toEqual(['carol@example.test']);
    // Opportunistic STARTTLS was used; the certificate names mx2 but not mx3.
    expect(used?.tls.used).toBe(true);
    expect(used?.tls.authorized).toBe(used?.exchange === 'mx2.example.test');
    expect(report.tls).toBe(true);
    await arrived('carol', m.tag);
  });

  it('delivers to a domain without MX through its address (implicit MX)', async () => {
    const m = await message(['someone@nomx.test']);
    const report = await deliverDirect(m, options());
    expect(report.accepted).toEqual(['someone@nomx.test']);
    expect(report.hops.at(-1)?.exchange).toBe('nomx.test');
    await arrived('bob', m.tag);
  });

  it('fails a null-MX domain with no-mail before any connection', async () => {
    const m = await message(['someone@nullmx.test']);
    const lines: TranscriptLine[] = [];
    let error: unknown;
    try {
      await deliverDirect(m, options({ transcript: (l) => lines.push(l) }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailwrightError);
    expect((error as MailwrightError).kind).toBe('no-mail');
    expect(lines).toEqual([]);
  });

  it('groups by domain: delivers the good domain and reports the null-MX recipient', async () => {
    const m = await message(['carol@example.test', 'x@nullmx.test', 'nobody@example.test']);
    const report = await deliverDirect(m, options());
    expect(report.accepted).toEqual(['carol@example.test']);
    const byAddress = Object.fromEntries(report.rejected.map((r) => [r.address, r]));
    expect(byAddress['x@nullmx.test']).toMatchObject({ code: 0, temporary: false });
    expect(byAddress['nobody@example.test']).toMatchObject({
      code: 550,
      enhanced: '5.1.1',
      temporary: false,
    });
    await arrived('carol', m.tag);
  });

  // The real DNS with a scripted exchange on the MX address at a spare port: the refusals a
  // real Postfix will not give on demand. mx1 (127.0.1.3) has nothing on that port.
  it('tries the next exchange after a 4xx and treats a 5xx as final for its recipient', async () => {
    const peer = await startPeer({
      host: env.mx.host,
      rcpt: (a, connection) =>
        a.startsWith('gone')
          ? '550 5.1.1 gone\r\n'
          : connection === 1
            ? '451 4.3.0 greylisted, try again\r\n'
            : '250 2.1.5 Ok\r\n',
    });
    try {
      const m = await message(['carol@example.test', 'gone@example.test']);
      const report = await deliverDirect(m, options({ port: peer.port }));
      expect(report.accepted).toEqual(['carol@example.test']);
      expect(report.rejected).toEqual([
        { address: 'gone@example.test', code: 550, enhanced: '5.1.1', text: 'gone', temporary: false },
      ]);
      // mx1 refused the connection, then mx2 and mx3 (same address) were tried in turn.
      expect(report.hops.map((h) => h.address)).toEqual([env.mx.deadHost, env.mx.host, env.mx.host]);
      expect(peer.connections).toBe(2);
      // The 5xx recipient was not asked again on the second exchange.
      expect(peer.commands.filter((c) => c.includes('gone@'))).toHaveLength(1);
      expect(report.tls).toBe(false); // the scripted exchange offers no STARTTLS
    } finally {
      await peer.close();
    }
  });

  it('marks the recipients delivery-unknown, and tries no other exchange, when the connection breaks after the final "."', async () => {
    const peer = await startPeer({ host: env.mx.host, afterData: () => 'drop' });
    try {
      const m = await message(['carol@example.test']);
      const report = await deliverDirect(m, options({ port: peer.port }));
      expect(report.accepted).toEqual([]);
      expect(report.rejected).toMatchObject([
        { address: 'carol@example.test', code: 0, temporary: false, deliveryUnknown: true },
      ]);
      // mx2 took the data and broke; mx3 (same address) must not get the message a second time.
      expect(peer.connections).toBe(1);
      expect(peer.messages).toHaveLength(1);
    } finally {
      await peer.close();
    }
  });

  it('reports a recipient still deferred after every exchange as temporary, with the last words', async () => {
    const peer = await startPeer({ host: env.mx.host, rcpt: () => '452 4.2.2 mailbox full\r\n' });
    try {
      const m = await message(['carol@example.test']);
      const report = await deliverDirect(m, options({ port: peer.port }));
      expect(report.accepted).toEqual([]);
      expect(report.rejected).toEqual([
        {
          address: 'carol@example.test',
          code: 452,
          enhanced: '4.2.2',
          text: 'mailbox full',
          temporary: true,
        },
      ]);
    } finally {
      await peer.close();
    }
  });
});
