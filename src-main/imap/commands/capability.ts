import type { ImapClient } from '../client';

/** CAPABILITY: refreshes `client.capabilities` (the client tracks the untagged reply). */
export async function capability(client: ImapClient): Promise<Set<string>> {
  await client.execute('CAPABILITY');
  return client.capabilities;
}

/** NOOP: lets the server report mailbox changes (the polling fallback where IDLE is missing). */
export async function noop(client: ImapClient): Promise<void> {
  await client.execute('NOOP');
}
