import { MailwrightError } from '../model/errors';

/** Pure parsers for the contents of POP3 responses (RFC 1939, RFC 2449). */

export interface ListEntry {
  n: number;
  size: number;
}

export interface UidlEntry {
  n: number;
  uid: string;
}

function bad(what: string, line: string): MailwrightError {
  return new MailwrightError(
    'protocol',
    `The POP3 server sent a malformed ${what} line; the server is misbehaving.`,
    {
      serverText: line.slice(0, 200),
    },
  );
}

function lines(body: Buffer): string[] {
  const text = body.toString('utf8');
  return text === '' ? [] : text.replace(/\r\n$/, '').split('\r\n');
}

/** `+OK nn mm` of STAT. */
export function parseStat(text: string): { count: number; size: number } {
  const m = /^(\d+) (\d+)(?:\s|$)/.exec(text);
  if (m === null) throw bad('STAT', text);
  return { count: Number(m[1]), size: Number(m[2]) };
}

/** The body of LIST: `n size` per line. */
export function parseList(body: Buffer): ListEntry[] {
  return lines(body).map((line) => {
    const m = /^(\d+) (\d+)(?:\s|$)/.exec(line);
    if (m === null) throw bad('LIST', line);
    return { n: Number(m[1]), size: Number(m[2]) };
  });
}

/** The body of UIDL: `n uid`; RFC 1939 allows 1–70 characters 0x21–0x7E in a uid. */
export function parseUidl(body: Buffer): UidlEntry[] {
  const seen = new Set<string>();
  return lines(body).map((line) => {
    const m = /^(\d+) ([\x21-\x7e]{1,70})$/.exec(line.trimEnd());
    if (m === null) throw bad('UIDL', line);
    const uid = m[2] ?? '';
    // Two messages with one uid would make the ledger skip one of them: refuse, never guess.
    if (seen.has(uid)) throw bad('UIDL (duplicate id)', line);
    seen.add(uid);
    return { n: Number(m[1]), uid };
  });
}

/** CAPA body: capability name (upper-cased) → its arguments. */
export function parseCapa(body: Buffer): Map<string, string[]> {
  const caps = new Map<string, string[]>();
  for (const line of lines(body)) {
    const [name, ...args] = line.trim().split(/\s+/);
    if (name !== undefined && name !== '') caps.set(name.toUpperCase(), args);
  }
  return caps;
}

/** The APOP timestamp `<...>` of a greeting (RFC 1939 §7), if the server offers APOP. */
export function apopTimestamp(greetingText: string): string | undefined {
  const m = /<[^<>\s]+>/.exec(greetingText);
  return m === null ? undefined : m[0];
}
