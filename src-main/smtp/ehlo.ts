import type { SmtpReply } from './reply';

/** What a server said it can do in its EHLO reply (RFC 5321 §4.1.1.1 and the extension RFCs). */
export interface SmtpCapabilities {
  /** The domain the server named on the first line. */
  serverName: string;
  /** Every keyword, upper-cased, with its parameters as sent. */
  keywords: ReadonlyMap<string, readonly string[]>;
  /** SIZE (RFC 1870): the largest message in bytes; 0 = no fixed limit; undefined = not offered. */
  size: number | undefined;
  pipelining: boolean;
  eightBitMime: boolean;
  smtpUtf8: boolean;
  startTls: boolean;
  /** AUTH mechanisms (RFC 4954), upper-cased; empty when AUTH is not offered. */
  auth: readonly string[];
  enhancedStatusCodes: boolean;
  dsn: boolean;
  chunking: boolean;
}

/** The capabilities of a server that answered HELO (RFC 821 era): nothing beyond the basics. */
export function heloCapabilities(serverName: string): SmtpCapabilities {
  return parseEhloLines([serverName]);
}

export function parseEhlo(reply: SmtpReply): SmtpCapabilities {
  return parseEhloLines(reply.lines);
}

export function parseEhloLines(lines: readonly string[]): SmtpCapabilities {
  const serverName = (lines[0] ?? '').split(' ')[0] ?? '';
  const keywords = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const words = line.trim().split(/\s+/);
    const keyword = words[0]?.toUpperCase() ?? '';
    if (!/^[A-Z0-9][A-Z0-9-]*$/.test(keyword)) continue;
    // Old servers announce `AUTH=LOGIN PLAIN` besides `AUTH LOGIN PLAIN`; fold them together.
    if (keyword.startsWith('AUTH=')) continue;
    const previous = keywords.get(keyword) ?? [];
    keywords.set(keyword, [...previous, ...words.slice(1)]);
  }
  for (const line of lines.slice(1)) {
    const m = /^AUTH=(.*)$/i.exec(line.trim());
    if (m === null) continue;
    const previous = keywords.get('AUTH') ?? [];
    keywords.set('AUTH', [...previous, ...(m[1] ?? '').split(/\s+/).filter((w) => w !== '')]);
  }
  let size: number | undefined;
  const sizeParams = keywords.get('SIZE');
  if (sizeParams !== undefined) {
    const n = Number(sizeParams[0] ?? '0');
    size = Number.isSafeInteger(n) && n >= 0 ? n : 0;
  }
  const auth = [...new Set((keywords.get('AUTH') ?? []).map((m) => m.toUpperCase()))];
  return {
    serverName,
    keywords,
    size,
    pipelining: keywords.has('PIPELINING'),
    eightBitMime: keywords.has('8BITMIME'),
    smtpUtf8: keywords.has('SMTPUTF8'),
    startTls: keywords.has('STARTTLS'),
    auth,
    enhancedStatusCodes: keywords.has('ENHANCEDSTATUSCODES'),
    dsn: keywords.has('DSN'),
    chunking: keywords.has('CHUNKING'),
  };
}
