/**
 * Index rows → the model's MessageSummary, a pure function (tested beside it). The index
 * keeps addresses as display text ("Ada <ada@example.org>, bob@example.org") and flags as
 * Maildir letters; the model wants structured addresses and named flags.
 */
import addressparser from 'nodemailer/lib/addressparser';
import type { AccountId, MailAddress, MessageFlags, MessageSummary } from '../model';
import type { IndexedMessage } from '../store/index/message-index';
import type { MaildirFlag } from '../store/maildir/names';

export function parseAddressList(text: string): MailAddress[] {
  if (text.trim() === '') return [];
  try {
    return addressparser(text, { flatten: true })
      .filter((a) => a.address !== '' || a.name !== '')
      .map((a) => ({ name: a.name === '' ? null : a.name, address: a.address }));
  } catch {
    return [{ name: text, address: '' }];
  }
}

export function flagsFromMaildir(letters: string): MessageFlags {
  return {
    seen: letters.includes('S'),
    flagged: letters.includes('F'),
    answered: letters.includes('R'),
    draft: letters.includes('D'),
    keywords: [],
  };
}

/** Changes one named flag in a Maildir flag set. */
export function withFlag(
  letters: readonly MaildirFlag[],
  flag: 'seen' | 'flagged',
  value: boolean,
): MaildirFlag[] {
  const letter: MaildirFlag = flag === 'seen' ? 'S' : 'F';
  const rest = letters.filter((l) => l !== letter);
  return value ? [...rest, letter].sort() : rest;
}

/** The time in a Maildir unique name ("<seconds>.M…"): when the message arrived here. */
export function arrivalTime(maildirId: string): number {
  const seconds = Number.parseInt(maildirId, 10);
  return Number.isFinite(seconds) ? seconds * 1000 : 0;
}

/** An index row as the mailbox shows it: `partial` when only its headers are stored. */
export type SummaryRow = Omit<IndexedMessage, 'path'> & { partial: boolean };

export function toSummary(accountId: AccountId, protocol: 'pop3' | 'local', row: SummaryRow): MessageSummary {
  const source: MessageSummary['source'] =
    protocol === 'pop3' && row.sourceId !== null
      ? { protocol: 'pop3', uidl: row.sourceId }
      : { protocol: 'local' };
  return {
    id: row.maildirId,
    accountId,
    folder: row.folder,
    source,
    messageId: row.messageId === null ? null : row.messageId.replace(/^<|>$/g, ''),
    date: new Date(row.date ?? arrivalTime(row.maildirId)).toISOString(),
    from: parseAddressList(row.from),
    to: parseAddressList(row.to),
    subject: row.subject,
    snippet: row.snippet,
    flags: flagsFromMaildir(row.flags),
    size: row.size,
    hasAttachments: row.hasAttachments,
    partial: row.partial,
  };
}
