import { simpleParser, type AddressObject } from 'mailparser';

/** What the index keeps of one message, parsed with mailparser. */
export interface MessageFacts {
  messageId: string | null;
  /** ms since the epoch, from the Date header; null when absent or unreadable. */
  date: number | null;
  from: string;
  to: string;
  subject: string;
  snippet: string;
  /** Plain text of the body (HTML turned to text by mailparser), for full-text search. */
  bodyText: string;
  hasAttachments: boolean;
  size: number;
}

const SNIPPET_LENGTH = 200;
/** Searching megabytes of one body buys little and costs index size. */
const MAX_BODY_TEXT = 256 * 1024;

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  const list = Array.isArray(value) ? value : [value];
  return list.map((a) => a.text).join(', ');
}

export async function extractFacts(raw: Buffer): Promise<MessageFacts> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const text = (parsed.text ?? '').slice(0, MAX_BODY_TEXT);
  const date = parsed.date?.getTime();
  return {
    messageId: parsed.messageId ?? null,
    date: date === undefined || Number.isNaN(date) ? null : date,
    from: addresses(parsed.from),
    to: [addresses(parsed.to), addresses(parsed.cc)].filter((s) => s !== '').join(', '),
    subject: parsed.subject ?? '',
    snippet: text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH),
    bodyText: text,
    hasAttachments: parsed.attachments.some(
      (a) => a.contentDisposition !== 'inline' || a.filename !== undefined,
    ),
    size: raw.length,
  };
}
