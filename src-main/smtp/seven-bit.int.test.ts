/**
 * 8-bit content to a server without 8BITMIME (Postfix's 2526 listener discards the keyword)
 * must be re-encoded to 7 bits before it is sent (RFC 6152): what arrives has no byte over
 * 0x7F and decodes to the very text that was written.
 */
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { mailboxMessages, serverEnv } from '../../e2e/servers/env';
import type { TranscriptLine } from '../net/connection';
import { submit } from './delivery';

const env = serverEnv();

/** Polls carol's Maildir until the message tagged `tag` is there: at most 200 × 50 ms. */
async function arrived(tag: string): Promise<Buffer> {
  for (let i = 0; i < 200; i++) {
    const found = (await mailboxMessages('carol')).find((m) => m.includes(tag));
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`message ${tag} did not arrive in carol's INBOX`);
}

describe('a server without 8BITMIME (Postfix on 2526)', () => {
  it('receives 8-bit text re-encoded to 7 bits, and it decodes to the same text', async () => {
    const tag = `mw-7bit-${randomUUID()}`;
    const text = `Grüße aus Köln – 日本語のテキスト ${tag}\n`.repeat(3);
    // Written by hand: our composer already writes 7-bit, but a forwarded or edited raw
    // message can carry 8-bit bytes, and those must never reach a server that did not ask.
    const raw = Buffer.from(
      [
        'From: Alice <alice@example.test>',
        'To: carol@example.test',
        `Subject: seven bit ${tag}`,
        `Message-ID: <${tag}@example.test>`,
        'Date: Thu, 26 Nov 2026 12:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        text.replace(/\n/g, '\r\n'),
      ].join('\r\n'),
      'utf8',
    );
    expect(raw.some((b) => b > 0x7f)).toBe(true);
    const message = { raw, envelope: { from: 'alice@example.test', to: ['carol@example.test'] } };

    const transcript: TranscriptLine[] = [];
    const report = await submit(message, {
      host: env.mail.host,
      port: env.mail.smtp7bit,
      tls: 'none',
      transcript: (line) => transcript.push(line),
    });
    expect(report.accepted).toEqual(['carol@example.test']);
    const ehlo = transcript.filter((l) => l.direction === 'server').map((l) => l.text);
    expect(ehlo.some((l) => /8BITMIME/i.test(l))).toBe(false);
    const mailFrom = transcript.find((l) => l.direction === 'client' && l.text.startsWith('MAIL FROM'));
    expect(mailFrom?.text).not.toMatch(/BODY=8BITMIME|SMTPUTF8/);

    const received = await arrived(tag);
    expect(received.every((b) => b <= 0x7f)).toBe(true);
    const parsed = await simpleParser(received);
    expect(parsed.text).toBe(text);
  });
});
