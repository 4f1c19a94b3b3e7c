/**
 * The connection layer against the real Dovecot from e2e/servers (start them with
 * `bash e2e/servers/start.sh`), directly and through the fault-injection proxy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from '../../e2e/support/fault-proxy';
import { serverEnv } from '../../e2e/servers/env';
import { MailwrightError } from '../model/errors';
import { Connection, type ConnectOptions, type TranscriptLine } from './connection';
import { rejectionOf } from '../testing/rejection';

const env = serverEnv();
const mail = env.mail;
const alice = env.users.alice;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function open(opts: Partial<ConnectOptions> & { port: number; tls: boolean }): Promise<Connection> {
  const conn = await Connection.connect({
    host: mail.host,
    servername: mail.hostname,
    ca: env.caPem,
    protocol: 'imap',
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    ...opts,
  });
  cleanup.push(() => conn.destroy());
  return conn;
}

/** Sends a tagged IMAP command and returns every line up to and including its tagged reply. */
async function command(conn: Connection, tag: string, text: string): Promise<string[]> {
  await conn.write(`${tag} ${text}\r\n`);
  const lines: string[] = [];
  // Bounded: a CAPABILITY or LOGIN reply is a handful of lines.
  for (let i = 0; i < 50; i++) {
    const line = (await conn.readLine()).toString('utf8');
    lines.push(line);
    if (line.startsWith(`${tag} `)) return lines;
  }
  throw new Error(`no tagged reply to ${tag} within 50 lines`);
}

async function viaProxy(faults: FaultProxyOptions['faults'], port: number): Promise<FaultProxy> {
  const proxy = await startFaultProxy({ target: { host: mail.host, port }, faults, maxLifetimeMs: 30_000 });
  cleanup.push(() => proxy.close());
  return proxy;
}

