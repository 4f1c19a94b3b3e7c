import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { MailwrightError } from '../model/errors';
import { findBodyStart, has8bit, planBody, reencode7bit, scan8bit } from './eight-bit';

const msg = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('scan8bit', () => {
  it('finds the blank line with CRLF or LF and tells headers from body', () => {
    expect(findBodyStart(msg('A: b\r\n\r\nbody'))).toBe(8);
    expect(findBodyStart(msg('A: b\n\nbody'))).toBe(6);
    expect(findBodyStart(msg('A: b'))).toBe(4);
    expect(scan8bit(msg('Subject: é\r\n\r\nplain'))).toEqual({
      bodyStart: 15,
      eightBitHeaders: true,
      eightBitBody: false,
    });
    expect(scan8bit(msg('Subject: e\r\n\r\nplé'))).toMatchObject({
      eightBitHeaders: false,
      eightBitBody: true,
    });
  });
});

describe('planBody', () => {
  const both = { eightBitMime: true, smtpUtf8: true };
  const none = { eightBitMime: false, smtpUtf8: false };

  it('sends 7-bit messages untouched with no parameters', () => {
    const m = msg('Subject: x\r\n\r\nhello\r\n');
    expect(planBody(m, none, false)).toEqual({ message: m, mailParams: [], reencoded: false });
  });

  it('uses BODY=8BITMIME when offered', () => {
    const m = msg('Subject: x\r\nContent-Transfer-Encoding: 8bit\r\n\r\nhéllo\r\n');
    expect(planBody(m, { eightBitMime: true, smtpUtf8: false }, false)).toEqual({
      message: m,
      mailParams: ['BODY=8BITMIME'],
      reencoded: false,
    });
  });

  it('adds SMTPUTF8 for non-ASCII addresses or headers, and refuses without it', () => {
    expect(planBody(msg('Subject: é\r\n\r\nx'), both, false).mailParams).toEqual([
      'BODY=8BITMIME',
      'SMTPUTF8',
    ]);
    expect(planBody(msg('Subject: e\r\n\r\nx'), both, true).mailParams).toContain('SMTPUTF8');
    expect(() => planBody(msg('Subject: é\r\n\r\nx'), none, false)).toThrow(MailwrightError);
    expect(() => planBody(msg('Subject: e\r\n\r\nx'), { eightBitMime: true, smtpUtf8: false }, true)).toThrow(
      /SMTPUTF8/,
    );
  });

  it('re-encodes an 8-bit single-part text message to quoted-printable that decodes to the same text', async () => {
    const text = 'Grüße aus Köln  \r\n.line with dot\r\n' + 'ä'.repeat(100) + '\r\n';
    const m = msg(
      `Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}`,
    );
    const plan = planBody(m, none, false);
    expect(plan.reencoded).toBe(true);
    expect(plan.mailParams).toEqual([]);
    expect(has8bit(plan.message)).toBe(false);
    const out = Buffer.from(plan.message).toString('latin1');
    expect(out).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(out).not.toContain('8bit');
    for (const line of out.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const parsed = await simpleParser(Buffer.from(plan.message));
    expect(parsed.text).toBe(text.replace(/\r\n/g, '\n'));
  });

  it('re-encodes only the 8-bit parts of a multipart message', async () => {
    const raw = [
      'Subject: x',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      'preamble',
      '--b1',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'ascii part',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'ünïcödé part',
      '--b1',
      'Content-Type: application/octet-stream',
      'Content-Disposition: attachment; filename="b.bin"',
      '',
      'bin\u00ff\u00fe',
      '--b1--',
      'epilogue',
      '',
    ].join('\r\n');
    const out = reencode7bit(msg(raw));
    expect(has8bit(out)).toBe(false);
    const s = out.toString('latin1');
    expect(s).toContain('ascii part');
    expect(s).toContain('preamble');
    expect(s).toContain('epilogue');
    expect(s.match(/Content-Transfer-Encoding: quoted-printable/g)).toHaveLength(1);
    expect(s.match(/Content-Transfer-Encoding: base64/g)).toHaveLength(1);
    const parsed = await simpleParser(out);
    expect(parsed.text?.trim()).toContain('ünïcödé part');
    expect(parsed.attachments[0]?.content.equals(Buffer.from('bin\u00ff\u00fe', 'utf8'))).toBe(true);
  });

  it('leaves a 7-bit entity byte for byte', () => {
    const m = msg('Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\nhi\r\n--x--\r\n');
    expect(reencode7bit(m).equals(m)).toBe(true);
  });
});
