import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { expandSequenceSet } from '../sequence-set';
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
      uids.push(...serverSet(d.all));
    }
  }
  return uids.sort((a, b) => a - b);
}

/** The ESEARCH ALL set is the server's word: too large or malformed is a protocol error, not ours. */
function serverSet(set: string): number[] {
  try {
    return expandSequenceSet(set);
  } catch (e) {
    throw new MailwrightError(
      'protocol',
      'The IMAP server answered a search with a set of UIDs too large or malformed to use; reconnect, and report the server if it persists.',
      { serverText: set.slice(0, 200), code: 'IMAP_BAD_SEARCH_SET', cause: e },
    );
  }
}
