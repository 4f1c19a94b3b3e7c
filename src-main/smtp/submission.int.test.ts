/**
 * Submission against the real Postfix (587 STARTTLS, 465 implicit TLS, 2525 weak) with
 * Dovecot SASL, and what arrived read back from the recipient's Maildir on disk.
 * Messages are found by a unique subject, so other suites sharing the mailboxes do not matter.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { mailboxMessages, serverEnv } from '../../e2e/servers/env';
import { composeMessage, type ComposeInput } from '../mime/compose';
import type { TranscriptLine } from '../net/connection';
import { submit, type SubmissionOptions } from './delivery';
import { rejectionOf } from '../testing/rejection';

const env = serverEnv();
const alice = env.users.alice;

function account(extra: Partial<SubmissionOptions> = {}): SubmissionOptions {
  return {
    host: env.mail.host,
    port: env.mail.submission,
    tls: 'starttls',
    servername: env.mail.hostname,
    ca: env.caPem,
    credentials: { user: alice.user, password: alice.password },
    ...extra,
  };
}

async function compose(extra: Partial<ComposeInput> = {}) {
  const tag = `mw-${randomUUID()}`;
  const m = await composeMessage({
    from: 'Alice <alice@example.test>',
    to: ['carol@example.test'],
    subject: `test ${tag}`,
    text: 'hello\n',
    ...extra,
  });
  return { ...m, tag };
}

/** Polls carol's Maildir until a message containing `tag` is there: at most 200 × 50 ms. */
async function arrived(user: string, tag: string): Promise<Buffer> {
  for (let i = 0; i < 200; i++) {
    const found = (await mailboxMessages(user)).find((m) => m.includes(tag));
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`message ${tag} did not arrive in ${user}'s INBOX`);
}

function bodyOf(raw: Buffer): Buffer {
  const i = raw.indexOf('\r\n\r\n');
  return raw.subarray(i + 4);
}

