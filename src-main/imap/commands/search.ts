import type { ImapClient } from '../client';
import { expandServerSet } from '../sequence-set';
import { list, raw, type Arg } from '../serialize';

/**
 * UID SEARCH with criteria as arguments, e.g. `[raw('UNSEEN')]` or `[raw('SINCE'), qstring('1-Jan-2026')]`.
 * Returns UIDs in ascending order. With ESEARCH (RFC 4731) the answer comes as a compact
 * set (`1:10000`) instead of one number per message.
 */
export async function uidSearch(client: ImapClient, criteria: readonly Arg[]): Promise<number[]> {
  const esearch = client.has('ESEARCH');
  const args = esearch ? [raw('RETURN'), list(raw('ALL')), ...criteria] : criteria;
  const result = await client.execute('UID SEARCH', args, {
    collect: (d) => d.type === 'search' || d.type === 'esearch',
    // A plain "* SEARCH" does not say which command it answers: never pipeline one.
    exclusive: !esearch,
  });
  const uids: number[] = [];
  for (const d of result.untagged) {
    if (d.type === 'search') uids.push(...d.numbers);
    // Only our own ESEARCH: its TAG names this command (another pipelined SEARCH has its own).
    else if (d.type === 'esearch' && d.all !== null && (d.tag === null || d.tag === result.tagged.tag)) {
      uids.push(...expandServerSet(d.all));
    }
  }
  return uids.sort((a, b) => a - b);
}
