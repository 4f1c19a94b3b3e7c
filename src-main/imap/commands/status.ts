import type { ImapClient } from '../client';
import { decodeMailboxName } from '../parse-response';
import { encodeMailboxName, list, mailbox, raw } from '../serialize';
import type { StatusAttribute, StatusData } from '../types';

/** STATUS of a mailbox that is not selected (RFC 9051 §6.3.11). */
export async function status(
  client: ImapClient,
  name: string,
  attributes: StatusAttribute[] = ['MESSAGES', 'UNSEEN', 'UIDNEXT', 'UIDVALIDITY'],
): Promise<StatusData['values']> {
  const result = await client.execute('STATUS', [mailbox(name), list(...attributes.map(raw))], {
    collect: (d) => d.type === 'status',
  });
  // Pipelined STATUS commands each get every STATUS response: take the one for this mailbox.
  const wanted = decodeMailboxName(encodeMailboxName(name, client.utf8), client.utf8);
  const found = result.untagged.find((d) => d.type === 'status' && d.mailbox === wanted);
  return found?.type === 'status' ? found.values : {};
}
