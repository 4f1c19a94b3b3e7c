/**
 * Connection behaviour that no real server will show on demand: injected bytes after
 * STARTTLS, silence, an abrupt close, an endless line. Each test runs a tiny scripted peer on
 * 127.0.0.1 (a mock, because no real server misbehaves like this); the behaviour against real
 * Dovecot is in connection.int.test.ts.
 */
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection, type ConnectOptions, type TranscriptLine } from './connection';
import { rejectionOf } from '../testing/rejection';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A loopback peer running `script` for each accepted socket. */
async function peer(script: (s: net.Socket) => void, allowHalfOpen = false): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen }, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    script(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return (server.address() as net.AddressInfo).port;
}

/** Calls `onLine` for each CRLF line the peer receives. */
function onLines(s: net.Socket, onLine: (line: string) => void): void {
  let buf = '';
  s.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    for (let i = buf.indexOf('\r\n'); i !== -1; i = buf.indexOf('\r\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 2);
      onLine(line);
    }
  });
}

async function open(port: number, extra: Partial<ConnectOptions> = {}): Promise<Connection> {
  const conn = await Connection.connect({
    host: '127.0.0.1',
    port,
    tls: false,
    connectTimeoutMs: 5_000,
    ...extra,
  });
  cleanup.push(() => conn.destroy());
  return conn;
}

