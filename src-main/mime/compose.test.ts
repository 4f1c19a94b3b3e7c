import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { MailwrightError } from '../model/errors';
import { composeMessage, mailboxAddress } from './compose';

async function kindOfAsync(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof MailwrightError ? e.kind : 'other';
  }
}

const headerBlock = (raw: Buffer): string => raw.toString('latin1').split('\r\n\r\n')[0] ?? '';

describe('composeMessage', () => {
  it('writes From, To, Cc, Date, Message-ID and an RFC 2047 subject; Bcc only in the envelope', async () => {
    const m = await composeMessage({
      from: 'Alice <alice@example.test>',
      to: ['bob@example.test'],
      cc: ['Carol Ç <carol@example.test>'],
      bcc: ['secret@example.test', 'bob@example.test'],
      subject: 'Grüße aus Köln ✓',
      text: 'Hallo Bob,\nschön.\n',
      date: new Date('2026-11-26T10:00:00Z'),
    });
    const head = headerBlock(m.raw);
    expect(head).not.toMatch(/^bcc:/im);
    expect(m.raw.toString('latin1')).not.toContain('secret@example.test');
    expect(head).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(/[^\x20-\x7e\r\n\t]/.test(m.raw.toString('latin1'))).toBe(false);
    expect(m.envelope).toEqual({
      from: 'alice@example.test',
      to: ['bob@example.test', 'carol@example.test', 'secret@example.test'],
    });
    const parsed = await simpleParser(m.raw);
    expect(parsed.subject).toBe('Grüße aus Köln ✓');
    expect(parsed.text).toBe('Hallo Bob,\nschön.\n');
    expect(parsed.messageId).toBe(m.messageId);
    expect(m.messageId).toMatch(/^<[^@\s]+@example\.test>$/);
    expect(parsed.date?.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(parsed.from?.value[0]).toEqual({ address: 'alice@example.test', name: 'Alice' });
    expect(parsed.cc && !Array.isArray(parsed.cc) ? parsed.cc.value[0]?.name : undefined).toBe('Carol Ç');
  });

  it('ends every line with CRLF', async () => {
    const m = await composeMessage({
      from: 'a@example.test',
      to: ['b@example.test'],
      subject: 's',
      text: 'a\nb\n',
    });
    expect(/(?<!\r)\n/.test(m.raw.toString('latin1'))).toBe(false);
  });

  it('writes In-Reply-To and References for a reply', async () => {
    const m = await composeMessage({
      from: 'a@example.test',
      to: ['b@example.test'],
      subject: 'Re: plan',
      text: 'ok',
      inReplyTo: '<m2@example.test>',
      references: ['<m1@example.test>', '<m2@example.test>'],
      messageId: '<fixed@example.test>',
    });
    const parsed = await simpleParser(m.raw);
    expect(parsed.inReplyTo).toBe('<m2@example.test>');
    expect(parsed.references).toEqual(['<m1@example.test>', '<m2@example.test>']);
    expect(m.messageId).toBe('<fixed@example.test>');
  });

  it('builds text + HTML alternatives, attachments and inline images', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const bin = Buffer.from([0, 1, 2, 255, 254, 13, 10, 46, 13, 10]);
    const m = await composeMessage({
      from: 'a@example.test',
      to: ['b@example.test'],
      subject: 'pics',
      text: 'see picture',
      html: '<p>see <img src="cid:logo@mw"></p>',
      attachments: [
        { filename: 'logo.png', content: png, cid: 'logo@mw' },
        { filename: 'data ü.bin', content: bin, contentType: 'application/octet-stream' },
      ],
    });
    const s = m.raw.toString('latin1');
    expect(s).toMatch(/multipart\/mixed/);
    expect(s).toMatch(/multipart\/alternative/);
    expect(s).toMatch(/multipart\/related/);
    const parsed = await simpleParser(m.raw);
    expect(parsed.text?.trim()).toBe('see picture');
    expect(parsed.html).toContain('<img');
    const inline = parsed.attachments.find((a) => a.cid === 'logo@mw');
    expect(inline?.content.equals(png)).toBe(true);
    const file = parsed.attachments.find((a) => a.filename === 'data ü.bin');
    expect(file?.content.equals(bin)).toBe(true);
  });

  it('refuses line breaks and malformed addresses as bad-input', async () => {
    const base = { from: 'a@example.test', to: ['b@example.test'], subject: 's', text: 't' };
    expect(await kindOfAsync(composeMessage({ ...base, to: ['b@example.test\r\nBcc: x@evil.test'] }))).toBe(
      'bad-input',
    );
    expect(await kindOfAsync(composeMessage({ ...base, subject: 'a\r\nBcc: x@evil.test' }))).toBe(
      'bad-input',
    );
    expect(await kindOfAsync(composeMessage({ ...base, from: 'not an address' }))).toBe('bad-input');
    expect(await kindOfAsync(composeMessage({ ...base, to: ['a@x.test, b@y.test'] }))).toBe('bad-input');
    expect(await kindOfAsync(composeMessage({ ...base, to: [] }))).toBe('bad-input');
    expect(
      await kindOfAsync(composeMessage({ from: 'a@example.test', to: ['b@example.test'], subject: 's' })),
    ).toBe('bad-input');
    expect(await kindOfAsync(composeMessage({ ...base, inReplyTo: '<a@b>\r\nX: y' }))).toBe('bad-input');
  });

  it('reads the bare address from a display form', () => {
    expect(mailboxAddress('"Doe, J." <j@example.test>', 'x')).toBe('j@example.test');
    expect(() => mailboxAddress('j@example.test\n', 'x')).toThrow(MailwrightError);
  });
});
