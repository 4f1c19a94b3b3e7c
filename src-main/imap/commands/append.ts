import type { ImapClient } from '../client';
import { list, literal, mailbox, qstring, raw, type Arg } from '../serialize';
import { checkFlag } from './store';

export interface AppendOptions {
  flags?: string[];
  /** INTERNALDATE to record, e.g. the Date of a sent message. */
  date?: Date;
}

export interface AppendResult {
  /** From APPENDUID (UIDPLUS), when the server told. */
  uidValidity: number | null;
  uid: number | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** date-time for APPEND: `"26-Nov-2026 12:10:45 +0000"` (always UTC). */
export function imapDateTime(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** APPEND a raw RFC 5322 message (a literal; synchronising unless LITERAL+/LITERAL- allows). */
export async function append(
  client: ImapClient,
  folder: string,
  message: Buffer,
  options: AppendOptions = {},
): Promise<AppendResult> {
  const args: Arg[] = [mailbox(folder)];
  if (options.flags !== undefined) {
    options.flags.forEach(checkFlag);
    args.push(list(...options.flags.map(raw)));
  }
  if (options.date !== undefined) args.push(qstring(imapDateTime(options.date)));
  args.push(literal(message));
  const { tagged } = await client.execute('APPEND', args);
  if (tagged.code?.name === 'APPENDUID') {
    const uid = Number(tagged.code.uids);
    return { uidValidity: tagged.code.uidValidity, uid: Number.isInteger(uid) ? uid : null };
  }
  return { uidValidity: null, uid: null };
}

/**
 * MULTIAPPEND (RFC 3502): several messages in one APPEND, one transaction on the server —
 * far faster than one APPEND each when filling a folder. Falls back to pipelined APPENDs.
 * Returns the new UIDs as a set (from APPENDUID) or null.
 */
export async function appendMany(
  client: ImapClient,
  folder: string,
  messages: readonly Buffer[],
): Promise<string | null> {
  if (messages.length === 0) return null;
  if (!client.has('MULTIAPPEND')) {
    const results = await Promise.all(messages.map((m) => append(client, folder, m)));
    return results.every((r) => r.uid !== null) ? results.map((r) => r.uid).join(',') : null;
  }
  const { tagged } = await client.execute('APPEND', [mailbox(folder), ...messages.map((m) => literal(m))]);
  return tagged.code?.name === 'APPENDUID' ? tagged.code.uids : null;
}