describe('Connection reading', () => {
  it('serves queued reads in call order across lines and literals', async () => {
    const port = await peer((s) => s.write('* OK hi\r\n* 1 FETCH (BODY[] {4}\r\nab\r\n)\r\na1 OK done\r\n'));
    const conn = await open(port);
    const [greeting, fetch, literal, close, tagged] = await Promise.all([
      conn.readLine(),
      conn.readLine(),
      conn.readBytes(4),
      conn.readLine(),
      conn.readLine(),
    ]);
    expect([greeting, fetch, literal, close, tagged].map((b) => b.toString())).toEqual([
      '* OK hi',
      '* 1 FETCH (BODY[] {4}',
      'ab\r\n',
      ')',
      'a1 OK done',
    ]);
  });

  it('delivers the last line before an abrupt close, then a network error carrying it', async () => {
    const port = await peer((s) => s.end('* BYE shutting down\r\n'));
    const conn = await open(port);
    expect((await conn.readLine()).toString()).toBe('* BYE shutting down');
    const err = await rejectionOf(conn.readLine());
    expect(err).toMatchObject({ kind: 'network', code: 'CLOSED', serverText: '* BYE shutting down' });
    expect(err.message).toContain('127.0.0.1');
    expect(conn.isOpen).toBe(false);
  });

  it('a close in the middle of a line is a network error, not a partial line', async () => {
    const port = await peer((s) => s.end('* OK half a li'));
    const conn = await open(port);
    expect((await rejectionOf(conn.readLine())).kind).toBe('network');
  });

  it('a silent server hits the idle timeout, which names the host and closes the connection', async () => {
    const port = await peer(() => {});
    const conn = await open(port, { idleTimeoutMs: 100, protocol: 'imap' });
    const err = await rejectionOf(conn.readLine());
    expect(err).toMatchObject({ kind: 'timeout', code: 'IDLE_TIMEOUT' });
    expect(err.message).toMatch(/IMAP server 127\.0\.0\.1:\d+ sent nothing for 100 ms/);
    expect(conn.isOpen).toBe(false);
    // Sticky: later reads fail the same way instead of waiting again.
    expect((await rejectionOf(conn.readLine())).code).toBe('IDLE_TIMEOUT');
  });

  it('the idle timer only runs while a read waits', async () => {
    const port = await peer((s) => onLines(s, (line) => s.write(`${line} ok\r\n`)));
    const conn = await open(port, { idleTimeoutMs: 150 });
    // No read is waiting for longer than the idle timeout: the connection must survive.
    await new Promise((r) => setTimeout(r, 300));
    await conn.write('ping\r\n');
    expect((await conn.readLine()).toString()).toBe('ping ok');
    expect(conn.isOpen).toBe(true);
  });

  it('a read may wait through a long upload: bytes we write count as activity', async () => {
    // The peer reads at most one chunk a millisecond and answers after 48 MB: close to a second
    // of upload while a read waits, against an idle timeout of 300 ms. What the kernel still
    // buffers after our last write drains in well under that.
    const total = 48 * 1024 * 1024;
    const port = await peer((s) => {
      let got = 0;
      s.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= total) return void s.write('250 got it\r\n');
        s.pause();
        setTimeout(() => s.resume(), 1);
      });
    });
    const conn = await open(port, { idleTimeoutMs: 300 });
    const reply = conn.readLine();
    const started = performance.now();
    const block = Buffer.alloc(64 * 1024, 0x61);
    for (let sent = 0; sent < total; sent += block.length) await conn.write(block);
    expect((await reply).toString()).toBe('250 got it');
    expect(performance.now() - started).toBeGreaterThan(500);
  });

  it('withDeadline ends a command that a dripping server keeps alive past its budget', async () => {
    // One byte every 20 ms keeps the idle timer happy but never finishes the line.
    const port = await peer((s) => {
      const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('x')), 20);
      s.on('close', () => clearInterval(t));
    });
    const conn = await open(port, { idleTimeoutMs: 1_000, protocol: 'pop3' });
    const err = await rejectionOf(conn.withDeadline(150, 'RETR 1', () => conn.readLine()));
    expect(err).toMatchObject({ kind: 'timeout', code: 'COMMAND_TIMEOUT' });
    expect(err.message).toMatch(/^POP3 server 127\.0\.0\.1:\d+ did not finish RETR 1 within 150 ms/);
    expect(conn.isOpen).toBe(false);
  });

  it('withDeadline returns the result when the work finishes in time', async () => {
    const port = await peer((s) => s.write('+OK\r\n'));
    const conn = await open(port);
    expect((await conn.withDeadline(5_000, 'greeting', () => conn.readLine())).toString()).toBe('+OK');
    expect(conn.isOpen).toBe(true);
  });

  it('an over-long line is a protocol error and ends the connection', async () => {
    const port = await peer((s) => s.write(`* ${'x'.repeat(200)}`));
    const conn = await open(port, { maxLineLength: 100 });
    const err = await rejectionOf(conn.readLine());
    expect(err).toMatchObject({ kind: 'protocol', code: 'LINE_TOO_LONG' });
    expect(conn.isOpen).toBe(false);
  });

  it('stops reading while nobody reads (back-pressure) and resumes for a large literal', async () => {
    const size = 3 * 1024 * 1024; // above the 1 MiB read high-water mark
    const body = Buffer.alloc(size, 0x61);
    const port = await peer((s) => {
      s.write(`* 1 FETCH (BODY[] {${size}}\r\n`);
      s.write(body);
      s.write(')\r\n');
    });
    const conn = await open(port);
    expect((await conn.readLine()).toString()).toBe(`* 1 FETCH (BODY[] {${size}}`);
    // Let the peer's bytes pile up with no read waiting, so the socket pauses.
    await new Promise((r) => setTimeout(r, 100));
    const literal = await conn.readBytes(size);
    expect(literal.equals(body)).toBe(true);
    expect((await conn.readLine()).toString()).toBe(')');
  });

  it('readAvailable streams a literal in pieces', async () => {
    const port = await peer((s) => s.write('0123456789'));
    const conn = await open(port);
    let got = '';
    while (got.length < 10) got += (await conn.readAvailable(4)).toString();
    expect(got).toBe('0123456789');
  });
});

