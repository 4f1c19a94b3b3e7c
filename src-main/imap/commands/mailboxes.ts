/** CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 9051 §6.3.4–6.3.8). */
import type { ImapClient } from '../client';
import { mailbox } from '../serialize';

export async function createMailbox(client: ImapClient, name: string): Promise<void> {
  await client.execute('CREATE', [mailbox(name)]);
}

export async function deleteMailbox(client: ImapClient, name: string): Promise<void> {
  await client.execute('DELETE', [mailbox(name)]);
}

export async function renameMailbox(client: ImapClient, from: string, to: string): Promise<void> {
  await client.execute('RENAME', [mailbox(from), mailbox(to)]);
}

export async function subscribe(client: ImapClient, name: string): Promise<void> {
  await client.execute('SUBSCRIBE', [mailbox(name)]);
}

export async function unsubscribe(client: ImapClient, name: string): Promise<void> {
  await client.execute('UNSUBSCRIBE', [mailbox(name)]);
}
