/**
 * What the client knows about the selected mailbox, kept current from untagged
 * responses (RFC 9051 §7.3–7.5): counts, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, flags.
 * A pure reducer so it can be tested without a server.
 */
import type { ResponseCode, UntaggedData } from './types';

export interface SelectedMailbox {
  /** The name as the caller gave it (Unicode). */
  name: string;
  readOnly: boolean;
  exists: number;
  recent: number;
  uidValidity: number | null;
  uidNext: number | null;
  highestModseq: bigint | null;
  /** NOMODSEQ: the mailbox does not keep mod-sequences (CONDSTORE unusable here). */
  noModseq: boolean;
  flags: string[];
  permanentFlags: string[];
}

export function emptyMailbox(name: string, readOnly: boolean): SelectedMailbox {
  return {
    name,
    readOnly,
    exists: 0,
    recent: 0,
    uidValidity: null,
    uidNext: null,
    highestModseq: null,
    noModseq: false,
    flags: [],
    permanentFlags: [],
  };
}

export function applyCode(m: SelectedMailbox, code: ResponseCode | null): void {
  if (code === null) return;
  switch (code.name) {
    case 'UIDVALIDITY':
      m.uidValidity = code.value;
      break;
    case 'UIDNEXT':
      m.uidNext = code.value;
      break;
    case 'HIGHESTMODSEQ':
      m.highestModseq = code.value;
      break;
    case 'NOMODSEQ':
      m.noModseq = true;
      break;
    case 'PERMANENTFLAGS':
      m.permanentFlags = code.flags;
      break;
    case 'READ-ONLY':
      m.readOnly = true;
      break;
    case 'READ-WRITE':
      m.readOnly = false;
      break;
    default:
      break;
  }
}

/** Updates `m` in place from one untagged response. */
export function applyUntagged(m: SelectedMailbox, data: UntaggedData): void {
  switch (data.type) {
    case 'exists':
      m.exists = data.count;
      break;
    case 'recent':
      m.recent = data.count;
      break;
    case 'expunge':
      m.exists = Math.max(0, m.exists - 1);
      break;
    case 'vanished':
      // VANISHED (EARLIER) reports history, already reflected in EXISTS; a live one removes messages.
      if (!data.earlier) m.exists = Math.max(0, m.exists - countSet(data.uids));
      break;
    case 'flags':
      m.flags = data.flags;
      break;
    case 'fetch':
      if (
        data.attributes.modseq !== undefined &&
        (m.highestModseq === null || data.attributes.modseq > m.highestModseq)
      ) {
        m.highestModseq = data.attributes.modseq;
      }
      break;
    case 'condition':
      applyCode(m, data.code);
      break;
    default:
      break;
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
