/**
 * The probe against scripted peers on loopback: servers that misbehave in ways the real
 * Dovecot/Postfix never do (no STARTTLS at all, an HTTP server on the port, silence, a
 * closed port). A mock on purpose, as no real peer here behaves like this; the happy paths
 * run against the real servers in autoconfig.int.test.ts.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate } from './candidates';
import { probeCandidate } from './probe';

type Script = { greeting?: string; reply?: (line: string, socket: Socket) => void };

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

/** A line-based peer on 127.0.0.1; returns its port. */
async function peer(script: Script): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    if (script.greeting !== undefined) socket.write(script.greeting);
    let buf = '';
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        script.reply?.(line, socket);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function candidate(
  protocol: Candidate['protocol'],
  port: number,
  security: Candidate['security'],
): Candidate {
  return { protocol, host: '127.0.0.1', port, security, source: 'conventional', reason: 'test', priority: 0 };
}

const options = { lookup: () => Promise.reject(new Error('no names here')), timeoutMs: 2000 };

describe('probeCandidate against servers without STARTTLS', () => {
  it('IMAP: reachable, reported as security none with its capabilities', async () => {
    const port = await peer({
      greeting: '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain only\r\n',
      reply: (line, s) => {
        const [tag, command] = line.split(' ');
        if (command?.toUpperCase() === 'LOGOUT') s.end(`* BYE bye\r\n${tag} OK done\r\n`);
        else s.write(`${tag} BAD what\r\n`);
      },
    });
    const out = await probeCandidate(candidate('imap', port, 'starttls'), options);
    expect(out).toEqual({ ok: true, security: 'none', capabilities: ['AUTH=PLAIN', 'IMAP4REV1'] });
  });

  it('POP3: reachable, security none, CAPA keywords listed', async () => {
    const port = await peer({
      greeting: '+OK plain pop\r\n',
      reply: (line, s) => {
        if (line === 'CAPA') s.write('+OK\r\nUSER\r\nUIDL\r\n.\r\n');
        else if (line === 'QUIT') s.end('+OK bye\r\n');
        else s.write('-ERR what\r\n');
      },
    });
    const out = await probeCandidate(candidate('pop3', port, 'starttls'), options);
    expect(out).toEqual({
      ok: true,
      security: 'none',
      greeting: 'plain pop',
      capabilities: ['UIDL', 'USER'],
    });
  });

  it('SMTP: reachable, security none, EHLO keywords listed', async () => {
    const port = await peer({
      greeting: '220 plain.example ESMTP\r\n',
      reply: (line, s) => {
        if (/^EHLO /i.test(line)) s.write('250-plain.example\r\n250-PIPELINING\r\n250 AUTH PLAIN\r\n');
        else if (/^QUIT/i.test(line)) s.end('221 bye\r\n');
        else s.write('502 what\r\n');
      },
    });
    const out = await probeCandidate(candidate('smtp', port, 'starttls'), options);
    expect(out).toMatchObject({ ok: true, security: 'none', capabilities: ['AUTH', 'PIPELINING'] });
  });
});

describe('probeCandidate failures are outcomes, never throws or hangs', () => {
  it('an HTTP server on the IMAP port → protocol error', async () => {
    const port = await peer({ greeting: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n' });
    const out = await probeCandidate(candidate('imap', port, 'starttls'), options);
    expect(out).toMatchObject({ ok: false, error: { kind: 'protocol' } });
  });

  it('a POP3 greeting of -ERR → the server said no, with its words', async () => {
    const port = await peer({ greeting: '-ERR [SYS/TEMP] go away\r\n' });
    const out = await probeCandidate(candidate('pop3', port, 'starttls'), options);
    expect(out.ok).toBe(false);
    expect(out.ok ? undefined : out.error.serverText).toContain('go away');
  });

  it('a silent server → timeout', async () => {
    const port = await peer({});
    const out = await probeCandidate(candidate('smtp', port, 'starttls'), { ...options, timeoutMs: 300 });
    expect(out).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('a closed port → network error', async () => {
    const port = await peer({});
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const out = await probeCandidate(candidate('imap', port, 'implicit'), options);
    expect(out).toMatchObject({ ok: false, error: { kind: 'network' } });
  });

  it('a name that cannot be resolved → the lookup’s failure, without connecting', async () => {
    const out = await probeCandidate(
      { ...candidate('imap', 993, 'implicit'), host: 'imap.nowhere.test' },
      options,
    );
    expect(out).toMatchObject({
      ok: false,
      error: {
        kind: 'dns',
        message: 'The name imap.nowhere.test could not be resolved; check the server name.',
        serverText: 'no names here',
      },
    });
  });
});
