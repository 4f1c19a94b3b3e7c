import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Maildir } from '../../store/maildir/maildir';
import { Pop3Client } from '../client';
import { block, ScriptedTransport, type Step } from '../testing/scripted-transport';
import { fetchMail } from './fetch';
import { fingerprint, headerValue, numberRepeats } from './fingerprint';
import { Ledger } from './ledger';

// The scripted peer stands in only for what Dovecot cannot be made to do: a server without
// UIDL. Everything else about retrieval is tested against the real Dovecot (*.int.test.ts).

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-fetch-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const MSG_A = ['Message-ID: <a@x>', 'Date: Mon, 1 Jan 2026 00:00:00 +0000', 'Subject: a', '', 'body a'];
const MSG_B = ['Message-ID: <b@x>', 'Date: Mon, 1 Jan 2026 00:00:00 +0000', 'Subject: b', '', '.dotted'];
const headersOf = (m: string[]) => m.slice(0, m.indexOf('') + 1);

/** A session on a server that has no UIDL and no PIPELINING (RFC 1939 only). */
function noUidlSession(after: Step[]): ScriptedTransport {
  return new ScriptedTransport([
    { s: '+OK ready' },
    { c: 'USER u' },
    { s: '+OK' },
    { c: 'PASS p' },
    { s: '+OK' },
    { c: 'LIST' },
    ...block('+OK', ['1 100', '2 120']),
    { c: 'UIDL' },
    { s: '-ERR unknown command' },
    { c: 'TOP 1 0' },
    ...block('+OK', headersOf(MSG_A)),
    { c: 'TOP 2 0' },
    ...block('+OK', headersOf(MSG_B)),
    ...after,
  ]);
}

async function run(t: ScriptedTransport, mode: 'keep' | 'delete', ledger: Ledger, maildir: Maildir) {
  const c = new Pop3Client(t);
  await c.readGreeting();
  await c.login({ user: 'u', password: 'p', method: 'user' });
  return fetchMail(c, { mode, ledger, maildir });
}

describe('fetchMail on a server without UIDL', () => {
  it('tells messages apart by TOP fingerprints in keep mode, and says so', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    const first = noUidlSession([
      { c: 'RETR 1' },
      ...block('+OK', MSG_A),
      { c: 'RETR 2' },
      ...block('+OK', MSG_B),
      { c: 'QUIT' },
      { s: '+OK bye' },
    ]);
    expect(await run(first, 'keep', ledger, maildir)).toMatchObject({
      downloaded: 2,
      usedFingerprints: true,
      deletedOnServer: 0,
    });
    expect(first.finished).toBe(true);
    const second = noUidlSession([{ c: 'QUIT' }, { s: '+OK bye' }]);
    expect(await run(second, 'keep', ledger, maildir)).toMatchObject({ downloaded: 0, alreadyHad: 2 });
    expect(second.finished).toBe(true);
    const bodies = await Promise.all((await maildir.list()).map((e) => maildir.read(e.id)));
    expect(bodies.map((b) => b.toString()).sort()).toEqual(
      [`${MSG_A.join('\r\n')}\r\n`, `${MSG_B.join('\r\n')}\r\n`].sort(),
    );
    ledger.close();
  });

  it('a cut after DELE (no QUIT) means: next time, delete without storing again', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    // The server answers the DELEs, then the script ends: QUIT gets no answer (a cut).
    const cut = noUidlSession([
      { c: 'RETR 1' },
      ...block('+OK', MSG_A),
      { c: 'RETR 2' },
      ...block('+OK', MSG_B),
      { c: 'DELE 1' },
      { s: '+OK' },
      { c: 'DELE 2' },
      { s: '+OK' },
      { c: 'QUIT' },
    ]);
    await expect(run(cut, 'delete', ledger, maildir)).rejects.toThrow();
    expect(cut.destroyed).toBe(true);
    expect([...ledger.all().values()].map((r) => r.state)).toEqual(['delete-pending', 'delete-pending']);
    const next = noUidlSession([
      { c: 'DELE 1' },
      { s: '+OK' },
      { c: 'DELE 2' },
      { s: '+OK' },
      { c: 'QUIT' },
      { s: '+OK' },
    ]);
    expect(await run(next, 'delete', ledger, maildir)).toMatchObject({ downloaded: 0, deletedOnServer: 2 });
    expect(next.finished).toBe(true);
    expect((await maildir.list()).length).toBe(2);
    expect([...ledger.all().values()].map((r) => r.state)).toEqual(['deleted', 'deleted']);
    ledger.close();
  });

  it('a storing intent whose file never landed is dropped and the message fetched again, once', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    const fpA = fingerprint(Buffer.from(`${headersOf(MSG_A).join('\r\n')}\r\n`), 100);
    ledger.put({
      uid: fpA,
      state: 'storing',
      firstSeen: 1,
      maildirId: 'never.written',
      size: 100,
      headersOnly: false,
    });
    const t = noUidlSession([
      { c: 'RETR 1' },
      ...block('+OK', MSG_A),
      { c: 'RETR 2' },
      ...block('+OK', MSG_B),
      { c: 'QUIT' },
      { s: '+OK' },
    ]);
    expect(await run(t, 'keep', ledger, maildir)).toMatchObject({ downloaded: 2 });
    expect((await maildir.list()).length).toBe(2);
    expect(ledger.get(fpA)?.state).toBe('kept');
    ledger.close();
  });
});

