/**
 * Reply, reply-all and forward: who it goes to, the subject, the quoted text and the
 * threading headers (RFC 5322 §3.6.4: In-Reply-To is the parent's Message-ID, References
 * the parent's References followed by the parent's Message-ID). Ids travel in angle brackets.
 */
import type { MailAddress } from '../../src-main/model';
import type { MessageDetail } from '../../src-main/model';
import { formatAddresses } from './addresses';

export type ReplyMode = 'reply' | 'reply-all' | 'forward';

export interface ComposeSeed {
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
}

export function prefixSubject(prefix: 'Re' | 'Fwd', subject: string): string {
  const already = prefix === 'Re' ? /^\s*re\s*:/i : /^\s*(fwd?|fw)\s*:/i;
  return already.test(subject) ? subject : `${prefix}: ${subject}`;
}

function quoteLines(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}

/** The message's plain text, or its HTML flattened to text when it has no text part. */
export function plainText(m: Pick<MessageDetail, 'text' | 'html'>): string {
  if (m.text !== null) return m.text;
  if (m.html === null) return '';
  const doc = new DOMParser().parseFromString(m.html, 'text/html');
  return (doc.body.textContent ?? '').trim();
}

function sameAddress(a: MailAddress, b: string): boolean {
  return a.address.toLowerCase() === b.toLowerCase();
}

function unique(list: MailAddress[], exclude: readonly string[]): MailAddress[] {
  const seen = new Set(exclude.map((e) => e.toLowerCase()));
  const out: MailAddress[] = [];
  for (const a of list) {
    const key = a.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

export function composeFrom(m: MessageDetail, mode: ReplyMode, myAddress: string, when: string): ComposeSeed {
  const s = m.summary;
  const body = plainText(m);
  const sender = s.from[0];
  const author = sender === undefined ? 'someone' : formatAddresses([sender]);
  if (mode === 'forward') {
    const header = [
      '---------- Forwarded message ----------',
      `From: ${formatAddresses(s.from)}`,
      `Date: ${when}`,
      `Subject: ${s.subject}`,
      `To: ${formatAddresses(s.to)}`,
      ...(m.cc.length > 0 ? [`Cc: ${formatAddresses(m.cc)}`] : []),
      '',
    ].join('\n');
    return {
      to: [],
      cc: [],
      subject: prefixSubject('Fwd', s.subject),
      text: `\n\n${header}\n${body}`,
      inReplyTo: null,
      references: [],
    };
  }
  const replyTo = m.replyTo.length > 0 ? m.replyTo : s.from;
  // Replying to my own message goes to its recipients again.
  const others = replyTo.filter((a) => !sameAddress(a, myAddress));
  const to = unique(others.length > 0 ? others : s.to, []);
  const cc = mode === 'reply-all' ? unique([...s.to, ...m.cc], [myAddress, ...to.map((a) => a.address)]) : [];
  const own = s.messageId === null ? null : bracket(s.messageId);
  const refs = m.references.map(bracket).filter((r) => r !== own);
  const references = own === null ? refs : [...refs, own];
  return {
    to,
    cc,
    subject: prefixSubject('Re', s.subject),
    text: `\n\nOn ${when}, ${author} wrote:\n${quoteLines(body)}\n`,
    inReplyTo: own,
    references,
  };
}

/** `<id>` whatever form it came in. */
export function bracket(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}