describe('TLS against Dovecot', () => {
  it('IMAPS with the test CA: greeting read, certificate verified for the server name', async () => {
    const conn = await open({ port: mail.imaps, tls: true });
    expect((await conn.readLine()).toString()).toMatch(/^\* OK /);
    expect(conn.tls).toMatchObject({ authorized: true, peerCertificateSubject: mail.hostname });
    expect(conn.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(conn.tls?.cipher).not.toBe('unknown');
    expect(conn.isOpen).toBe(true);
    await conn.close();
  });

  it('dialling the IP without a servername verifies the IP against the certificate', async () => {
    const conn = await Connection.connect({ host: mail.host, port: mail.imaps, tls: true, ca: env.caPem });
    cleanup.push(() => conn.destroy());
    expect(conn.tls?.authorized).toBe(true);
  });

  it('without the CA: a tls error naming the certificate problem', async () => {
    const err = await rejectionOf(
      Connection.connect({
        host: mail.host,
        port: mail.imaps,
        tls: true,
        servername: mail.hostname,
        protocol: 'imap',
      }),
    );
    expect(err.kind).toBe('tls');
    expect([
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    ]).toContain(err.code);
    expect(err.message).toMatch(/certificate authority that is not trusted|unknown certificate authority/);
    expect(err.message).toContain(`IMAP server ${mail.host}:${mail.imaps}`);
  });

  it('a wrong server name: a tls hostname error', async () => {
    const err = await rejectionOf(open({ port: mail.imaps, tls: true, servername: 'wrong.example.test' }));
    expect(err).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(err.message).toContain('does not match the server name for "wrong.example.test"');
  });

  it('verify: false (opportunistic TLS) connects and records why the certificate is not trusted', async () => {
    const conn = await Connection.connect({
      host: mail.host,
      port: mail.imaps,
      tls: true,
      servername: mail.hostname,
      verify: false,
    });
    cleanup.push(() => conn.destroy());
    expect(conn.tls?.authorized).toBe(false);
    expect(conn.tls?.authorizationError).toBeTruthy();
  });

  it('STARTTLS on port 143 upgrades in place, then CAPABILITY works over TLS', async () => {
    const conn = await open({ port: mail.imap, tls: false });
    expect((await conn.readLine()).toString()).toMatch(/^\* OK /);
    expect(conn.tls).toBeUndefined();
    const before = await command(conn, 'a', 'CAPABILITY');
    expect(before.join('\n')).toContain('STARTTLS');
    expect((await command(conn, 'b', 'STARTTLS')).at(-1)).toMatch(/^b OK/);
    await conn.startTls();
    expect(conn.tls).toMatchObject({ authorized: true, peerCertificateSubject: mail.hostname });
    const after = await command(conn, 'c', 'CAPABILITY');
    expect(after.at(-1)).toMatch(/^c OK/);
    expect(after[0]).toMatch(/^\* CAPABILITY .*IMAP4rev1/);
    expect(after[0]).not.toContain('STARTTLS');
  });

  it('a STARTTLS upgrade without the CA fails with a tls error', async () => {
    const conn = await open({ port: mail.imap, tls: false, ca: undefined });
    await conn.readLine();
    await command(conn, 'a', 'STARTTLS');
    const err = await rejectionOf(conn.startTls());
    expect(err.kind).toBe('tls');
    expect(conn.isOpen).toBe(false);
  });
});

describe('faults', () => {
  it('connection refused (nothing listens on the dead MX host) is a network error', async () => {
    const err = await rejectionOf(
      Connection.connect({ host: env.mx.deadHost, port: 25, tls: false, protocol: 'smtp' }),
    );
    expect(err).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' });
    expect(err.message).toBe(
      `Connection to SMTP server ${env.mx.deadHost}:25 was refused: check the server name and port.`,
    );
  });

  it('a stalled server (proxy forwards nothing) hits the idle timeout', async () => {
    const proxy = await viaProxy({ serverToClient: { stallAfterBytes: 0 } }, mail.imap);
    const conn = await open({ host: proxy.host, port: proxy.port, tls: false, idleTimeoutMs: 300 });
    expect(await rejectionOf(conn.readLine())).toMatchObject({ kind: 'timeout', code: 'IDLE_TIMEOUT' });
  });

  it('a server that stalls mid-reply hits the idle timeout too', async () => {
    const proxy = await viaProxy({ serverToClient: { stallAfterBytes: 20 } }, mail.imap);
    const conn = await open({ host: proxy.host, port: proxy.port, tls: false, idleTimeoutMs: 300 });
    expect(await rejectionOf(conn.readLine())).toMatchObject({ kind: 'timeout' });
  });

  it('a stalled TLS handshake hits the connect timeout', async () => {
    const proxy = await viaProxy({ serverToClient: { stallAfterBytes: 0 } }, mail.imaps);
    const err = await rejectionOf(
      open({ host: proxy.host, port: proxy.port, tls: true, connectTimeoutMs: 300 }),
    );
    expect(err).toMatchObject({ kind: 'timeout', code: 'CONNECT_TIMEOUT' });
    expect(err.message).toContain('TLS handshake');
  });

  it('a cut in the middle of the greeting is a network error', async () => {
    const proxy = await viaProxy({ serverToClient: { cutAfterBytes: 10 } }, mail.imap);
    const conn = await open({ host: proxy.host, port: proxy.port, tls: false });
    expect(await rejectionOf(conn.readLine())).toMatchObject({ kind: 'network' });
    expect(conn.isOpen).toBe(false);
  });

  it('a cut while the client sends is a network error on the next read', async () => {
    const proxy = await viaProxy({ clientToServer: { cutAfterBytes: 4 } }, mail.imap);
    const conn = await open({ host: proxy.host, port: proxy.port, tls: false });
    await conn.readLine();
    await conn.write('a1 CAPABILITY\r\n').catch(() => {});
    // The cut may land before or after Dovecot answers the 4 bytes it saw: read to the end.
    let err: MailwrightError | undefined;
    for (let i = 0; i < 10 && !err; i++)
      err = await conn.readLine().then(
        () => undefined,
        (e: MailwrightError) => e,
      );
    expect(err).toMatchObject({ kind: 'network' });
  });

  it('a reset (RST) from the network is a network error', async () => {
    const proxy = await viaProxy({ serverToClient: { cutAfterBytes: 20, cutMode: 'reset' } }, mail.imap);
    const conn = await open({ host: proxy.host, port: proxy.port, tls: false });
    expect(await rejectionOf(conn.readLine())).toMatchObject({ kind: 'network' });
  });

  it('a cut after the TLS handshake, inside encrypted traffic, is a network error', async () => {
    // First measure how many bytes the handshake and greeting take, then cut just after them.
    const probe = await viaProxy({}, mail.imaps);
    const first = await open({ host: probe.host, port: probe.port, tls: true });
    await first.readLine();
    const handshakeBytes = probe.stats.forwarded.serverToClient;
    first.destroy();

    const proxy = await viaProxy({ serverToClient: { cutAfterBytes: handshakeBytes + 10 } }, mail.imaps);
    const conn = await open({ host: proxy.host, port: proxy.port, tls: true });
    expect((await conn.readLine()).toString()).toMatch(/^\* OK /);
    const err = await rejectionOf(command(conn, 'a', 'CAPABILITY'));
    expect(err.kind).toBe('network');
    expect(proxy.stats.cuts).toBe(1);
  });

  it.each([
    ['plain IMAP', false],
    ['IMAPS', true],
  ])('%s through 1-byte chunks reads the same greeting and CAPABILITY as directly', async (_name, useTls) => {
    const port = useTls ? mail.imaps : mail.imap;
    const session = async (conn: Connection): Promise<string[]> => [
      (await conn.readLine()).toString(),
      ...(await command(conn, 'a', 'CAPABILITY')),
    ];
    const direct = await session(await open({ port, tls: useTls }));
    const proxy = await startFaultProxy({
      target: { host: mail.host, port },
      faults: {
        serverToClient: { oneByteChunks: true, oneByteGapMs: 0 },
        clientToServer: { oneByteChunks: true, oneByteGapMs: 0 },
      },
    });
    cleanup.push(() => proxy.close());
    const split = await session(await open({ host: proxy.host, port: proxy.port, tls: useTls }));
    expect(split).toEqual(direct);
    expect(direct.at(-1)).toMatch(/^a OK/);
    // The proxy really did split: one write per byte from the server.
    expect(proxy.stats.writes.serverToClient).toBe(proxy.stats.forwarded.serverToClient);
    expect(proxy.stats.forwarded.serverToClient).toBeGreaterThan(100);
  });
});

describe('transcript against Dovecot', () => {
  it('records a real login both ways, with the password never in it', async () => {
    const lines: TranscriptLine[] = [];
    const conn = await open({ port: mail.imap, tls: false, transcript: (l) => lines.push(l) });
    await conn.readLine();
    await command(conn, 'a', 'STARTTLS');
    await conn.startTls();
    const reply = await command(conn, 'b', `LOGIN "${alice.user}" "${alice.password}"`);
    expect(reply.at(-1)).toMatch(/^b OK/);
    await command(conn, 'c', 'LOGOUT');
    await conn.close();

    const text = lines.map((l) => `${l.direction} ${l.text}`);
    expect(text).toContain('client a STARTTLS');
    expect(text).toContain(`client b LOGIN "${alice.user}" <redacted>`);
    expect(text.some((t) => t.startsWith('server b OK'))).toBe(true);
    expect(text.some((t) => t.startsWith('info TLS established: TLSv1.'))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(alice.password);
  });
});
