/** Row shapes of sync.sqlite and their conversions to the sync's values. */
import type { CachedMessage } from './summary';

export interface FolderState {
  path: string;
  name: string;
  delimiter: string | null;
  specialUse: string | null;
  selectable: boolean;
  uidValidity: number | null;
  uidNext: number | null;
  highestModseq: bigint | null;
}

export interface FolderRow {
  path: string;
  name: string;
  delimiter: string | null;
  special_use: string | null;
  selectable: number;
  uidvalidity: number | null;
  uidnext: number | null;
  highestmodseq: string | null;
  server_total: number | null;
  server_unread: number | null;
}

export interface MessageRow {
  folder: string;
  uid: number;
  message_id: string | null;
  date: string;
  from_json: string;
  to_json: string;
  subject: string;
  flags: string;
  size: number;
  has_attachments: number;
  modseq: string | null;
  maildir_id: string | null;
  snippet: string;
}

export function toState(r: FolderRow): FolderState {
  return {
    path: r.path,
    name: r.name,
    delimiter: r.delimiter,
    specialUse: r.special_use,
    selectable: r.selectable !== 0,
    uidValidity: r.uidvalidity,
    uidNext: r.uidnext,
    highestModseq: r.highestmodseq === null ? null : BigInt(r.highestmodseq),
  };
}

export function toMessage(r: MessageRow): CachedMessage {
  return {
    folder: r.folder,
    uid: r.uid,
    messageId: r.message_id,
    date: r.date,
    from: JSON.parse(r.from_json) as CachedMessage['from'],
    to: JSON.parse(r.to_json) as CachedMessage['to'],
    subject: r.subject,
    flags: JSON.parse(r.flags) as string[],
    size: r.size,
    hasAttachments: r.has_attachments !== 0,
    modseq: r.modseq === null ? null : BigInt(r.modseq),
    maildirId: r.maildir_id,
    snippet: r.snippet,
  };
}
