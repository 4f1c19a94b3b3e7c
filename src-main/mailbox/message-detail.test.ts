import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../model';
import { attachmentContent, messageDetail } from './message-detail';

const summary = { id: 'x', subject: 'Hi' } as MessageSummary;

const raw = Buffer.from(
  [
    'From: "Ada L." <ada@example.org>',
    'To: bob@example.org',
    'Cc: Carol <carol@example.org>, dave@example.org',
    'Reply-To: list@example.org',
    'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=',
    'Message-ID: <m2@example.org>',
    'References: <m0@example.org> <m1@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: multipart/alternative; boundary="b2"',
    '',
    '--b2',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello in text',
    '--b2',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p onclick="evil()">Hello <img src="https://tracker.example/x.png"></p><script>alert(1)</script>',
    '--b2--',
    '--b1',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 tiny').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n'),
);

describe('messageDetail', () => {
  it('gives headers, text, the HTML untouched (the renderer sanitises), and the attachment list', async () => {
    const d = await messageDetail(summary, raw);
    expect(d.cc).toEqual([
      { name: 'Carol', address: 'carol@example.org' },
      { name: null, address: 'dave@example.org' },
    ]);
    expect(d.replyTo).toEqual([{ name: null, address: 'list@example.org' }]);
    expect(d.headers.find((h) => h.name === 'subject')?.value).toBe('Grüße');
    expect(d.text?.trim()).toBe('Hello in text');
    expect(d.html).toContain('<script>'); // passed on as it came: DOMPurify in the renderer removes it
    expect(d.attachments).toEqual([
      { index: 0, filename: 'report.pdf', contentType: 'application/pdf', size: 13, inline: false },
    ]);
    expect(d.references).toEqual(['<m0@example.org>', '<m1@example.org>', '<m2@example.org>']);
  });

  it('hands over attachment bytes by index, and refuses an index that is not there', async () => {
    const a = await attachmentContent(raw, 0);
    expect(Buffer.from(a.base64, 'base64').toString()).toBe('%PDF-1.4 tiny');
    await expect(attachmentContent(raw, 1)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('reads a bare message without structure', async () => {
    const d = await messageDetail(summary, Buffer.from('Subject: only\r\n\r\nbody\r\n'));
    expect(d).toMatchObject({ text: 'body\n', html: null, attachments: [], cc: [], references: [] });
  });
});
