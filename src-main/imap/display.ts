/**
 * Turning ENVELOPE fields into what a list shows: RFC 2047 encoded words decoded, addresses
 * formatted, dates as ISO 8601. Pure; the full MIME parsing lives in mime/.
 */
import type { Address } from './types';

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

function decodeWord(charset: string, encoding: string, text: string): string | null {
  let bytes: Buffer;
  if (encoding.toUpperCase() === 'B') bytes = Buffer.from(text, 'base64');
  else {
    const q = text
      .replace(/_/g, ' ')
      .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    bytes = Buffer.from(q, 'latin1');
  }
  try {
    // RFC 2231 language suffix: "utf-8*en".
    return new TextDecoder(charset.split('*')[0]!.toLowerCase()).decode(bytes);
  } catch {
    return null; // an unknown charset: leave the word as it was
  }
}

/** Decodes RFC 2047 encoded words; whitespace between adjacent encoded words is dropped. */
export function decodeEncodedWords(text: string): string {
  const joined = text.replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1');
  return joined.replace(
    ENCODED_WORD,
    (whole, charset: string, enc: string, body: string) => decodeWord(charset, enc, body) ?? whole,
  );
}

export function formatAddress(a: Address): string {
  const address = a.host === null ? (a.mailbox ?? '') : `${a.mailbox ?? ''}@${a.host}`;
  const name = a.name === null ? '' : decodeEncodedWords(a.name);
  return name === '' ? address : `${name} <${address}>`;
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** INTERNALDATE (`17-Jul-1996 02:44:25 -0700`) → Date, or null when malformed. */
export function parseInternalDate(text: string): Date | null {
  const m = /^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (m === null) return null;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return null;
  const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  const offset = (Number(m[8]) * 60 + Number(m[9])) * 60_000 * (m[7] === '-' ? -1 : 1);
  return new Date(utc - offset);
}

/** The Date header as ISO 8601, falling back to INTERNALDATE, then null. */
export function messageDate(header: string | null, internalDate: string | undefined): string | null {
  if (header !== null) {
    const d = new Date(header.replace(/\([^)]*\)/g, '').trim());
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  const internal = internalDate === undefined ? null : parseInternalDate(internalDate);
  return internal === null ? null : internal.toISOString();
}
