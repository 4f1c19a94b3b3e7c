import type { ImapClient } from '../client';
import { raw } from '../serialize';

/** EXPUNGE: removes every message marked \Deleted in the selected mailbox. */
export async function expunge(client: ImapClient): Promise<void> {
  await client.execute('EXPUNGE');
}

/** UID EXPUNGE (UIDPLUS, RFC 4315): removes only the given \Deleted messages. */
export async function uidExpunge(client: ImapClient, uidSet: string): Promise<void> {
  await client.execute('UID EXPUNGE', [raw(uidSet)]);
}
