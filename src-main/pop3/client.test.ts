import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Pop3Client } from './client';
import { block, ScriptedTransport, type Step } from './testing/scripted-transport';
import { rejectionOf } from '../testing/rejection';

const GREETING = '+OK Dovecot ready. <1896.697170952@dbc.mtview.ca.us>';
/** RFC 4616 PLAIN initial response, computed independently of the code under test. */
const saslPlain = (u: string, p: string) => Buffer.from(`\0${u}\0${p}`, 'utf8').toString('base64');

const CAPA_PIPE = block('+OK', ['CAPA', 'TOP', 'UIDL', 'USER', 'PIPELINING', 'SASL PLAIN', 'STLS']);

async function session(steps: Step[], secure = true) {
  const t = new ScriptedTransport([{ s: GREETING }, ...steps], { secure });
  const c = new Pop3Client(t);
  await c.readGreeting();
  return { t, c };
}

describe('Pop3Client', () => {
  it('walks greeting → authorization → transaction → update → closed with SASL PLAIN', async () => {
    const { t, c } = await session([
      { c: 'CAPA' },
      ...CAPA_PIPE,
      { c: `AUTH PLAIN ${saslPlain('pop1', 'pässword')}` },
      { s: '+OK Logged in.' },
      { c: 'CAPA' },
      ...CAPA_PIPE,
      { c: 'STAT' },
      { s: '+OK 2 320' },
      { c: 'QUIT' },
      { s: '+OK Logging out, messages deleted.' },
    ]);
    expect(c.state).toBe('authorization');
    expect(c.apopTimestamp).toBe('<1896.697170952@dbc.mtview.ca.us>');
    await c.capa();
    expect(c.pipelining).toBe(true);
    await c.login({ user: 'pop1', password: 'pässword' });
    expect(c.state).toBe('transaction');
    expect(await c.stat()).toEqual({ count: 2, size: 320 });
    await c.quit();
    expect(c.state).toBe('closed');
    expect(t.closed).toBe(true);
    expect(t.finished).toBe(true);
    expect(t.secrets).toEqual([`AUTH PLAIN ${saslPlain('pop1', 'pässword')}`]);
  });

  it('computes the APOP digest per RFC 1939 §7 (the RFC example)', async () => {
    const { t, c } = await session([
      { c: 'APOP mrose c4c9334bac560ecc979e58001b3e22fb' },
      { s: '+OK maildrop has 1 message' },
    ]);
    await c.login({ user: 'mrose', password: 'tanstaaf', method: 'apop' });
    expect(createHash('md5').update('<1896.697170952@dbc.mtview.ca.us>tanstaaf').digest('hex')).toBe(
      'c4c9334bac560ecc979e58001b3e22fb',
    );
    expect(t.finished).toBe(true);
  });

  it('falls back to USER/PASS on a server without CAPA and marks PASS as secret', async () => {
    const { t, c } = await session([
      { c: 'CAPA' },
      { s: '-ERR unknown command' },
      { c: 'USER u' },
      { s: '+OK' },
      { c: 'PASS p w' },
      { s: '+OK' },
    ]);
    expect(await c.capa()).toBeUndefined();
    await c.login({ user: 'u', password: 'p w' });
    expect(c.pipelining).toBe(false);
    expect(t.secrets).toEqual(['PASS p w']);
    expect(t.finished).toBe(true);
  });

  it('refuses a password over plaintext without consent, before sending anything', async () => {
    const { t, c } = await session([], false);
    const e = await rejectionOf(c.login({ user: 'u', password: 'p' }));
    expect(e.kind).toBe('tls');
    expect(t.sent).toEqual([]);
  });

  it('refuses CR/LF in credentials (command injection)', async () => {
    const { c } = await session([]);
    expect((await rejectionOf(c.login({ user: 'u\r\nDELE 1', password: 'p' }))).kind).toBe('bad-input');
  });

  it.each([
    ['-ERR [AUTH] Authentication failed.', 'auth', /user name or password/],
    ['-ERR [IN-USE] Mailbox locked', 'server-said-no', /in use by another session/],
    ['-ERR [LOGIN-DELAY] too soon', 'server-said-no', /every few minutes/],
    ['-ERR [SYS/TEMP] database down', 'server-said-no', /temporary problem/],
    ['-ERR [SYS/PERM] mailbox broken', 'server-said-no', /lasting problem/],
    ['-ERR bad password', 'auth', /user name or password/],
  ])('maps %s to a clear %s error with the server words', async (reply, kind, message) => {
    const { c } = await session([{ c: 'USER u' }, { s: '+OK' }, { c: 'PASS p' }, { s: reply }]);
    const e = await rejectionOf(c.login({ user: 'u', password: 'p', method: 'user' }));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(message);
    expect(e.serverText).toBe(reply.slice(5));
    expect(e.message).not.toContain('p\r');
  });

  it('refuses STLS when CAPA does not offer it, and refuses a -ERR greeting', async () => {
    const { c } = await session([{ c: 'CAPA' }, ...block('+OK', ['USER'])], false);
    await c.capa();
    expect((await rejectionOf(c.stls())).kind).toBe('tls');
    const t2 = new ScriptedTransport([{ s: '-ERR [SYS/TEMP] overloaded' }]);
    expect((await rejectionOf(new Pop3Client(t2).readGreeting())).message).toMatch(/temporary/);
  });

  it('refuses bytes sent after the STLS +OK and before the handshake (injection), never starting TLS', async () => {
    const { t, c } = await session(
      [
        { c: 'CAPA' },
        ...block('+OK', ['STLS', 'USER']),
        { c: 'STLS' },
        { s: '+OK Begin TLS\r\n+OK injected' },
      ],
      false,
    );
    await c.capa();
    const e = await rejectionOf(c.stls());
    expect(['tls', 'protocol']).toContain(e.kind);
    expect(t.tls).toBeUndefined();
    expect(c.secure).toBe(false);
  });

  it('STLS upgrades, then forgets the CAPA learnt in the clear and asks again', async () => {
    const { t, c } = await session(
      [
        { c: 'CAPA' },
        ...block('+OK', ['STLS', 'SASL']),
        { c: 'STLS' },
        { s: '+OK Begin TLS' },
        { c: 'CAPA' },
        ...block('+OK', ['SASL PLAIN', 'PIPELINING']),
      ],
      false,
    );
    await c.capa();
    expect(c.pipelining).toBe(false);
    await c.stls();
    expect(c.secure).toBe(true);
    expect(c.pipelining).toBe(true);
    expect(c.capabilities?.get('SASL')).toEqual(['PLAIN']);
    expect(t.finished).toBe(true);
  });

  it('reads LIST, UIDL, RETR (unstuffed) and TOP; UIDL -ERR means unsupported', async () => {
    const { c } = await session([
      { c: 'USER u' },
      { s: '+OK' },
      { c: 'PASS p' },
      { s: '+OK' },
      { c: 'LIST' },
      ...block('+OK 2 messages', ['1 120', '2 200']),
      { c: 'UIDL' },
      ...block('+OK', ['1 whqtswO00WBw418f9t5JxYwZ', '2 QhdPYR:00WBw1Ph7x7']),
      { c: 'RETR 1' },
      ...block('+OK', ['Subject: a', '', '.dot line', '.']),
      { c: 'TOP 2 0' },
      ...block('+OK', ['Subject: b', '']),
      { c: 'UIDL' },
      { s: '-ERR command not supported' },
    ]);
    await c.login({ user: 'u', password: 'p', method: 'user' });
    expect(await c.list()).toEqual([
      { n: 1, size: 120 },
      { n: 2, size: 200 },
    ]);
    expect((await c.uidl())?.map((u) => u.uid)).toEqual(['whqtswO00WBw418f9t5JxYwZ', 'QhdPYR:00WBw1Ph7x7']);
    expect((await c.retr(1)).toString()).toBe('Subject: a\r\n\r\n.dot line\r\n.\r\n');
    expect((await c.top(2, 0)).toString()).toBe('Subject: b\r\n\r\n');
    expect(await c.uidl()).toBeUndefined();
  });

  it('pipelines when offered: all commands of a window go out before the first response is read', async () => {
    const { t, c } = await session([
      { c: 'CAPA' },
      ...CAPA_PIPE,
      { c: /^AUTH PLAIN / },
      { s: '+OK' },
      { c: 'CAPA' },
      ...CAPA_PIPE,
      { c: 'DELE 1' },
      { s: '+OK' },
      { c: 'DELE 2' },
      { s: '-ERR no such message' },
      { c: 'DELE 3' },
      { s: '+OK' },
    ]);
    await c.capa();
    await c.login({ user: 'u', password: 'p' });
    const seen: string[] = [];
    const writesBefore = t.sent.length;
    await c.pipeline(
      [1, 2, 3].map((n) => ({ line: `DELE ${n}`, shape: 'single' as const })),
      (r, i) => {
        // With PIPELINING, all three were on the wire before the first answer was handled.
        if (i === 0) expect(t.sent.length - writesBefore).toBe(3);
        seen.push(`${i}:${r.status.ok}`);
      },
    );
    expect(seen).toEqual(['0:true', '1:false', '2:true']);
  });

  it('keeps at most 64 commands in flight and tops the window up in few writes, answers in order', async () => {
    const n = 100;
    const { t, c } = await session([
      { c: 'CAPA' },
      ...CAPA_PIPE,
      { c: /^AUTH PLAIN / },
      { s: '+OK' },
      { c: 'CAPA' },
      ...CAPA_PIPE,
      ...Array.from({ length: n }, (_, i): Step[] => [{ c: `DELE ${i + 1}` }, { s: `+OK ${i + 1}` }]).flat(),
    ]);
    await c.capa();
    await c.login({ user: 'u', password: 'p' });
    const write = t.write.bind(t);
    let writes = 0;
    t.write = (data, options) => {
      writes += 1;
      return write(data, options);
    };
    const before = t.sent.length;
    const seen: string[] = [];
    await c.pipeline(
      Array.from({ length: n }, (_, i) => ({ line: `DELE ${i + 1}`, shape: 'single' as const })),
      (r, i) => {
        expect(t.sent.length - before - i).toBeLessThanOrEqual(64);
        seen.push(r.status.text);
      },
    );
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => String(i + 1)));
    expect(writes).toBeLessThanOrEqual(4);
    expect(t.finished).toBe(true);
  });

  it('refuses commands outside their state, and a non-POP3 reply as a protocol error', async () => {
    const { c } = await session([{ c: 'USER u' }, { s: '+OK' }, { c: 'PASS p' }, { s: '* OK IMAP4rev1' }]);
    expect((await rejectionOf(c.stat())).kind).toBe('internal');
    expect((await rejectionOf(c.login({ user: 'u', password: 'p', method: 'user' }))).kind).toBe('protocol');
  });

  it('abort drops the connection without QUIT', async () => {
    const { t, c } = await session([]);
    c.abort();
    expect(t.destroyed).toBe(true);
    expect(c.state).toBe('closed');
    expect(t.sent).toEqual([]);
  });
});
