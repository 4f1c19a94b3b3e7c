import type { ImapClient } from '../client';
import type { Arg } from '../serialize';

/**
 * UID SEARCH with criteria as arguments, e.g. `[raw('UNSEEN')]` or `[raw('SINCE'), qstring('1-Jan-2026')]`.
 * Returns UIDs in ascending order. With UTF8=ACCEPT enabled no CHARSET is sent (RFC 6855).
 */
export async function uidSearch(client: ImapClient, criteria: readonly Arg[]): Promise<number[]> {
  const result = await client.execute('UID SEARCH', criteria, {
    collect: (d) => d.type === 'search' || d.type === 'esearch',
  });
  const uids: number[] = [];
  for (const d of result.untagged) if (d.type === 'search') uids.push(...d.numbers);
  return uids.sort((a, b) => a - b);
}
