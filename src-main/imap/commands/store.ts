import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { list, raw } from '../serialize';

export type StoreMode = 'add' | 'remove' | 'replace';

/**
 * UID STORE flags (\Seen \Flagged \Answered \Deleted \Draft, or keywords) on a UID set, with
 * .SILENT: the caller knows what it asked for; other sessions' changes still arrive as FETCH.
 */
export async function uidStore(
  client: ImapClient,
  uidSet: string,
  mode: StoreMode,
  flags: readonly string[],
): Promise<void> {
  const item = `${mode === 'add' ? '+' : mode === 'remove' ? '-' : ''}FLAGS.SILENT`;
  for (const f of flags) checkFlag(f);
  await client.execute('UID STORE', [raw(uidSet), raw(item), list(...flags.map(raw))]);
}

/** A flag is `\Word` or a keyword atom; anything else could smuggle syntax. */
export function checkFlag(flag: string): void {
  if (!/^\\?[!#$&'+,\-./0-9:;<=>?@A-Z^_`a-z|~]+$/.test(flag) || flag === '\\') {
    throw new MailwrightError(
      'bad-input',
      `"${flag}" is not a valid IMAP flag or keyword; use \\Seen, \\Flagged, \\Answered, \\Deleted, \\Draft or a word without spaces, brackets or quotes.`,
      {
        code: 'IMAP_BAD_FLAG',
      },
    );
  }
}
