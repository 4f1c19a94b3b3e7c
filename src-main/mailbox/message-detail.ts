/**
 * One stored message opened for the reader: headers, plain text, the HTML as it came
 * (the renderer sanitises it with DOMPurify and shows it in a sandboxed frame, so it is
 * passed on untouched here) and the attachment list; attachment bytes only on request.
 */
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { AttachmentContent, MailAddress, MessageDetail, MessageSummary } from '../model';
import { MailwrightError } from '../model/errors';

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((o) =>
    o.value.flatMap((a) =>
      a.group !== undefined
        ? a.group.map((g) => ({ name: g.name === '' ? null : g.name, address: g.address ?? '' }))
        : [{ name: a.name === '' ? null : a.name, address: a.address ?? '' }],
    ),
  );
}

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(headerText).join(', ');
  if (typeof value === 'object' && value !== null) {
    const o = value as { text?: unknown; value?: unknown };
    if (typeof o.text === 'string') return o.text;
    if (typeof o.value === 'string') return o.value;
  }
  return String(value);
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (e) {
    throw new MailwrightError('protocol', 'This message cannot be read (its MIME structure is broken).', {
      serverText: e instanceof Error ? e.message : String(e),
    });
  }
}

export async function messageDetail(summary: MessageSummary, raw: Buffer): Promise<MessageDetail> {
  const parsed = await parse(raw);
  const refs =
    parsed.references === undefined
      ? []
      : Array.isArray(parsed.references)
        ? parsed.references
        : [parsed.references];
  return {
    summary,
    cc: addresses(parsed.cc),
    replyTo: addresses(parsed.replyTo),
    headers: parsed.headerLines.map((h) => ({
      name: h.key,
      value: headerText(parsed.headers.get(h.key)),
    })),
    text: parsed.text ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map((a, index) => ({
      index,
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
      inline: a.contentDisposition === 'inline' && a.cid !== undefined,
    })),
    references: [...refs, ...(parsed.messageId === undefined ? [] : [parsed.messageId])],
  };
}

export async function attachmentContent(raw: Buffer, index: number): Promise<AttachmentContent> {
  const parsed = await parse(raw);
  const a = parsed.attachments[index];
  if (a === undefined) {
    throw new MailwrightError(
      'not-found',
      `This message has no attachment number ${index + 1}; reopen the message.`,
    );
  }
  return { filename: a.filename ?? null, contentType: a.contentType, base64: a.content.toString('base64') };
}
