import { createHash } from 'node:crypto';

/**
 * For servers without UIDL (RFC 1939 makes it optional): a message id from `TOP n 0`,
 * made of Message-ID, Date and size. Identical messages (same three values) get '#2',
 * '#3'... in server order, so two copies are still two messages.
 */

/** The unfolded value of the first header `name` in a header block, or ''. */
export function headerValue(headers: Buffer, name: string): string {
  const text = headers.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const wanted = name.toLowerCase();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted)
      return line.slice(colon + 1).trim();
  }
  return '';
}

export function fingerprint(headers: Buffer, size: number): string {
  const key = `${headerValue(headers, 'Message-ID')}\n${headerValue(headers, 'Date')}\n${size}`;
  return `fp:${createHash('sha256').update(key, 'latin1').digest('hex').slice(0, 32)}`;
}

/** Makes repeated fingerprints distinct by their order of appearance. */
export function numberRepeats(ids: readonly string[]): string[] {
  const count = new Map<string, number>();
  return ids.map((id) => {
    const k = (count.get(id) ?? 0) + 1;
    count.set(id, k);
    return k === 1 ? id : `${id}#${k}`;
  });
}
