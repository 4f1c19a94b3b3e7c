import MailComposer from 'nodemailer/lib/mail-composer';
import addressparser from 'nodemailer/lib/addressparser';
import { MailwrightError } from '../model/errors';

/**
 * Builds an RFC 5322 message with nodemailer's MailComposer (only the composer: SMTP
 * is ours). Bcc recipients are returned in the envelope and never written to a
 * header. Only in-memory content is passed in, and file/URL access is switched off,
 * so nothing in a message can make the composer read a local file or fetch a URL.
 */

export interface ComposeAttachment {
  filename: string;
  content: Buffer;
  /** Guessed from the file name when absent. */
  contentType?: string;
  /** Content-ID for an inline image referenced from the HTML as `cid:...`. */
  cid?: string;
}

export interface ComposeInput {
  /** `alice@example.org` or `Alice <alice@example.org>`. */
  from: string;
  to?: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  attachments?: readonly ComposeAttachment[];
  /** Message-ID of the message this replies to, with angle brackets. */
  inReplyTo?: string;
  references?: readonly string[];
  /** Defaults to now. */
  date?: Date;
  /** Defaults to a random `<uuid@sender-domain>`. */
  messageId?: string;
}

export interface ComposedMessage {
  raw: Buffer;
  messageId: string;
  /** The SMTP envelope: bare addresses, To + Cc + Bcc without duplicates. */
  envelope: { from: string; to: string[] };
}

function badInput(message: string): MailwrightError {
  return new MailwrightError('bad-input', message);
}

function refuseLineBreaks(what: string, value: string): void {
  if (/[\r\n\0]/.test(value))
    throw badInput(`The ${what} contains a line break or NUL character; remove it.`);
}

/** The bare address of one mailbox written as `addr` or `Name <addr>`; refuses lists and groups. */
export function mailboxAddress(text: string, what: string): string {
  refuseLineBreaks(what, text);
  const parsed = addressparser(text, { flatten: true });
  const address = parsed.length === 1 ? parsed[0]?.address : undefined;
  if (address === undefined || !/^[^@\s<>]+@[^@\s<>]+$/.test(address)) {
    throw badInput(`The ${what} "${text}" is not one valid email address; write it as name@example.org.`);
  }
  return address;
}

const crlf = (text: string): string => text.replace(/\r\n|\r|\n/g, '\r\n');

export async function composeMessage(input: ComposeInput): Promise<ComposedMessage> {
  refuseLineBreaks('subject', input.subject);
  for (const [what, value] of [
    ['In-Reply-To', input.inReplyTo],
    ['Message-ID', input.messageId],
    ['Reply-To', input.replyTo],
    ...(input.references ?? []).map((r) => ['References', r] as const),
  ] as const) {
    if (value !== undefined) refuseLineBreaks(`${what} value`, value);
  }
  const from = mailboxAddress(input.from, 'sender address');
  const to = (input.to ?? []).map((a) => mailboxAddress(a, 'To address'));
  const cc = (input.cc ?? []).map((a) => mailboxAddress(a, 'Cc address'));
  const bcc = (input.bcc ?? []).map((a) => mailboxAddress(a, 'Bcc address'));
  const recipients = [...new Set([...to, ...cc, ...bcc])];
  if (recipients.length === 0)
    throw badInput('The message has no recipients; add at least one To, Cc or Bcc address.');
  if (input.text === undefined && input.html === undefined) {
    throw badInput('The message has no body; give a text or an HTML part.');
  }
  for (const a of input.attachments ?? []) {
    refuseLineBreaks('attachment file name', a.filename);
    if (a.cid !== undefined) refuseLineBreaks('inline image Content-ID', a.cid);
  }

  const composer = new MailComposer({
    from: input.from,
    ...(input.to !== undefined && input.to.length > 0 ? { to: [...input.to] } : {}),
    ...(input.cc !== undefined && input.cc.length > 0 ? { cc: [...input.cc] } : {}),
    // Bcc is given only to the envelope below; MailComposer would drop the header anyway.
    ...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}),
    subject: input.subject,
    // Line ends are made CRLF here so a 7-bit body leaves exactly as it will be received.
    ...(input.text !== undefined ? { text: crlf(input.text) } : {}),
    ...(input.html !== undefined ? { html: crlf(input.html) } : {}),
    ...(input.inReplyTo !== undefined ? { inReplyTo: input.inReplyTo } : {}),
    ...(input.references !== undefined && input.references.length > 0
      ? { references: [...input.references] }
      : {}),
    date: input.date ?? new Date(),
    ...(input.messageId !== undefined ? { messageId: input.messageId } : {}),
    attachments: (input.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
      ...(a.cid !== undefined ? { cid: a.cid } : {}),
    })),
    envelope: { from, to: recipients },
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  const raw = await new Promise<Buffer>((resolve, reject) => {
    node.build((err, message) => (err ? reject(err) : resolve(message)));
  }).catch((e: unknown) => {
    throw new MailwrightError('internal', `The message could not be composed: ${(e as Error).message}`, {
      cause: e,
    });
  });
  return { raw, messageId: node.messageId(), envelope: { from, to: recipients } };
}
