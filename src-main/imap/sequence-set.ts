/**
 * Sequence sets (RFC 9051 §9 `sequence-set`): built from numbers, expanded, counted and
 * matched. Pure; every bound on the size of what a set may expand to is explicit.
 */
import { MailwrightError } from '../model/errors';

function badInput(message: string): MailwrightError {
  return new MailwrightError('bad-input', message, { code: 'IMAP_BAD_ARGUMENT' });
}

/**
 * A compact sequence set from numbers (UIDs or sequence numbers): sorted, de-duplicated,
 * runs collapsed into ranges (`1:3,7,9:12`). Throws bad-input for an empty set or a
 * number outside 1..2^32-1.
 */
export function sequenceSet(numbers: Iterable<number>): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  if (sorted.length === 0) throw badInput('An empty set of messages was given; choose at least one message.');
  for (const n of sorted) {
    if (!Number.isInteger(n) || n < 1 || n > 0xffffffff)
      throw badInput(`${n} is not a valid message number or UID.`);
  }
  const ranges: string[] = [];
  let start = sorted[0]!;
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const n = sorted[i];
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    ranges.push(start === prev ? `${start}` : `${start}:${prev}`);
    if (n !== undefined) start = prev = n;
  }
  return ranges.join(',');
}

/** Expands a sequence set without `*` (e.g. from COPYUID) into numbers, at most `max` of them. */
export function expandSequenceSet(set: string, max = 1_000_000): number[] {
  const out: number[] = [];
  for (const part of set.split(',')) {
    const m = /^(\d+)(?::(\d+))?$/.exec(part);
    if (m === null) throw badInput(`"${set}" is not a sequence set of numbers.`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    if (hi - lo + out.length >= max)
      throw badInput(`The sequence set "${set}" is larger than ${max} numbers.`);
    for (let n = lo; n <= hi; n++) out.push(n);
  }
  return out;
}

/**
 * Expands a set the server sent (ESEARCH ALL, COPYUID, VANISHED): one too large or malformed
 * is the server's fault, so a protocol error carrying its text, not bad-input.
 */
export function expandServerSet(set: string, max = 1_000_000): number[] {
  try {
    return expandSequenceSet(set, max);
  } catch (e) {
    throw new MailwrightError(
      'protocol',
      'The IMAP server sent a set of UIDs too large or malformed to use; reconnect, and report the server if it persists.',
      { serverText: set.slice(0, 200), code: 'IMAP_BAD_SERVER_SET', cause: e },
    );
  }
}

/** How many numbers a `*`-free sequence set names, without expanding it. */
export function countSet(set: string): number {
  let n = 0;
  for (const part of set.split(',')) {
    const [a, b] = part.split(':').map(Number);
    if (a === undefined || Number.isNaN(a)) continue;
    n += b === undefined || Number.isNaN(b) ? 1 : Math.abs(b - a) + 1;
  }
  return n;
}

/** A predicate for membership in a sequence or UID set such as `1:100,205,300:*`. */
export function setMatcher(set: string): (uid: number) => boolean {
  const ranges = set.split(',').map((part) => {
    const [a, b] = part.split(':');
    const lo = a === '*' ? Infinity : Number(a);
    const hi = b === undefined ? lo : b === '*' ? Infinity : Number(b);
    return lo <= hi ? [lo, hi] : [hi, lo];
  });
  // "n:*" also matches the highest UID even when it is below n (RFC 9051 §6.4.8): accept any.
  const open = set.includes('*');
  return (uid) => open || ranges.some(([lo, hi]) => uid >= lo! && uid <= hi!);
}