describe('Connection errors at connect', () => {
  it('a refused connection is a network error with an actionable sentence', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const err = await rejectionOf(
      Connection.connect({ host: '127.0.0.1', port, tls: false, protocol: 'smtp' }),
    );
    expect(err).toMatchObject({ kind: 'network', code: 'ECONNREFUSED' });
    expect(err.message).toBe(
      `Connection to SMTP server 127.0.0.1:${port} was refused: check the server name and port.`,
    );
  });

  it('implicit TLS to a server that never answers the handshake times out naming the handshake', async () => {
    const port = await peer(() => {});
    const err = await rejectionOf(
      Connection.connect({ host: '127.0.0.1', port, tls: true, connectTimeoutMs: 150 }),
    );
    expect(err).toMatchObject({ kind: 'timeout', code: 'CONNECT_TIMEOUT' });
    expect(err.message).toContain('TLS handshake');
  });

  it('implicit TLS to a plaintext server is a tls error', async () => {
    const port = await peer((s) => s.write('* OK plaintext IMAP here\r\n'));
    const err = await rejectionOf(
      Connection.connect({ host: '127.0.0.1', port, tls: true, connectTimeoutMs: 5_000 }),
    );
    expect(err.kind).toBe('tls');
  });

  it('uses an injected lookup for names, and reports a name without addresses as dns', async () => {
    const port = await peer((s) => s.write('220 hi\r\n'));
    const asked: string[] = [];
    const conn = await open(port, {
      host: 'mail.example.test',
      lookup: (h) => {
        asked.push(h);
        return Promise.resolve(['127.0.0.1']);
      },
    });
    expect((await conn.readLine()).toString()).toBe('220 hi');
    expect(asked).toEqual(['mail.example.test']);

    const err = await rejectionOf(
      Connection.connect({
        host: 'nothing.example.test',
        port,
        tls: false,
        lookup: () => Promise.resolve([]),
      }),
    );
    expect(err).toMatchObject({ kind: 'dns', code: 'NO_ADDRESS' });
  });

  it('tries the next address when one refuses', async () => {
    const port = await peer((s) => s.write('+OK pop\r\n'));
    // 127.0.0.2 is loopback too, but our peer listens on 127.0.0.1 only.
    const conn = await open(port, {
      host: 'pop.example.test',
      lookup: () => Promise.resolve(['127.0.0.2', '127.0.0.1']),
    });
    expect((await conn.readLine()).toString()).toBe('+OK pop');
  });
});

describe('STARTTLS', () => {
  it('refuses to upgrade when plaintext bytes follow the OK (response injection) and closes', async () => {
    // The smuggled line arrives in the same packet as the OK, as in CVE-2011-0411.
    const port = await peer((s) => {
      s.write('* OK ready\r\n');
      onLines(s, (line) => {
        if (line === 'a STARTTLS')
          s.write('a OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] smuggled\r\n');
      });
    });
    const conn = await open(port, { protocol: 'imap' });
    await conn.readLine();
    await conn.write('a STARTTLS\r\n');
    expect((await conn.readLine()).toString()).toBe('a OK Begin TLS');
    const err = await rejectionOf(conn.startTls());
    expect(err).toMatchObject({ kind: 'tls', code: 'STARTTLS_INJECTION' });
    expect(err.message).toContain('unexpected bytes before the TLS upgrade');
    expect(conn.isOpen).toBe(false);
    expect(conn.tls).toBeUndefined();
  });

  it('a server that closes during the upgrade gives a tls error', async () => {
    const port = await peer((s) =>
      onLines(s, (line) => {
        if (line === 'STLS') s.end('+OK go ahead\r\n');
      }),
    );
    const conn = await open(port, { protocol: 'pop3' });
    await conn.write('STLS\r\n');
    await conn.readLine();
    const err = await rejectionOf(conn.startTls());
    expect(['tls', 'network']).toContain(err.kind);
    expect(conn.isOpen).toBe(false);
  });
});

