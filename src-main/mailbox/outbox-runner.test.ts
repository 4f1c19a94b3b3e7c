/**
 * How a queued message leaves through a submission server with several addresses. The
 * peers are scripted (smtp/scripted-peer.ts) because no real server drops the connection
 * after the final "." on demand; the real Postfix path is in outbox.int.test.ts.
 */
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../model';
import { Resolver } from '../dns/resolver';
import { startPeer, type ScriptedPeer } from '../smtp/scripted-peer';
import { makeSender, toOutboxItem } from './outbox-runner';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function account(port: number): Account {
  return {
    id: 'acc',
    address: 'me@example.test',
    displayName: '',
    incoming: {
      protocol: 'imap',
      server: { host: 'smtp.test', port: 993, security: 'implicit', user: 'me', auth: 'auto' },
    },
    outgoing: {
      kind: 'submission',
      server: { host: 'smtp.test', port, security: 'none', user: 'me', auth: 'none' },
    },
    syncIntervalMinutes: 0,
  };
}

/** A listener on another loopback address and the same port, counting who comes. */
async function counter(host: string, port: number): Promise<{ connections: () => number }> {
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { connections: () => n };
}

async function peer(opts: Parameters<typeof startPeer>[0]): Promise<ScriptedPeer> {
  const p = await startPeer(opts);
  closers.push(() => p.close());
  return p;
}

const message = {
  envelope: { from: 'me@example.test', to: ['you@example.test'] },
  raw: Buffer.from('Subject: x\r\n\r\nhello\r\n'),
};
// Never asked: the lookup below answers for the only host name used.
const resolver = new Resolver({ servers: [{ address: '127.0.0.1', port: 9 }], budgetMs: 100 });

describe('makeSender (submission)', () => {
  it('never tries a second address after the connection broke behind the final dot', async () => {
    const first = await peer({ host: '127.0.0.2', afterData: () => 'drop' });
    const second = await counter('127.0.0.3', first.port);
    const send = makeSender({
      account: account(first.port),
      password: undefined,
      lookup: async () => ['127.0.0.2', '127.0.0.3'],
      resolver,
      timeoutMs: 5000,
    });
    await expect(send(message)).rejects.toMatchObject({ code: 'DELIVERY_UNKNOWN' });
    expect(first.messages).toHaveLength(1);
    expect(second.connections()).toBe(0);
  });

  it('goes on to the next address when the first refuses the connection', async () => {
    const second = await peer({ host: '127.0.0.3' });
    const send = makeSender({
      account: account(second.port),
      password: undefined,
      lookup: async () => ['127.0.0.2', '127.0.0.3'],
      resolver,
      timeoutMs: 5000,
    });
    const report = await send(message);
    expect(report.accepted).toEqual(['you@example.test']);
    expect(second.messages).toHaveLength(1);
  });

  it('refuses to send without the SMTP password when the server wants a login', async () => {
    const a = account(2525);
    if (a.outgoing.kind === 'submission') a.outgoing.server.auth = 'auto';
    const send = makeSender({ account: a, password: undefined, lookup: async () => ['127.0.0.2'], resolver });
    await expect(send(message)).rejects.toMatchObject({ kind: 'auth', code: 'NO_PASSWORD' });
  });
});

describe('toOutboxItem', () => {
  it('shows the next attempt only while queued', () => {
    const base = {
      id: 'o1',
      messageId: '<m@x>',
      from: 'me@example.test',
      recipients: [{ address: 'you@example.test', status: 'pending' as const }],
      createdAt: 0,
      attempts: 1,
      nextAttemptAt: Date.UTC(2026, 0, 1),
    };
    expect(toOutboxItem('acc', { ...base, status: 'queued' }).nextAttemptAt).toBe('2026-01-01T00:00:00.000Z');
    expect(toOutboxItem('acc', { ...base, status: 'unknown' }).nextAttemptAt).toBeNull();
  });
});
