/**
 * The client state machine against a scripted peer on loopback. A mock is used here only for
 * what no real server does on demand: answering out of order, refusing a literal, sending
 * BYE or garbage mid-command, smuggling bytes after STARTTLS. Everything else is tested
 * against the real Dovecot in *.int.test.ts.
 */
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import { Connection } from '../net/connection';
import { ImapClient } from './client';
import { append } from './commands/append';
import { authenticate } from './commands/authenticate';
import { enable } from './commands/enable';
import { status } from './commands/status';
import { connectImap } from './connect';
import { list } from './commands/list';
import { uidSearch } from './commands/search';
import { select } from './commands/select';
import { raw } from './serialize';
import { idle, IDLE_RENEW_MS } from './commands/idle';
import { watch } from './commands/watch';
import type { UntaggedData } from './types';

interface Peer {
  send(text: string): void;
  line(): Promise<string>;
  bytes(n: number): Promise<Buffer>;
  end(): void;
}

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A loopback server running `script` for its one connection; returns its port. */
async function scriptedPeer(script: (peer: Peer) => Promise<void>): Promise<number> {
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let wake: (() => void) | null = null;
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      wake?.();
    });
    socket.on('error', () => {});
    const waitFor = async (ready: () => boolean): Promise<void> => {
      for (let i = 0; i < 1000 && !ready(); i++) await new Promise<void>((r) => (wake = r));
    };
    const peer: Peer = {
      send: (text) => socket.write(text),
      async line() {
        await waitFor(() => buffer.includes('\r\n'));
        const at = buffer.indexOf('\r\n');
        const text = buffer.subarray(0, at).toString('latin1');
        buffer = buffer.subarray(at + 2);
        return text;
      },
      async bytes(n) {
        await waitFor(() => buffer.length >= n);
        const out = buffer.subarray(0, n);
        buffer = buffer.subarray(n);
        return out;
      },
      end: () => socket.end(),
    };
    script(peer).catch(() => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

async function clientFor(port: number, greeting = true): Promise<ImapClient> {
  const conn = await Connection.connect({
    host: '127.0.0.1',
    port,
    tls: false,
    idleTimeoutMs: 5_000,
    protocol: 'imap',
  });
  const client = new ImapClient(conn);
  if (greeting) await client.readGreeting();
  return client;
}

describe('ImapClient', () => {
  it('pipelines: three commands are on the wire before the first answer, results go to the right command', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1 LIST-STATUS] ready\r\n');
      const lines = [await p.line(), await p.line(), await p.line()];
      expect(lines.map((l) => l.split(' ').slice(1, 2)[0])).toEqual(['LIST', 'LIST', 'NOOP']);
      const [t1, t2, t3] = lines.map((l) => l.split(' ')[0]);
      // Answers out of order, with untagged data before the tagged completions.
      p.send(`* LIST () "/" "B"\r\n${t3} OK noop\r\n* LIST () "/" "A"\r\n${t2} OK done\r\n${t1} OK done\r\n`);
    });
    const c = await clientFor(port);
    expect(c.state).toBe('authenticated');
    const [a, b, n] = await Promise.all([
      list(c, { pattern: 'A' }),
      list(c, { pattern: 'B' }),
      c.execute('NOOP'),
    ]);
    // LIST responses carry no tag: each LIST keeps those its pattern matches; NOOP collects none.
    expect(a.mailboxes.map((m) => m.mailbox)).toEqual(['A']);
    expect(b.mailboxes.map((m) => m.mailbox)).toEqual(['B']);
    expect(n.untagged).toEqual([]);
    c.destroy();
  });

  it('waits for "+" before a synchronising literal, and survives a NO instead of "+"', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n');
      const first = await p.line();
      expect(first).toMatch(/^A1 APPEND INBOX \{5\}$/);
      p.send('+ go ahead\r\n');
      expect((await p.bytes(7)).toString()).toBe('hello\r\n');
      p.send('A1 OK [APPENDUID 7 42] done\r\n');
      const second = await p.line();
      expect(second).toMatch(/^A2 APPEND INBOX \{3\}$/);
      p.send('A2 NO [OVERQUOTA] too big\r\n');
      expect(await p.line()).toBe('A3 NOOP');
      p.send('A3 OK fine\r\n');
    });
    const c = await clientFor(port);
    expect(await append(c, 'INBOX', Buffer.from('hello'))).toEqual({ uidValidity: 7, uid: 42 });
    const refused = append(c, 'INBOX', Buffer.from('big'));
    await expect(refused).rejects.toMatchObject({
      kind: 'server-said-no',
      code: 'OVERQUOTA',
      serverText: 'too big',
    });
    await expect(c.execute('NOOP')).resolves.toMatchObject({ tagged: { status: 'OK' } });
    c.destroy();
  });

  it("a BYE and close mid-command rejects the command with the server's words", async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH ready\r\n');
      await p.line();
      p.send('* BYE Server shutting down\r\n');
      p.end();
    });
    const c = await clientFor(port);
    const err = await c.execute('NOOP').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailwrightError);
    expect(err).toMatchObject({ kind: 'network', serverText: 'Server shutting down' });
    expect(c.state).toBe('logout');
    await expect(c.execute('NOOP')).rejects.toMatchObject({ kind: 'network' });
  });

  it('garbage from the server is a protocol error, not a crash or hang', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH ready\r\n');
      await p.line();
      p.send('* 1 FETCH (UID banana)\r\n');
    });
    const c = await clientFor(port);
    await expect(c.execute('NOOP')).rejects.toMatchObject({ kind: 'protocol', code: 'IMAP_PARSE' });
    expect(c.state).toBe('logout');
  });

  it('refuses commands the state does not allow, before sending anything', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* OK ready\r\n');
      expect(await p.line()).toMatch(/^A1 NOOP$/); // the refused SELECT never reached the wire
      p.send('A1 OK\r\n');
    });
    const c = await clientFor(port);
    expect(c.state).toBe('not-authenticated');
    await expect(c.execute('SELECT', [raw('INBOX')])).rejects.toMatchObject({
      kind: 'internal',
      code: 'IMAP_STATE',
    });
    await c.execute('NOOP');
    c.destroy();
  });

  it('a greeting BYE and a non-IMAP greeting are clear errors', async () => {
    const bye = await scriptedPeer(async (p) => p.send('* BYE too many connections\r\n'));
    await expect(clientFor(bye)).rejects.toMatchObject({
      kind: 'server-said-no',
      serverText: 'too many connections',
    });
    const smtp = await scriptedPeer(async (p) => p.send('220 mail.example.test ESMTP\r\n'));
    await expect(clientFor(smtp)).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('STARTTLS: refuses bytes smuggled after the OK, and refuses when STARTTLS is not offered', async () => {
    const inject = await scriptedPeer(async (p) => {
      p.send('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n');
      const l = await p.line();
      p.send(`${l.split(' ')[0]} OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n`);
    });
    await expect(
      connectImap({ host: '127.0.0.1', port: inject, tls: 'starttls', connectTimeoutMs: 5_000 }),
    ).rejects.toMatchObject({
      kind: 'tls',
    });
    const none = await scriptedPeer(async (p) => p.send('* OK [CAPABILITY IMAP4rev1] ready\r\n'));
    await expect(connectImap({ host: '127.0.0.1', port: none, tls: 'starttls' })).rejects.toMatchObject({
      kind: 'tls',
      code: 'STARTTLS_NOT_OFFERED',
    });
  });

  it('never sends a password without TLS unless allowed', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
      // Any line here would be the password leaving: fail loudly if one comes.
      const l = await p.line();
      throw new Error(`unexpected ${l}`);
    });
    await expect(
      connectImap({ host: '127.0.0.1', port, tls: 'none', user: 'u', password: 'secret' }),
    ).rejects.toMatchObject({ kind: 'tls', code: 'PLAINTEXT_AUTH_REFUSED' });
  });

  it('watch: polls with NOOP where IDLE is missing, and renews IDLE where offered', async () => {
    const poll = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n');
      for (let i = 0; i < 3; i++) {
        const l = await p.line();
        expect(l).toMatch(/^A\d+ NOOP$/);
        p.send(`* ${i + 1} EXISTS\r\n${l.split(' ')[0]} OK\r\n`);
      }
      const l = await p.line(); // whatever comes last is answered so stop() can finish
      p.send(`${l.split(' ')[0]} OK\r\n`);
    });
    const c1 = await clientFor(poll);
    const seen: number[] = [];
    let third!: () => void;
    const gotThird = new Promise<void>((r) => (third = r));
    const w1 = watch(
      c1,
      (d: UntaggedData) => {
        if (d.type === 'exists') seen.push(d.count);
        if (seen.length === 3) third();
      },
      { pollMs: 5 },
    );
    await gotThird;
    await w1.stop();
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    c1.destroy();

    const idling = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready\r\n');
      for (let round = 0; round < 2; round++) {
        const l = await p.line();
        expect(l).toMatch(/^A\d+ IDLE$/);
        p.send('+ idling\r\n* 7 EXISTS\r\n');
        expect(await p.line()).toBe('DONE');
        p.send(`${l.split(' ')[0]} OK Idle completed\r\n`);
      }
    });
    const c2 = await clientFor(idling);
    let rounds = 0;
    let second!: () => void;
    const twice = new Promise<void>((r) => (second = r));
    const w2 = watch(
      c2,
      (d: UntaggedData) => {
        if (d.type === 'exists' && ++rounds === 2) second();
      },
      { renewMs: 5 },
    );
    await twice;
    await w2.stop();
    expect(rounds).toBe(2);
    // The default renewal (used when renewMs is not given) re-issues IDLE before 29 minutes.
    expect(IDLE_RENEW_MS).toBeLessThan(29 * 60_000);
    c2.destroy();
  });

  it('SELECT waits for commands in flight; their responses stay with the old mailbox', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n');
      let l = await p.line();
      expect(l).toBe('A1 SELECT A');
      p.send('* 5 EXISTS\r\n* OK [UIDVALIDITY 1] ok\r\nA1 OK [READ-WRITE] done\r\n');
      l = await p.line();
      expect(l).toBe('A2 NOOP');
      // SELECT B must not be on the wire yet: answer NOOP with data about mailbox A first.
      p.send('* 6 EXISTS\r\n* OK [HIGHESTMODSEQ 999] a change in A\r\nA2 OK\r\n');
      l = await p.line();
      expect(l).toBe('A3 SELECT B');
      p.send('* 1 EXISTS\r\n* OK [UIDVALIDITY 2] ok\r\n* OK [NOMODSEQ] none\r\nA3 OK [READ-WRITE] done\r\n');
    });
    const c = await clientFor(port);
    await select(c, 'A');
    const [, b] = await Promise.all([c.execute('NOOP'), select(c, 'B')]);
    expect(b).toMatchObject({ name: 'B', exists: 1, uidValidity: 2, highestModseq: null, noModseq: true });
    expect(c.state).toBe('selected');
    c.destroy();
  });

  it('XOAUTH2: sends the bearer token (SASL-IR), and ends a failure challenge with an empty line', async () => {
    const token = 'ya29.token';
    const expected = Buffer.from(`user=u@example.test\x01auth=Bearer ${token}\x01\x01`).toString('base64');
    const port = await scriptedPeer(async (p) => {
      p.send('* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] ready\r\n');
      expect(await p.line()).toBe(`A1 AUTHENTICATE XOAUTH2 ${expected}`);
      p.send('+ eyJzdGF0dXMiOiI0MDEifQ==\r\n');
      expect(await p.line()).toBe('');
      p.send('A1 NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
      expect(await p.line()).toBe(`A2 AUTHENTICATE XOAUTH2 ${expected}`);
      p.send('A2 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n');
    });
    const c = await clientFor(port);
    // A loopback peer without TLS: plaintext is allowed explicitly for the test only.
    const login = { user: 'u@example.test', accessToken: token, allowPlaintextAuth: true };
    await expect(authenticate(c, login)).rejects.toMatchObject({ kind: 'auth' });
    expect(c.state).toBe('not-authenticated');
    await authenticate(c, login);
    expect(c.state).toBe('authenticated');
    expect(c.has('IDLE')).toBe(true);
    c.destroy();
  });

  it('asks CAPABILITY after login when the OK did not carry it (post-login capabilities differ)', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready\r\n');
      expect(await p.line()).toMatch(/^A1 AUTHENTICATE PLAIN /);
      p.send('A1 OK Logged in\r\n');
      expect(await p.line()).toBe('A2 CAPABILITY');
      p.send('* CAPABILITY IMAP4rev1 MOVE CONDSTORE\r\nA2 OK\r\n');
    });
    const c = await clientFor(port);
    await authenticate(c, { user: 'u', password: 'p', allowPlaintextAuth: true });
    expect(c.has('MOVE')).toBe(true);
    expect(c.has('AUTH=PLAIN')).toBe(false);
    c.destroy();
  });

  it('UTF8=ACCEPT: before ENABLE names travel in modified UTF-7, after it in UTF-8, both read back as Unicode', async () => {
    // Dovecot 2.3 does not offer UTF8=ACCEPT, so this is the only place the switch is exercised.
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1 ENABLE UTF8=ACCEPT] ready\r\n');
      expect(await p.line()).toMatch(/^A1 STATUS "?&ANw-ber"? \(MESSAGES\)$/);
      p.send('* STATUS &ANw-ber (MESSAGES 1)\r\nA1 OK\r\n');
      expect(await p.line()).toBe('A2 ENABLE UTF8=ACCEPT');
      p.send('* ENABLED UTF8=ACCEPT\r\nA2 OK\r\n');
      const utf8 = Buffer.from(await p.line(), 'latin1').toString('utf8');
      expect(utf8).toMatch(/^A3 STATUS "?Über"? \(MESSAGES\)$/);
      p.send('* STATUS "Über" (MESSAGES 2)\r\nA3 OK\r\n');
    });
    const c = await clientFor(port);
    expect(c.utf8).toBe(false);
    expect(await status(c, 'Über', ['MESSAGES'])).toEqual({ MESSAGES: 1 });
    expect(await enable(c, ['UTF8=ACCEPT', 'QRESYNC'])).toEqual(['UTF8=ACCEPT']);
    expect(c.utf8).toBe(true);
    expect(await status(c, 'Über', ['MESSAGES'])).toEqual({ MESSAGES: 2 });
    c.destroy();
  });

  it('watch: a connection lost while idling ends the watch at once (not at the next renewal)', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready\r\n');
      expect(await p.line()).toMatch(/^A\d+ IDLE$/);
      p.send('+ idling\r\n');
      p.end(); // the server goes away mid-IDLE
    });
    const c = await clientFor(port);
    const w = watch(c, () => {}); // default renewal: 28 minutes away
    await expect(w.ended).rejects.toMatchObject({ kind: 'network' });
    await w.stop();
    c.destroy();

    // Polling: the connection drops between two NOOPs, a minute apart by default.
    const polled = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1] ready\r\n');
      const l = await p.line();
      expect(l).toMatch(/^A\d+ NOOP$/);
      p.send(`* 1 EXISTS\r\n${l.split(' ')[0]} OK\r\n`);
      p.end();
    });
    const c2 = await clientFor(polled);
    let polledOnce!: () => void;
    const once = new Promise<void>((r) => (polledOnce = r));
    const w2 = watch(c2, (d) => {
      if (d.type === 'exists') polledOnce();
    });
    // Nothing is in flight while it sleeps, so nothing reads the socket: the loss is found by
    // the next command. A destroy (as on shutdown or an idle timeout) must still end it at once.
    await once;
    await new Promise<void>((r) => setImmediate(r)); // the NOOP completes; the loop sleeps
    c2.destroy();
    await expect(w2.ended).rejects.toMatchObject({ kind: 'network' });
    await w2.stop();
  });

  it("after IDLE the connection's own idle timeout applies again (not a fixed 60 s whatever the session asked for)", async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready\r\n');
      const l = await p.line();
      p.send('+ idling\r\n');
      expect(await p.line()).toBe('DONE');
      p.send(`${l.split(' ')[0]} OK Idle completed\r\n`);
      await p.line(); // the NOOP, never answered
    });
    const conn = await Connection.connect({
      host: '127.0.0.1',
      port,
      tls: false,
      idleTimeoutMs: 300,
      protocol: 'imap',
    });
    const c = new ImapClient(conn, { idleTimeoutMs: 300 });
    await c.readGreeting();
    const handle = await idle(c, () => {});
    await handle.done();
    await expect(c.execute('NOOP')).rejects.toMatchObject({ kind: 'timeout' });
    c.destroy();
  });

  it('an ESEARCH answer naming billions of UIDs is a protocol error, not an out-of-memory', async () => {
    const port = await scriptedPeer(async (p) => {
      p.send('* PREAUTH [CAPABILITY IMAP4rev1 ESEARCH] ready\r\n');
      const l = await p.line();
      expect(l).toMatch(/^A\d+ UID SEARCH RETURN \(ALL\) ALL$/);
      const tag = l.split(' ')[0]!;
      p.send(`* ESEARCH (TAG "${tag}") UID ALL 1:4294967295\r\n${tag} OK done\r\n`);
    });
    const c = await clientFor(port);
    c.state = 'selected'; // the scripted peer skips SELECT: only the SEARCH answer matters here
    await expect(uidSearch(c, [raw('ALL')])).rejects.toMatchObject({
      kind: 'protocol',
      code: 'IMAP_BAD_SERVER_SET',
    });
    c.destroy();
  });
});