describe('transcript', () => {
  it('records both directions and never the password', async () => {
    const password = 'Pa55-word-never-logged';
    const port = await peer((s) => {
      s.write('* OK ready\r\n');
      onLines(s, (line) => {
        if (line.startsWith('a1 LOGIN')) s.write('a1 OK logged in\r\n');
        if (line.startsWith('a2 AUTHENTICATE')) s.write('+ \r\n');
        if (line === Buffer.from(`\0alice\0${password}`).toString('base64')) s.write('a2 OK\r\n');
        if (line.startsWith('a3')) s.write('+ go\r\n');
        if (line === password) s.write('a3 OK\r\n');
      });
    });
    const lines: TranscriptLine[] = [];
    const conn = await open(port, { protocol: 'imap', transcript: (l) => lines.push(l) });
    await conn.readLine();
    await conn.write(`a1 LOGIN alice ${password}\r\n`);
    await conn.readLine();
    // SASL: the response to the continuation is hidden without the caller saying so.
    await conn.write('a2 AUTHENTICATE PLAIN\r\n');
    await conn.readLine();
    await conn.write(`${Buffer.from(`\0alice\0${password}`).toString('base64')}\r\n`);
    await conn.readLine();
    // A literal password, marked as secret by the caller.
    await conn.write(`a3 LOGIN alice {${password.length}}\r\n`);
    await conn.readLine();
    await conn.writeSecret(`${password}\r\n`);
    await conn.readLine();

    const text = lines.map((l) => `${l.direction} ${l.text}`);
    expect(text).toContain('server * OK ready');
    expect(text).toContain('client a1 LOGIN alice <redacted>');
    expect(text).toContain('server a1 OK logged in');
    expect(text).toContain('client a2 AUTHENTICATE PLAIN');
    const saslLength = Buffer.from(`\0alice\0${password}`).toString('base64').length + 2;
    expect(text).toContain(`client <redacted> (${saslLength} bytes)`); // the SASL response after "+ "
    expect(text).toContain(`client <redacted> (${password.length + 2} bytes)`); // writeSecret
    expect(lines.some((l) => l.direction === 'info' && l.text.startsWith('connecting to 127.0.0.1'))).toBe(
      true,
    );
    const all = JSON.stringify(lines);
    expect(all).not.toContain(password);
    expect(all).not.toContain(Buffer.from(`\0alice\0${password}`).toString('base64'));
    for (const l of lines) expect(typeof l.time).toBe('number');
  });

  it('chunk reads (readAvailable) are logged as lines, and a continuation in them hides the next write', async () => {
    const port = await peer((s) => {
      s.write('* OK ready\r\n');
      onLines(s, (line) => {
        if (line === 'a AUTHENTICATE PLAIN') s.write('+ \r\n');
      });
    });
    const lines: TranscriptLine[] = [];
    const conn = await open(port, { protocol: 'imap', transcript: (l) => lines.push(l) });
    expect((await conn.readAvailable(1024)).toString()).toBe('* OK ready\r\n');
    await conn.write('a AUTHENTICATE PLAIN\r\n');
    await conn.readAvailable(1024);
    await conn.write('AGFsaWNlAHNlY3JldA==\r\n');
    const text = lines.filter((l) => l.direction !== 'info').map((l) => `${l.direction} ${l.text}`);
    expect(text).toEqual([
      'server * OK ready',
      'client a AUTHENTICATE PLAIN',
      'server + ',
      'client <redacted> (22 bytes)',
    ]);
  });

  it('a throwing transcript sink does not break the session', async () => {
    const port = await peer((s) => s.write('220 hi\r\n'));
    const conn = await open(port, {
      transcript: () => {
        throw new Error('log disk full');
      },
    });
    expect((await conn.readLine()).toString()).toBe('220 hi');
    await conn.write('QUIT\r\n');
  });
});

describe('closing', () => {
  it('close() is graceful and later reads and writes fail with a network error', async () => {
    const port = await peer((s) => s.on('end', () => s.end()));
    const conn = await open(port);
    await conn.close();
    expect(conn.isOpen).toBe(false);
    expect(await rejectionOf(conn.readLine())).toMatchObject({ kind: 'network', code: 'CLOSED_LOCALLY' });
    expect((await rejectionOf(conn.write('NOOP\r\n'))).kind).toBe('network');
  });

  it('destroy() rejects a waiting read at once', async () => {
    const port = await peer(() => {});
    const conn = await open(port);
    const pending = conn.readLine();
    conn.destroy();
    expect(await rejectionOf(pending)).toMatchObject({ kind: 'network', code: 'CLOSED_LOCALLY' });
  });

  it('close() finishes even when the peer never closes its side', async () => {
    // allowHalfOpen: the peer keeps its side open after our FIN, as a stuck server would.
    const port = await peer(() => {}, true);
    const conn = await open(port);
    await conn.close(); // bounded by the close grace period, not by the peer
    expect(conn.isOpen).toBe(false);
  });
});