/** A session on a server with neither UIDL nor TOP: only RETR tells what a message is. */
function noIdsSession(after: Step[]): ScriptedTransport {
  return new ScriptedTransport([
    { s: '+OK ready' },
    { c: 'USER u' },
    { s: '+OK' },
    { c: 'PASS p' },
    { s: '+OK' },
    { c: 'LIST' },
    ...block('+OK', ['1 100', '2 120']),
    { c: 'UIDL' },
    { s: '-ERR unknown command' },
    { c: 'TOP 1 0' },
    { s: '-ERR unknown command' },
    { c: 'TOP 2 0' },
    { s: '-ERR unknown command' },
    ...after,
  ]);
}

const stored = async (maildir: Maildir) =>
  (await Promise.all((await maildir.list()).map((e) => maildir.read(e.id)))).map((b) => b.toString()).sort();

describe('fetchMail when the disk fails', () => {
  it('a failed write drops the whole unsynced batch (no visible file, nothing left in tmp/) and sends no QUIT', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    const stage = maildir.stage.bind(maildir);
    let calls = 0;
    maildir.stage = (bytes, options) => {
      calls += 1;
      return calls === 2
        ? Promise.reject(new Error('ENOSPC: no space left on device'))
        : stage(bytes, options);
    };
    const t = noUidlSession([
      { c: 'RETR 1' },
      ...block('+OK', MSG_A),
      { c: 'RETR 2' },
      ...block('+OK', MSG_B),
    ]);
    await expect(run(t, 'delete', ledger, maildir)).rejects.toThrow(/ENOSPC/);
    expect(t.destroyed).toBe(true);
    expect(t.sent).not.toContain('QUIT');
    expect(t.sent.filter((l) => l.startsWith('DELE'))).toEqual([]);
    expect(await maildir.list()).toEqual([]);
    expect(await readdir(join(dir, 'md', 'tmp'))).toEqual([]);
    // The intents left behind are dropped next time, and both messages come, once.
    maildir.stage = stage;
    const next = noUidlSession([
      { c: 'RETR 1' },
      ...block('+OK', MSG_A),
      { c: 'RETR 2' },
      ...block('+OK', MSG_B),
      { c: 'DELE 1' },
      { s: '+OK' },
      { c: 'DELE 2' },
      { s: '+OK' },
      { c: 'QUIT' },
      { s: '+OK' },
    ]);
    expect(await run(next, 'delete', ledger, maildir)).toMatchObject({ downloaded: 2, deletedOnServer: 2 });
    expect(await stored(maildir)).toEqual([`${MSG_A.join('\r\n')}\r\n`, `${MSG_B.join('\r\n')}\r\n`].sort());
    ledger.close();
  });
});

describe('fetchMail when the server refuses a RETR', () => {
  it('stops with server-said-no naming the message, with the server’s words, and stores nothing', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    const t = noUidlSession([{ c: 'RETR 1' }, { s: '-ERR message 1 is gone' }]);
    const e = await run(t, 'keep', ledger, maildir).catch((err: unknown) => err);
    expect(e).toMatchObject({
      kind: 'server-said-no',
      message: 'The POP3 server refused to send message 1: fetch again later.',
      serverText: 'message 1 is gone',
    });
    expect(await maildir.list()).toEqual([]);
    ledger.close();
  });

  it('says the same on a server with neither UIDL nor TOP (download-and-delete)', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    const t = noIdsSession([{ c: 'RETR 1' }, { s: '-ERR not now' }]);
    const e = await run(t, 'delete', ledger, maildir).catch((err: unknown) => err);
    expect(e).toMatchObject({
      kind: 'server-said-no',
      message: 'The POP3 server refused to send message 1: fetch again later.',
      serverText: 'not now',
    });
    expect(t.sent).not.toContain('DELE 1');
    ledger.close();
  });
});

