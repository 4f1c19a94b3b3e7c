/**
 * The client state machine against a scripted loopback peer (scripted-peer.ts): the
 * cases a real Postfix will not produce on demand. Real-server behaviour is in
 * submission.int.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { TranscriptLine } from '../net/connection';
import { decodeData } from './data-encoder';
import { scriptedSessions } from './scripted-peer';
import { rejectionOf } from '../testing/rejection';

const { peer, connect } = scriptedSessions();

const MSG = Buffer.from('Subject: t\r\n\r\nhello\r\n.dot line\r\n');
const env = (...to: string[]) => ({ from: 'a@example.test', to });

describe('SmtpClient session', () => {
  it('greets, reads EHLO extensions and sends one message, then QUIT', async () => {
    const p = await peer();
    const c = await connect(p);
    expect(c.state).toBe('ready');
    expect(c.capabilities.pipelining).toBe(true);
    expect(c.greeting).toContain('peer.example.test');
    const r = await c.send(env('b@example.test'), MSG);
    expect(r.accepted).toEqual(['b@example.test']);
    expect(r.rejected).toEqual([]);
    expect(r.dataReply?.enhanced).toBe('2.0.0');
    await c.quit();
    expect(c.state).toBe('closed');
    expect(p.commands).toEqual([
      'EHLO localhost',
      `MAIL FROM:<a@example.test> SIZE=${MSG.length}`,
      'RCPT TO:<b@example.test>',
      'DATA',
      'QUIT',
    ]);
    expect(decodeData(p.messages[0] ?? Buffer.alloc(0)).equals(MSG)).toBe(true);
  });

  it('pipelines MAIL, every RCPT and DATA before reading a reply (the peer withholds replies until DATA)', async () => {
    // A client that waited for the MAIL reply would wait forever here.
    const p = await peer({ holdUntilData: true });
    const c = await connect(p);
    const r = await c.send(env('b@example.test', 'c@example.test'), MSG);
    expect(r.accepted).toEqual(['b@example.test', 'c@example.test']);
    expect(p.messages).toHaveLength(1);
  });

  it('sends MAIL/RCPT/DATA in one group with PIPELINING and reads the replies in order', async () => {
    let opened = false;
    const p = await peer({
      reply: (line) => {
        if (line.startsWith('EHLO')) {
          opened = true;
          return '250-peer\r\n250-PIPELINING\r\n250 8BITMIME\r\n';
        }
        return undefined;
      },
      rcpt: (a) =>
        a.startsWith('nobody')
          ? '550 5.1.1 <nobody@example.test>: Recipient address rejected\r\n'
          : '250 2.1.5 Ok\r\n',
    });
    const c = await connect(p);
    expect(opened).toBe(true);
    const r = await c.send(env('b@example.test', 'nobody@example.test', 'c@example.test'), MSG);
    expect(r.accepted).toEqual(['b@example.test', 'c@example.test']);
    expect(r.rejected).toEqual([
      {
        address: 'nobody@example.test',
        accepted: false,
        code: 550,
        enhanced: '5.1.1',
        text: '<nobody@example.test>: Recipient address rejected',
      },
    ]);
    // MAIL, the three RCPTs and DATA arrived in one read: one write, one round trip.
    const group = p.reads.find((lines) => lines.some((l) => l.startsWith('MAIL')));
    expect(group).toEqual([
      'MAIL FROM:<a@example.test>',
      'RCPT TO:<b@example.test>',
      'RCPT TO:<nobody@example.test>',
      'RCPT TO:<c@example.test>',
      'DATA',
    ]);
  });

  it('sends one command per round trip without PIPELINING', async () => {
    const p = await peer({ ehlo: ['peer', '8BITMIME'] });
    const c = await connect(p);
    await c.send(env('b@example.test', 'c@example.test'), MSG);
    for (const read of p.reads) expect(read).toHaveLength(1);
    expect(p.commands.slice(1)).toEqual([
      'MAIL FROM:<a@example.test>',
      'RCPT TO:<b@example.test>',
      'RCPT TO:<c@example.test>',
      'DATA',
    ]);
  });

  it('falls back to HELO when EHLO is refused, and then uses no extension', async () => {
    const p = await peer({ ehlo: 'refuse' });
    const c = await connect(p);
    expect(c.capabilities.pipelining).toBe(false);
    await c.send(env('b@example.test'), MSG);
    expect(p.commands.slice(0, 3)).toEqual([
      'EHLO localhost',
      'HELO localhost',
      'MAIL FROM:<a@example.test>',
    ]);
  });

  it('sends several messages on one connection, with RSET after a transaction where every recipient was refused', async () => {
    const p = await peer({
      rcpt: (a) => (a.startsWith('x') ? '550 5.1.1 no such user\r\n' : '250 2.1.5 Ok\r\n'),
    });
    const c = await connect(p);
    expect((await c.send(env('b@example.test'), MSG)).accepted).toEqual(['b@example.test']);
    const none = await c.send(env('x@example.test'), MSG);
    expect(none.accepted).toEqual([]);
    expect(none.rejected[0]?.code).toBe(550);
    expect(none.dataReply).toBeUndefined();
    expect((await c.send(env('c@example.test'), MSG)).accepted).toEqual(['c@example.test']);
    expect(p.connections).toBe(1);
    expect(p.messages).toHaveLength(2);
    const verbs = p.commands.map((l) => l.split(/[ :]/)[0]);
    expect(verbs).toEqual([
      'EHLO',
      'MAIL',
      'RCPT',
      'DATA',
      'MAIL',
      'RCPT',
      'DATA',
      'RSET',
      'MAIL',
      'RCPT',
      'DATA',
    ]);
  });

  it('reports a refusal after the data as a refusal of every recipient', async () => {
    const p = await peer({ afterData: () => '554 5.7.1 Message rejected as spam\r\n' });
    const c = await connect(p);
    const r = await c.send(env('b@example.test', 'c@example.test'), MSG);
    expect(r.accepted).toEqual([]);
    expect(r.rejected.map((x) => [x.address, x.code, x.enhanced])).toEqual([
      ['b@example.test', 554, '5.7.1'],
      ['c@example.test', 554, '5.7.1'],
    ]);
    expect(c.state).toBe('ready');
  });

  it('throws server-said-no with the server words when MAIL is refused, and stays usable', async () => {
    const p = await peer({
      reply: (line, rec) =>
        line.startsWith('MAIL') && rec.commands.filter((l) => l.startsWith('MAIL')).length === 1
          ? '451 4.3.0 Try again later\r\n'
          : undefined,
    });
    const c = await connect(p);
    const e = await rejectionOf(c.send(env('b@example.test'), MSG));
    expect(e.kind).toBe('server-said-no');
    expect(e.code).toBe('451 4.3.0');
    expect(e.serverText).toBe('Try again later');
    expect(c.state).toBe('ready');
    expect((await c.send(env('b@example.test'), MSG)).accepted).toEqual(['b@example.test']);
  });

  it('refuses a message larger than SIZE before MAIL', async () => {
    const p = await peer({ ehlo: ['peer', 'SIZE 100'] });
    const c = await connect(p);
    const e = await rejectionOf(c.send(env('b@example.test'), Buffer.alloc(200, 0x61)));
    expect(e.kind).toBe('bad-input');
    expect(e.code).toBe('SIZE_EXCEEDED');
    expect(e.message).toContain('200 bytes');
    expect(p.commands).toEqual(['EHLO localhost']);
  });

  it('refuses CRLF in an address before sending anything', async () => {
    const p = await peer();
    const c = await connect(p);
    const e = await rejectionOf(c.send(env('b@example.test\r\nRCPT TO:<evil@example.test>'), MSG));
    expect(e.kind).toBe('bad-input');
    expect(p.commands).toEqual(['EHLO localhost']);
  });

  it('uses BODY=8BITMIME when offered, and re-encodes to 7 bit when not', async () => {
    const utf8 = Buffer.from('Subject: t\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGrüße\r\n');
    const p1 = await peer({ ehlo: ['peer', '8BITMIME'] });
    const c1 = await connect(p1);
    const r1 = await c1.send(env('b@example.test'), utf8);
    expect(r1.reencoded).toBe(false);
    expect(p1.commands).toContain('MAIL FROM:<a@example.test> BODY=8BITMIME');
    expect(decodeData(p1.messages[0] ?? Buffer.alloc(0)).equals(utf8)).toBe(true);

    const p2 = await peer({ ehlo: ['peer'] });
    const c2 = await connect(p2);
    const r2 = await c2.send(env('b@example.test'), utf8);
    expect(r2.reencoded).toBe(true);
    expect(p2.commands).toContain('MAIL FROM:<a@example.test>');
    const wire = p2.messages[0] ?? Buffer.alloc(0);
    expect(wire.some((b) => b > 0x7f)).toBe(false);
    expect(wire.toString('latin1')).toContain('Gr=C3=BC=C3=9Fe');
  });

  it('marks a connection lost after the final "." as delivery unknown', async () => {
    const p = await peer({ afterData: () => 'drop' });
    const c = await connect(p);
    const e = await rejectionOf(c.send(env('b@example.test'), MSG));
    expect(e.code).toBe('DELIVERY_UNKNOWN');
    expect(e.kind).toBe('network');
    expect(c.state).toBe('broken');
  });

  it('refuses bytes injected after the STARTTLS go-ahead (tls error, no handshake)', async () => {
    const p = await peer({
      ehlo: ['peer', 'STARTTLS', 'AUTH PLAIN'],
      reply: (line) =>
        line === 'STARTTLS'
          ? '220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 AUTH PLAIN\r\n'
          : undefined,
    });
    const e = await rejectionOf(connect(p, { tls: 'starttls' }));
    expect(e.kind).toBe('tls');
    expect(e.code).toBe('STARTTLS_INJECTION');
  });

  it('fails with a tls error naming STARTTLS when it is required and not offered; nothing else is sent', async () => {
    const p = await peer({ ehlo: ['peer', 'AUTH PLAIN LOGIN'] });
    const e = await rejectionOf(
      connect(p, { tls: 'starttls', credentials: { user: 'u', password: 'secret-pw' } }),
    );
    expect(e.kind).toBe('tls');
    expect(e.code).toBe('STARTTLS_NOT_OFFERED');
    expect(e.message).toContain('STARTTLS');
    expect(p.commands).toEqual(['EHLO localhost']);
  });

  it('goes on in plaintext when STARTTLS is opportunistic and not offered', async () => {
    const p = await peer({ ehlo: ['peer'] });
    const c = await connect(p, { tls: 'starttls', requireTls: false });
    expect(c.tls.used).toBe(false);
  });

  it('never sends AUTH over plaintext unless allowed', async () => {
    const lines: TranscriptLine[] = [];
    const p = await peer({ ehlo: ['peer', 'AUTH PLAIN LOGIN'] });
    const e = await rejectionOf(
      connect(p, { credentials: { user: 'u', password: 'secret-pw' }, transcript: (l) => lines.push(l) }),
    );
    expect(e.kind).toBe('tls');
    expect(e.code).toBe('PLAINTEXT_AUTH_REFUSED');
    expect(p.commands.some((l) => l.startsWith('AUTH'))).toBe(false);
    expect(lines.some((l) => l.direction === 'client' && l.text.startsWith('AUTH'))).toBe(false);
  });

  it('authenticates with LOGIN when allowed in plaintext, and keeps the password out of the transcript', async () => {
    const lines: TranscriptLine[] = [];
    let step = 0;
    const p = await peer({
      ehlo: ['peer', 'AUTH LOGIN'],
      reply: (line) => {
        if (line.startsWith('AUTH LOGIN')) {
          step = 1;
          return '334 VXNlcm5hbWU6\r\n';
        }
        if (step === 1) {
          step = 2;
          return Buffer.from(line, 'base64').toString() === 'ü-user'
            ? '334 UGFzc3dvcmQ6\r\n'
            : '535 bad user\r\n';
        }
        if (step === 2) {
          step = 3;
          return Buffer.from(line, 'base64').toString() === 'pässwörd'
            ? '235 2.7.0 Authentication successful\r\n'
            : '535 5.7.8 bad\r\n';
        }
        return undefined;
      },
    });
    const c = await connect(p, {
      credentials: { user: 'ü-user', password: 'pässwörd' },
      allowPlaintextAuth: true,
      transcript: (l) => lines.push(l),
    });
    expect(c.authMechanism).toBe('LOGIN');
    const text = lines.map((l) => l.text).join('\n');
    expect(text).not.toContain(Buffer.from('pässwörd').toString('base64'));
    expect(text).not.toContain('pässwörd');
  });

  it('reports a refused login as an auth error with the server words', async () => {
    const p = await peer({
      ehlo: ['peer', 'AUTH PLAIN'],
      reply: (line) =>
        line.startsWith('AUTH') ? '535 5.7.8 Error: authentication failed: bad credentials\r\n' : undefined,
    });
    const e = await rejectionOf(
      connect(p, { credentials: { user: 'u', password: 'p' }, allowPlaintextAuth: true }),
    );
    expect(e.kind).toBe('auth');
    expect(e.serverText).toContain('authentication failed');
    expect(e.code).toBe('535 5.7.8');
  });

  it('runs XOAUTH2: on a JSON challenge it answers empty and reports the details with the refusal', async () => {
    const seen: string[] = [];
    const p = await peer({
      ehlo: ['peer', 'AUTH XOAUTH2 PLAIN'],
      reply: (line) => {
        if (line.startsWith('AUTH XOAUTH2 ')) {
          seen.push(Buffer.from(line.slice(13), 'base64').toString());
          return `334 ${Buffer.from('{"status":"401","schemes":"bearer"}').toString('base64')}\r\n`;
        }
        if (seen.length === 1) {
          seen.push(line);
          return '535 5.7.8 Username and Password not accepted\r\n';
        }
        return undefined;
      },
    });
    const e = await rejectionOf(
      connect(p, { credentials: { user: 'u@example.test', accessToken: 'tok' }, allowPlaintextAuth: true }),
    );
    expect(seen).toEqual(['user=u@example.test\x01auth=Bearer tok\x01\x01', '']);
    expect(e.kind).toBe('auth');
    expect(e.serverText).toContain('"status":"401"');
  });

  describe('sendBatch', () => {
    const items = (n: number, to = 'b@example.test') =>
      Array.from({ length: n }, (_, i) => ({
        envelope: env(to),
        message: Buffer.from(`Subject: m${i}\r\n\r\nbody ${i}\r\n`),
      }));

    it('sends the next MAIL/RCPT/DATA behind each final "." (the peer answers the "." only then)', async () => {
      // A client that waited for the reply to "." before the next MAIL would wait forever.
      const p = await peer({ holdDataReplies: 2 });
      const c = await connect(p);
      const out = await c.sendBatch(items(3));
      expect(out.map((o) => (o.ok ? o.result.accepted : o.error.message))).toEqual([
        ['b@example.test'],
        ['b@example.test'],
        ['b@example.test'],
      ]);
      expect(p.messages.map((m) => decodeData(m).toString())).toEqual(
        [0, 1, 2].map((i) => `Subject: m${i}\r\n\r\nbody ${i}\r\n`),
      );
      // Each group went out exactly once.
      expect(p.commands.filter((l) => l.startsWith('MAIL'))).toHaveLength(3);
      expect(c.state).toBe('ready');
    });

    it('gives a bad message its own error and sends the others', async () => {
      const p = await peer();
      const c = await connect(p);
      const batch = items(3);
      batch[1] = { envelope: env('bad\r\naddress@example.test'), message: Buffer.from('x') };
      const out = await c.sendBatch(batch);
      expect(out.map((o) => o.ok)).toEqual([true, false, true]);
      expect(!out[1]?.ok && out[1]?.error.kind).toBe('bad-input');
      expect(p.messages).toHaveLength(2);
    });

    it('resets after a message whose recipients were all refused, then goes on', async () => {
      const p = await peer({ rcpt: (a) => (a.startsWith('x') ? '550 5.1.1 no\r\n' : '250 2.1.5 Ok\r\n') });
      const c = await connect(p);
      const out = await c.sendBatch([...items(1, 'x@example.test'), ...items(1)]);
      expect(out[0]?.ok && out[0].result.rejected[0]?.code).toBe(550);
      expect(out[1]?.ok && out[1].result.accepted).toEqual(['b@example.test']);
      expect(p.commands).toContain('RSET');
    });

    it('reports delivery unknown for the message in flight and "not sent" for the rest when the connection drops', async () => {
      const p = await peer({ afterData: () => 'drop' });
      const c = await connect(p);
      const out = await c.sendBatch(items(3));
      expect(out.map((o) => (o.ok ? 'ok' : (o.error.code ?? o.error.kind)))).toEqual([
        'DELIVERY_UNKNOWN',
        'network',
        'network',
      ]);
      expect(p.messages).toHaveLength(1);
      expect(c.state).toBe('broken');
    });

    it('sends one message per round trip group without PIPELINING', async () => {
      const p = await peer({ ehlo: ['peer'] });
      const c = await connect(p);
      const out = await c.sendBatch(items(2));
      expect(out.every((o) => o.ok)).toBe(true);
      for (const read of p.reads) expect(read).toHaveLength(1);
    });
  });

  it('turns a malformed reply into a protocol error and a refusing greeting into server-said-no', async () => {
    const bad = await peer({ greeting: 'hello there\r\n' });
    expect((await rejectionOf(connect(bad))).kind).toBe('protocol');
    const busy = await peer({ greeting: '554 5.3.2 No SMTP service here\r\n' });
    const e = await rejectionOf(connect(busy));
    expect(e.kind).toBe('server-said-no');
    expect(e.serverText).toBe('No SMTP service here');
  });
});