describe('submission to Postfix', () => {
  it.each(['PLAIN', 'LOGIN'] as const)('delivers over STARTTLS with AUTH %s', async (mechanism) => {
    const m = await compose();
    const lines: TranscriptLine[] = [];
    const report = await submit(
      { envelope: m.envelope, raw: m.raw },
      account({ mechanism, transcript: (l) => lines.push(l) }),
    );
    expect(report.accepted).toEqual(['carol@example.test']);
    expect(report.rejected).toEqual([]);
    expect(report.tls).toBe(true);
    expect(report.tlsVerified).toBe(true);
    const text = lines.map((l) => `${l.direction}: ${l.text}`).join('\n');
    expect(text).toContain(`client: AUTH ${mechanism}`);
    expect(text).toMatch(/client: STARTTLS[\s\S]*TLS established[\s\S]*client: EHLO/);
    expect(text).not.toContain(alice.password);
    expect(text).not.toContain(Buffer.from(alice.password).toString('base64'));
    const got = await arrived('carol', m.tag);
    expect((await simpleParser(got)).messageId).toBe(m.messageId);
  });

  it.each(['PLAIN', 'LOGIN'] as const)('logs in with a UTF-8 password over %s', async (mechanism) => {
    const uni = env.users.uni;
    const m = await compose({ from: uni.user });
    const report = await submit(
      { envelope: m.envelope, raw: m.raw },
      account({ mechanism, credentials: { user: uni.user, password: uni.password } }),
    );
    expect(report.accepted).toEqual(['carol@example.test']);
  });

  it('delivers over implicit TLS on 465', async () => {
    const m = await compose();
    const report = await submit(
      { envelope: m.envelope, raw: m.raw },
      account({ tls: 'implicit', port: env.mail.submissions }),
    );
    expect(report.accepted).toEqual(['carol@example.test']);
    expect(report.hops[0]?.tls.protocol).toMatch(/^TLSv1\.[23]$/);
    await arrived('carol', m.tag);
  });

  it('reports a wrong password as an auth error with the server words', async () => {
    const m = await compose();
    const e = await rejectionOf(
      submit(
        { envelope: m.envelope, raw: m.raw },
        account({ credentials: { user: alice.user, password: 'wrong' } }),
      ),
    );
    expect(e.kind).toBe('auth');
    expect(e.code).toMatch(/^535/);
    expect(e.serverText).toMatch(/authentication failed/i);
    expect(e.message).not.toContain('wrong');
  });

  it('returns a partial result for one good and one refused recipient', async () => {
    const m = await compose({ to: ['carol@example.test', 'nobody@example.test'] });
    const report = await submit({ envelope: m.envelope, raw: m.raw }, account());
    expect(report.accepted).toEqual(['carol@example.test']);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]).toMatchObject({
      address: 'nobody@example.test',
      code: 550,
      enhanced: '5.1.1',
      temporary: false,
    });
    expect(report.rejected[0]?.text).toContain('nobody@example.test');
    await arrived('carol', m.tag);
  });

  it('delivers to a Bcc recipient whose address appears in no header', async () => {
    const m = await compose({ to: ['carol@example.test'], bcc: ['bob@example.test'] });
    expect(m.envelope.to).toEqual(['carol@example.test', 'bob@example.test']);
    const report = await submit({ envelope: m.envelope, raw: m.raw }, account());
    expect(report.accepted.sort()).toEqual(['bob@example.test', 'carol@example.test']);
    const atBob = await arrived('bob', m.tag);
    // What arrived is what we sent, behind the servers' own trace headers (Received, Return-Path).
    expect(atBob.subarray(atBob.length - m.raw.length).equals(m.raw)).toBe(true);
    const headers = m.raw.subarray(0, m.raw.indexOf('\r\n\r\n')).toString('utf8');
    expect(headers).not.toMatch(/^bcc:/im);
    expect(headers).not.toContain('bob@example.test');
    await arrived('carol', m.tag);
  });

  it('delivers a body with lines starting with "." byte for byte', async () => {
    const text = '.\n..\n.leading dot\n...three\nmiddle . dot\n.\r\nend\n';
    const m = await compose({ text });
    await submit({ envelope: m.envelope, raw: m.raw }, account());
    const got = await arrived('carol', m.tag);
    expect(bodyOf(got).equals(bodyOf(m.raw))).toBe(true);
    expect(bodyOf(got).toString('latin1')).toContain('\r\n..\r\n.leading dot\r\n');
  });

  it('round-trips a non-ASCII subject and a UTF-8 body', async () => {
    const text = 'Grüße, Ζεύς, 日本語, emoji 🎉\nzweite Zeile\n';
    const m = await compose({ text });
    const subject = `Ünïcödé ✓ ${m.tag}`;
    const m2 = await composeMessage({
      from: 'alice@example.test',
      to: ['carol@example.test'],
      subject,
      text,
    });
    await submit({ envelope: m2.envelope, raw: m2.raw }, account());
    const parsed = await simpleParser(await arrived('carol', m2.messageId));
    expect(parsed.subject).toBe(subject);
    expect(parsed.text).toBe(text);
  });

  it('adds SMTPUTF8 to MAIL FROM for a non-ASCII address, which Postfix then judges per recipient', async () => {
    const m = await compose({ to: ['jürgen@example.test', 'carol@example.test'] });
    const lines: TranscriptLine[] = [];
    const report = await submit(
      { envelope: m.envelope, raw: m.raw },
      account({ transcript: (l) => lines.push(l) }),
    );
    const mail = lines.find((l) => l.direction === 'client' && l.text.startsWith('MAIL FROM:'));
    expect(mail?.text).toMatch(/ SMTPUTF8$/);
    expect(report.accepted).toEqual(['carol@example.test']);
    // Refused as an unknown user, not as bad syntax: the UTF-8 address was understood.
    expect(report.rejected).toMatchObject([{ address: 'jürgen@example.test', code: 550, enhanced: '5.1.1' }]);
    // Not waited for in carol's Maildir: Dovecot's LMTP does not offer SMTPUTF8, so Postfix
    // bounces an SMTPUTF8 message there (dsn 5.6.7) after taking it from us.
  });

  it('delivers a multi-megabyte attachment intact', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    const m = await compose({ attachments: [{ filename: 'big.bin', content }] });
    const report = await submit({ envelope: m.envelope, raw: m.raw }, account());
    expect(report.accepted).toEqual(['carol@example.test']);
    const parsed = await simpleParser(await arrived('carol', m.tag));
    expect(parsed.attachments[0]?.filename).toBe('big.bin');
    expect(parsed.attachments[0]?.content.equals(content)).toBe(true);
  });

  it('sends several messages over one connection, with and without pipelining', async () => {
    for (const pipelining of [true, false]) {
      const a = await compose();
      const b = await compose();
      const { submitMessages } = await import('./delivery');
      const lines: TranscriptLine[] = [];
      const reports = await submitMessages(
        [
          { envelope: a.envelope, raw: a.raw },
          { envelope: b.envelope, raw: b.raw },
        ],
        account({ pipelining, transcript: (l) => lines.push(l) }),
      );
      expect(reports.map((r) => (r.ok ? r.report.accepted : r.error.message))).toEqual([
        ['carol@example.test'],
        ['carol@example.test'],
      ]);
      expect(lines.filter((l) => l.text.startsWith('connecting'))).toHaveLength(1);
      await arrived('carol', a.tag);
      await arrived('carol', b.tag);
    }
  });

  it('streams a batch with BDAT: refused recipients stay in their message, bodies arrive byte for byte', async () => {
    const { submitMessages } = await import('./delivery');
    const dots = await compose({ text: '.\n..\n.leading dot\nend\n' });
    const nobody = await compose({ to: ['nosuchuser@example.test'] });
    const big = await compose({
      attachments: [{ filename: 'big.bin', content: randomBytes(2 * 1024 * 1024 + 5) }],
    });
    const last = await compose();
    const lines: TranscriptLine[] = [];
    const outcomes = await submitMessages(
      [dots, nobody, big, last].map((m) => ({ envelope: m.envelope, raw: m.raw })),
      account({ transcript: (l) => lines.push(l) }),
    );
    expect(outcomes.map((o) => o.ok && o.report.accepted)).toEqual([
      ['carol@example.test'],
      [],
      ['carol@example.test'],
      ['carol@example.test'],
    ]);
    expect(outcomes[1]?.ok && outcomes[1].report.rejected[0]).toMatchObject({ code: 550, enhanced: '5.1.1' });
    const sent = lines.filter((l) => l.direction === 'client').map((l) => l.text);
    expect(sent.filter((t) => /^BDAT \d+ LAST/.test(t))).toHaveLength(4);
    expect(sent.some((t) => t.startsWith('DATA'))).toBe(false);
    for (const m of [dots, big, last]) {
      expect(bodyOf(await arrived('carol', m.tag)).equals(bodyOf(m.raw))).toBe(true);
    }
  });

  it('refuses the 2525 listener (AUTH offered in clear, no STARTTLS) without sending AUTH', async () => {
    const m = await compose();
    const lines: TranscriptLine[] = [];
    // As configured for plaintext: the password must still not be sent without --allow-plaintext-auth.
    const e = await rejectionOf(
      submit(
        { envelope: m.envelope, raw: m.raw },
        account({ tls: 'none', port: env.mail.smtpPlain, transcript: (l) => lines.push(l) }),
      ),
    );
    expect(e.kind).toBe('tls');
    expect(e.code).toBe('PLAINTEXT_AUTH_REFUSED');
    const sent = lines.filter((l) => l.direction === 'client').map((l) => l.text);
    expect(sent.some((t) => t.startsWith('EHLO'))).toBe(true);
    expect(sent.some((t) => /^AUTH/i.test(t) || t.includes('redacted'))).toBe(false);
    // And asked for STARTTLS on that listener: a tls error naming STARTTLS.
    const e2 = await rejectionOf(
      submit({ envelope: m.envelope, raw: m.raw }, account({ port: env.mail.smtpPlain })),
    );
    expect(e2.kind).toBe('tls');
    expect(e2.message).toContain('STARTTLS');
  });

  it("refuses a message larger than the server's SIZE before MAIL FROM", async () => {
    const lines: TranscriptLine[] = [];
    const head = Buffer.from('From: alice@example.test\r\nSubject: too big\r\n\r\n');
    // Postfix announces SIZE 52428800 (message_size_limit): one byte more than that.
    const raw = Buffer.concat([head, Buffer.alloc(52_428_801 - head.length, 'a')]);
    const e = await rejectionOf(
      submit(
        { envelope: { from: 'alice@example.test', to: ['carol@example.test'] }, raw },
        account({ transcript: (l) => lines.push(l) }),
      ),
    );
    expect(e.kind).toBe('bad-input');
    expect(e.code).toBe('SIZE_EXCEEDED');
    expect(e.message).toContain('52428800');
    const sent = lines.filter((l) => l.direction === 'client').map((l) => l.text);
    expect(sent.some((t) => t.startsWith('AUTH'))).toBe(true); // the session was open...
    expect(sent.some((t) => /^(MAIL|RCPT|DATA)/.test(t))).toBe(false); // ...and nothing of the message went
  });

  it('refuses CRLF in an address as bad-input before connecting', async () => {
    const m = await compose();
    const lines: TranscriptLine[] = [];
    const e = await rejectionOf(
      submit(
        {
          envelope: { from: 'alice@example.test', to: ['carol@example.test\r\nRCPT TO:<bob@example.test>'] },
          raw: m.raw,
        },
        account({ transcript: (l) => lines.push(l) }),
      ),
    );
    expect(e.kind).toBe('bad-input');
    expect(lines).toEqual([]);
  });
});
