import { hostname } from 'node:os';

/**
 * Maildir file names, per the convention shared by qmail, Dovecot and mutt
 * (https://cr.yp.to/proto/maildir.html and Dovecot's "Maildir" notes):
 *
 *   <seconds>.M<microseconds>P<pid>Q<counter>.<host>[:2,<flags>]
 *
 * The part before ':' is the message's unique id and never changes; the info part
 * after ':2,' holds the flags as single ASCII letters in ASCII order.
 */

/** The standard flags (mutt and Dovecot understand these letters). */
export type MaildirFlag = 'D' | 'F' | 'P' | 'R' | 'S' | 'T';
export const MAILDIR_FLAGS: readonly MaildirFlag[] = ['D', 'F', 'P', 'R', 'S', 'T'];

let counter = 0;

/** '/' and ':' cannot appear in the host part; the convention escapes them in octal. */
export function safeHost(name: string): string {
  const cleaned = name.replace(/\//g, '\\057').replace(/:/g, '\\072');
  return cleaned === '' ? 'localhost' : cleaned;
}

/** A name unique on this machine: time, microseconds, pid and a per-process counter. */
export function uniqueName(now: Date = new Date(), host: string = hostname()): string {
  counter += 1;
  const ms = now.getTime();
  const seconds = Math.floor(ms / 1000);
  // Sub-millisecond precision from the monotonic clock keeps names distinct in fast loops;
  // the counter alone already guarantees uniqueness inside one process.
  const micro = (ms % 1000) * 1000 + Math.floor((performance.now() * 1000) % 1000);
  return `${seconds}.M${micro}P${process.pid}Q${counter}.${safeHost(host)}`;
}

export interface ParsedName {
  /** The unique part, stable across flag changes and moves. */
  id: string;
  flags: MaildirFlag[];
  /** Flag letters we don't know (custom keywords a-z); kept so a rename doesn't drop them. */
  otherFlags: string;
}

/** Splits a file name into its unique id and flags. Names without info have no flags. */
export function parseName(fileName: string): ParsedName {
  const colon = fileName.indexOf(':');
  if (colon < 0) return { id: fileName, flags: [], otherFlags: '' };
  const id = fileName.slice(0, colon);
  const info = fileName.slice(colon + 1);
  if (!info.startsWith('2,')) return { id, flags: [], otherFlags: '' };
  const flags: MaildirFlag[] = [];
  let otherFlags = '';
  for (const ch of info.slice(2)) {
    if ((MAILDIR_FLAGS as readonly string[]).includes(ch)) {
      if (!flags.includes(ch as MaildirFlag)) flags.push(ch as MaildirFlag);
    } else if (/^[a-z]$/.test(ch) && !otherFlags.includes(ch)) otherFlags += ch;
  }
  flags.sort();
  return { id, flags, otherFlags };
}

/** The file name for an id with these flags (letters deduplicated, in ASCII order). */
export function formatName(id: string, flags: readonly MaildirFlag[], otherFlags = ''): string {
  const letters = [...new Set([...flags, ...otherFlags])].sort().join('');
  return `${id}:2,${letters}`;
}