describe('fetchMail on a server with neither UIDL nor TOP', () => {
  it('keep mode refuses with a clear error, reading every TOP answer and sending no QUIT', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    const t = noIdsSession([]);
    const e = await run(t, 'keep', ledger, maildir).catch((err: unknown) => err);
    expect(e).toMatchObject({
      kind: 'server-said-no',
      message: expect.stringMatching(/download-and-delete/),
    });
    expect(t.finished).toBe(true);
    expect(t.destroyed).toBe(true);
    expect(t.sent).not.toContain('QUIT');
    expect(await maildir.list()).toEqual([]);
    ledger.close();
  });

  it('delete mode still works; a cut before QUIT answers means: next time, delete without storing again', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    const retrBoth: Step[] = [
      { c: 'RETR 1' },
      ...block('+OK', MSG_A),
      { c: 'RETR 2' },
      ...block('+OK', MSG_B),
    ];
    const deleBoth: Step[] = [{ c: 'DELE 1' }, { s: '+OK' }, { c: 'DELE 2' }, { s: '+OK' }];
    const cut = noIdsSession([...retrBoth, ...deleBoth, { c: 'QUIT' }]);
    await expect(run(cut, 'delete', ledger, maildir)).rejects.toThrow();
    expect(cut.destroyed).toBe(true);
    expect([...ledger.all().values()].map((r) => r.state)).toEqual(['delete-pending', 'delete-pending']);
    const next = noIdsSession([...retrBoth, ...deleBoth, { c: 'QUIT' }, { s: '+OK' }]);
    expect(await run(next, 'delete', ledger, maildir)).toMatchObject({
      downloaded: 0,
      alreadyHad: 2,
      deletedOnServer: 2,
      usedFingerprints: true,
    });
    expect(next.finished).toBe(true);
    expect(await stored(maildir)).toEqual([`${MSG_A.join('\r\n')}\r\n`, `${MSG_B.join('\r\n')}\r\n`].sort());
    expect([...ledger.all().values()].map((r) => r.state)).toEqual(['deleted', 'deleted']);
    ledger.close();
  });

  it('a different message under a known fingerprint is stored before it is deleted', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    // No Message-ID or Date, same size: the two messages of each session share fingerprints.
    const first = [
      ['Subject: one', '', 'first'],
      ['Subject: two', '', 'second'],
    ];
    const later = [
      ['Subject: three', '', 'third'],
      ['Subject: four', '', 'fourth'],
    ];
    const session = (msgs: string[][]) =>
      noIdsSession([
        ...msgs.flatMap((m, i) => [{ c: `RETR ${i + 1}` }, ...block('+OK', m)]),
        ...[1, 2].flatMap((n) => [{ c: `DELE ${n}` }, { s: '+OK' }]),
        { c: 'QUIT' },
        { s: '+OK' },
      ]);
    expect(await run(session(first), 'delete', ledger, maildir)).toMatchObject({ downloaded: 2 });
    expect(await run(session(later), 'delete', ledger, maildir)).toMatchObject({
      downloaded: 2,
      alreadyHad: 0,
      deletedOnServer: 2,
    });
    expect(await stored(maildir)).toEqual([...first, ...later].map((m) => `${m.join('\r\n')}\r\n`).sort());
    ledger.close();
  });
});

describe('fetchMail with TOP fingerprints, when a fingerprint comes back', () => {
  it('a new message matching the fingerprint of one the server deleted is downloaded, not deleted unseen', async () => {
    const maildir = await Maildir.open(join(dir, 'md'));
    const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'u@h');
    // No Message-ID or Date and the same size: A and, later, B have one fingerprint.
    const msgA = ['Subject: a', '', 'first message'];
    const msgB = ['Subject: b', '', 'a different one'];
    const session = (msg: string[]) =>
      new ScriptedTransport([
        { s: '+OK ready' },
        { c: 'USER u' },
        { s: '+OK' },
        { c: 'PASS p' },
        { s: '+OK' },
        { c: 'LIST' },
        ...block('+OK', ['1 100']),
        { c: 'UIDL' },
        { s: '-ERR unknown command' },
        { c: 'TOP 1 0' },
        ...block('+OK', headersOf(msg)),
        { c: 'RETR 1' },
        ...block('+OK', msg),
        { c: 'DELE 1' },
        { s: '+OK' },
        { c: 'QUIT' },
        { s: '+OK' },
      ]);
    const a = session(msgA);
    expect(await run(a, 'delete', ledger, maildir)).toMatchObject({ downloaded: 1, deletedOnServer: 1 });
    const b = session(msgB);
    expect(await run(b, 'delete', ledger, maildir)).toMatchObject({ downloaded: 1, deletedOnServer: 1 });
    expect(b.finished).toBe(true);
    expect(await stored(maildir)).toEqual([`${msgA.join('\r\n')}\r\n`, `${msgB.join('\r\n')}\r\n`].sort());
    ledger.close();
  });
});

describe('fingerprints', () => {
  it('read folded headers case-insensitively and number repeats', () => {
    const h = Buffer.from('message-id:\r\n <x@y>\r\nDate: now\r\n\r\nMessage-ID: <body@z>\r\n');
    expect(headerValue(h, 'Message-ID')).toBe('<x@y>');
    expect(headerValue(h, 'X-None')).toBe('');
    expect(fingerprint(h, 10)).not.toBe(fingerprint(h, 11));
    expect(numberRepeats(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a#2', 'a#3']);
  });
});
