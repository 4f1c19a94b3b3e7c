import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy';

// The proxy's own tests use a tiny local peer (a greeter that then echoes): the proxy is
// test infrastructure, and what matters here is what it does to bytes, not the peer.
const GREETING = 'HELLO 0123456789\r\n';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function greeterEcho(): Promise<net.AddressInfo> {
  const peers = new Set<net.Socket>();
  const server = net.createServer((s) => {
    peers.add(s);
    s.on('error', () => {});
    s.write(GREETING);
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        for (const p of peers) p.destroy();
        server.close(() => r());
      }),
  );
  return server.address() as net.AddressInfo;
}

async function proxyTo(
  faults: FaultProxyOptions['faults'],
  extra: Partial<FaultProxyOptions> = {},
): Promise<FaultProxy> {
  const target = await greeterEcho();
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: target.port }, faults, ...extra });
  cleanup.push(() => proxy.close());
  return proxy;
}

interface Outcome {
  data: string;
  chunks: number;
  ended: 'close' | 'timeout' | 'complete';
}

/**
 * Connects, optionally sends (after the greeting), and collects what arrives until close,
 * until `expected` has arrived in full, or until `waitMs` passes.
 */
function collect(
  proxy: FaultProxy,
  send: string | undefined,
  waitMs: number,
  expected?: string,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const s = net.connect({ host: proxy.host, port: proxy.port });
    const parts: Buffer[] = [];
    s.on('error', () => {});
    s.on('data', (c: Buffer) => {
      parts.push(c);
      if (send !== undefined && Buffer.concat(parts).toString().startsWith(GREETING) && parts.length > 0) {
        s.write(send);
        send = undefined;
      }
      if (expected !== undefined && Buffer.concat(parts).toString() === expected) done('complete');
    });
    const done = (ended: Outcome['ended']): void => {
      clearTimeout(timer);
      s.destroy();
      resolve({ data: Buffer.concat(parts).toString(), chunks: parts.length, ended });
    };
    const timer = setTimeout(() => done('timeout'), waitMs);
    s.on('close', () => done('close'));
  });
}

describe('fault proxy', () => {
  it('forwards both ways untouched without faults', async () => {
    const proxy = await proxyTo({});
    const out = await collect(proxy, 'ping\r\n', 5_000, `${GREETING}ping\r\n`);
    expect(out.ended).toBe('complete');
    expect(out.data).toBe(`${GREETING}ping\r\n`);
    expect(proxy.stats.forwarded.clientToServer).toBe(6);
    expect(proxy.stats.forwarded.serverToClient).toBe(GREETING.length + 6);
  });

  it('cuts server->client after N bytes and closes the client', async () => {
    const proxy = await proxyTo({ serverToClient: { cutAfterBytes: 5 } });
    const out = await collect(proxy, undefined, 5_000);
    expect(out).toMatchObject({ data: 'HELLO', ended: 'close' });
    expect(proxy.stats.cuts).toBe(1);
  });

  it('cuts client->server after N bytes', async () => {
    const proxy = await proxyTo({ clientToServer: { cutAfterBytes: 3 } });
    const out = await collect(proxy, 'abcdef\r\n', 5_000);
    expect(out.ended).toBe('close');
    // At most the 3 forwarded bytes can have come back from the echo before the cut.
    expect(GREETING + 'abc').toContain(out.data);
    expect(proxy.stats.forwarded.clientToServer).toBe(3);
  });

  it('a reset cut closes the client too', async () => {
    const proxy = await proxyTo({ serverToClient: { cutAfterBytes: 2, cutMode: 'reset' } });
    const out = await collect(proxy, undefined, 5_000);
    expect(out).toMatchObject({ data: 'HE', ended: 'close' });
  });

  it('stalls after N bytes: the rest never arrives and the connection stays open', async () => {
    const proxy = await proxyTo({ serverToClient: { stallAfterBytes: 6 } });
    const out = await collect(proxy, undefined, 300);
    expect(out).toMatchObject({ data: 'HELLO ', ended: 'timeout' });
    expect(proxy.stats.stalls).toBe(1);
  });

  it('stall at 0 bytes: a server that never speaks', async () => {
    const proxy = await proxyTo({ serverToClient: { stallAfterBytes: 0 } });
    const out = await collect(proxy, undefined, 300);
    expect(out).toMatchObject({ data: '', ended: 'timeout' });
  });

  it('splits into 1-byte writes and keeps the bytes in order', async () => {
    const proxy = await proxyTo({ serverToClient: { oneByteChunks: true, oneByteGapMs: 2 } });
    const out = await collect(proxy, undefined, 5_000, GREETING);
    expect(out.data).toBe(GREETING);
    // One write per byte. How many reads the client sees is the kernel's choice (a busy test
    // process may find them all merged), so that is not asserted.
    expect(proxy.stats.writes.serverToClient).toBe(GREETING.length);
  });

  it('delays chunks without reordering them', async () => {
    const proxy = await proxyTo({ serverToClient: { delayMs: 20 }, clientToServer: { delayMs: 20 } });
    const out = await collect(proxy, 'one\r\n', 5_000, `${GREETING}one\r\n`);
    expect(out.data).toBe(`${GREETING}one\r\n`);
  });

  it('closes itself after its maximum lifetime, dropping connections', async () => {
    const proxy = await proxyTo({ serverToClient: { stallAfterBytes: 0 } }, { maxLifetimeMs: 200 });
    const out = await collect(proxy, undefined, 10_000);
    expect(out.ended).toBe('close');
    // Closed: new connections are refused.
    const err = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const s = net.connect({ host: proxy.host, port: proxy.port });
      s.on('error', resolve);
      s.on('connect', () => {
        s.destroy();
        resolve(Object.assign(new Error('connected'), { code: 'CONNECTED' }));
      });
    });
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('refuses a non-loopback listen address', async () => {
    await expect(
      startFaultProxy({ target: { host: '127.0.0.1', port: 1 }, listenHost: '0.0.0.0' }),
    ).rejects.toThrow(/loopback/);
  });
});
