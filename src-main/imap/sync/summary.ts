/**
 * Pure conversions between what IMAP FETCH returns and what the cache keeps and the list
 * shows: summary rows from ENVELOPE/BODYSTRUCTURE, IMAP flags ⇄ model flags ⇄ Maildir
 * letters, and message ids.
 */
import type { MailAddress, MessageFlags } from '../../model';
import type { MaildirFlag } from '../../store/maildir/names';
import { decodeEncodedWords, messageDate } from '../display';
import type { Address, BodyStructure, FetchAttributes } from '../types';

/** One cached message as stored in sync.sqlite (and the source of a MessageSummary). */
export interface CachedMessage {
  folder: string;
  /** Negative for a local placeholder (a move or append not yet confirmed by the server). */
  uid: number;
  messageId: string | null;
  date: string;
  from: MailAddress[];
  to: MailAddress[];
  subject: string;
  /** IMAP flags as the server spells them (\Seen, $Forwarded ...). */
  flags: string[];
  size: number;
  hasAttachments: boolean;
  modseq: bigint | null;
  /** The Maildir id of the cached body, or null while only headers are known. */
  maildirId: string | null;
  snippet: string;
}

/** The headers items of a first sync (what the list needs, no body). */
export const HEADER_ITEMS = ['UID', 'FLAGS', 'ENVELOPE', 'RFC822.SIZE', 'BODYSTRUCTURE', 'INTERNALDATE'];

function toAddresses(list: Address[] | null | undefined): MailAddress[] {
  if (list == null) return [];
  const out: MailAddress[] = [];
  for (const a of list) {
    if (a.host === null) continue; // RFC 3501 §7.4.2: group start/end markers, not addresses
    const address = a.host === null ? (a.mailbox ?? '') : `${a.mailbox ?? ''}@${a.host}`;
    const name = a.name === null ? null : decodeEncodedWords(a.name);
    out.push({ name: name === '' ? null : name, address });
  }
  return out;
}

/** True when any part is an attachment (Content-Disposition: attachment, or a named non-text part). */
export function hasAttachments(body: BodyStructure | undefined): boolean {
  if (body === undefined) return false;
  if (body.type === 'multipart') return body.parts.some(hasAttachments);
  if (body.disposition?.type.toLowerCase() === 'attachment') return true;
  const named = body.params['name'] !== undefined || body.disposition?.params['filename'] !== undefined;
  return named && body.mediaType.toLowerCase() !== 'text';
}

function stripAngles(id: string | null | undefined): string | null {
  if (id == null) return null;
  const t = id.trim();
  return t.startsWith('<') && t.endsWith('>') ? t.slice(1, -1) : t === '' ? null : t;
}

/** A cache row from one message's header FETCH; null when the server left out the UID. */
export function fromFetch(folder: string, a: FetchAttributes): CachedMessage | null {
  if (a.uid === undefined) return null;
  const env = a.envelope;
  return {
    folder,
    uid: a.uid,
    messageId: stripAngles(env?.messageId),
    date: messageDate(env?.date ?? null, a.internalDate) ?? new Date(0).toISOString(),
    from: toAddresses(env?.from),
    to: [...toAddresses(env?.to), ...toAddresses(env?.cc)],
    subject: env?.subject == null ? '' : decodeEncodedWords(env.subject),
    flags: a.flags ?? [],
    size: a.rfc822Size ?? 0,
    hasAttachments: hasAttachments(a.bodyStructure),
    modseq: a.modseq ?? null,
    maildirId: null,
    snippet: '',
  };
}

const SYSTEM: Record<string, keyof Omit<MessageFlags, 'keywords'>> = {
  '\\SEEN': 'seen',
  '\\FLAGGED': 'flagged',
  '\\ANSWERED': 'answered',
  '\\DRAFT': 'draft',
};

export function modelFlags(flags: readonly string[]): MessageFlags {
  const out: MessageFlags = { seen: false, flagged: false, answered: false, draft: false, keywords: [] };
  for (const f of flags) {
    const key = SYSTEM[f.toUpperCase()];
    if (key !== undefined) out[key] = true;
    else if (!f.startsWith('\\')) out.keywords.push(f);
  }
  return out;
}

const MAILDIR: Record<string, MaildirFlag> = {
  '\\SEEN': 'S',
  '\\FLAGGED': 'F',
  '\\ANSWERED': 'R',
  '\\DRAFT': 'D',
  '\\DELETED': 'T',
};

export function maildirFlags(flags: readonly string[]): MaildirFlag[] {
  const out = new Set<MaildirFlag>();
  for (const f of flags) {
    const letter = MAILDIR[f.toUpperCase()];
    if (letter !== undefined) out.add(letter);
  }
  return [...out].sort();
}

/** Applies +/- flag changes, case-insensitively, keeping the server's spelling of kept flags. */
export function changeFlags(
  flags: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const gone = new Set(remove.map((f) => f.toUpperCase()));
  const out = flags.filter((f) => !gone.has(f.toUpperCase()));
  const have = new Set(out.map((f) => f.toUpperCase()));
  for (const f of add) {
    if (have.has(f.toUpperCase())) continue;
    have.add(f.toUpperCase());
    out.push(f);
  }
  return out;
}

/** Equal as sets, case-insensitively (\Recent, a session flag, is ignored). */
export function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  const norm = (l: readonly string[]): string =>
    l
      .map((f) => f.toUpperCase())
      .filter((f) => f !== '\\RECENT')
      .sort()
      .join(' ');
  return norm(a) === norm(b);
}

export function messageIdOf(uidValidity: number, uid: number, folder: string): string {
  return `imap:${uidValidity}:${uid}:${folder}`;
}

/** The inverse of messageIdOf; null for an id that is not an IMAP cache id. */
export function parseMessageId(id: string): { uidValidity: number; uid: number; folder: string } | null {
  const m = /^imap:(\d+):(-?\d+):(.*)$/s.exec(id);
  if (m === null) return null;
  return { uidValidity: Number(m[1]), uid: Number(m[2]), folder: m[3]! };
}
