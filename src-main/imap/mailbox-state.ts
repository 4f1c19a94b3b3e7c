/**
 * What the client knows about the selected mailbox, kept current from untagged
 * responses (RFC 9051 §7.3–7.5): counts, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, flags.
 * A pure reducer so it can be tested without a server.
 */
import { countSet, setMatcher } from './sequence-set';
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
  /**
   * UIDs by sequence number (index seq - 1), learned from FETCH responses that carry a UID
   * and kept aligned through EXISTS and EXPUNGE; holes are UIDs not learned yet.
   */
  uids: (number | undefined)[];
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
    uids: [],
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
      m.uids.length = data.count;
      break;
    case 'recent':
      m.recent = data.count;
      break;
    case 'expunge':
      m.exists = Math.max(0, m.exists - 1);
      m.uids.splice(data.seq - 1, 1);
      break;
    case 'vanished':
      // VANISHED (EARLIER) reports history, already reflected in EXISTS; a live one removes messages.
      if (!data.earlier) {
        m.exists = Math.max(0, m.exists - countSet(data.uids));
        const gone = setMatcher(data.uids);
        m.uids = m.uids.filter((uid) => uid === undefined || !gone(uid));
        m.uids.length = m.exists;
      }
      break;
    case 'flags':
      m.flags = data.flags;
      break;
    case 'fetch':
      if (data.seq >= 1 && data.seq <= m.exists) {
        if (data.attributes.uid !== undefined) m.uids[data.seq - 1] = data.attributes.uid;
        else {
          // Servers may report another session's flag change as a FETCH without UID even
          // during a UID command (Dovecot does): name the message by the UID we know.
          const known = m.uids[data.seq - 1];
          if (known !== undefined) data.attributes.uid = known;
        }
      }
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
