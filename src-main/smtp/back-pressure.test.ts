/**
 * DATA is streamed with back-pressure: when the server stops reading, the client stops
 * handing body bytes to the socket instead of queueing the whole message in memory.
 * A loopback peer (no real server stops reading on demand) pauses its socket after the
 * 354, and the real Connection carries the session; a wrapper counts the bytes the SMTP
 * layer hands to it.
 */
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from '../net/connection';
import { SmtpClient } from './client';
import type { SmtpTransport } from './transport';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

const SIZE = 48 * 1024 * 1024;

/** Answers the opening and the envelope, pauses after the 354, counts body bytes once resumed. */
async function pausingPeer() {
  let socket: net.Socket | undefined;
  let paused!: () => void;
  const pausedNow = new Promise<void>((r) => (paused = r));
  let received = 0;
  let done!: () => void;
  const bodyDone = new Promise<void>((r) => (done = r));
  const server = net.createServer((s) => {
    socket = s;
    s.on('error', () => {});
    s.write('220 peer ESMTP\r\n');
    let inData = false;
    let tail = '';
    let pending = '';
    s.on('data', (chunk: Buffer) => {
      if (inData) {
        received += chunk.length;
        tail = (tail + chunk.toString('latin1')).slice(-5);
        if (tail === '\r\n.\r\n') {
          inData = false;
          s.write('250 2.0.0 queued\r\n');
          done();
        }
        return;
      }
      pending += chunk.toString('latin1');
      let i: number;
      while ((i = pending.indexOf('\r\n')) !== -1) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 2);
        if (line.startsWith('EHLO')) s.write('250-peer\r\n250 8BITMIME\r\n');
        else if (line === 'DATA') {
          s.write('354 go ahead\r\n');
          inData = true;
          s.pause();
          paused();
          return;
        } else if (line === 'QUIT') s.end('221 bye\r\n');
        else s.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => {
    socket?.destroy();
    server.close();
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    pausedNow,
    resume: () => socket?.resume(),
    bodyDone,
    received: () => received,
  };
}

/** The real Connection, with a count of the bytes the SMTP layer handed to it. */
function counting(conn: Connection): { transport: SmtpTransport; handed: () => number } {
  let handed = 0;
  const transport: SmtpTransport = {
    readLine: () => conn.readLine(),
    write: (data, options) => {
      handed += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      return conn.write(data, options);
    },
    startTls: () => conn.startTls(),
    get tls() {
      return conn.tls;
    },
    get buffered() {
      return conn.buffered;
    },
    close: () => conn.close(),
    destroy: () => conn.destroy(),
  };
  return { transport, handed: () => handed };
}

describe('DATA back-pressure', () => {
  it('stops handing body bytes to the socket while the server does not read, then finishes', async () => {
    const peer = await pausingPeer();
    const conn = await Connection.connect({
      host: '127.0.0.1',
      port: peer.port,
      tls: false,
      protocol: 'smtp',
      idleTimeoutMs: 30_000,
    });
    cleanup.push(() => conn.destroy());
    const { transport, handed } = counting(conn);
    const client = await SmtpClient.open(transport, { host: '127.0.0.1', port: peer.port, tls: 'none' });
    const message = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(SIZE, 'a')]);
    let settled = false;
    const sending = client.send({ from: 'a@example.test', to: ['b@example.test'] }, message);
    void sending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await peer.pausedNow;
    // Let the writer run until it blocks: the count stops growing (at most 100 polls × 20 ms).
    let last = -1;
    let steady = 0;
    for (let i = 0; i < 100 && steady < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      steady = handed() === last ? steady + 1 : 0;
      last = handed();
    }
    expect(steady).toBe(5);
    expect(settled).toBe(false);
    // Kernel buffers on loopback hold a few MiB; the rest of the 48 MiB waits in the client.
    expect(handed()).toBeLessThan(SIZE / 2);
    peer.resume();
    const result = await sending;
    await peer.bodyDone;
    expect(result.accepted).toEqual(['b@example.test']);
    expect(peer.received()).toBeGreaterThan(SIZE);
    await client.quit();
  });
});
