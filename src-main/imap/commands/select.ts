import type { ImapClient } from '../client';
import type { SelectedMailbox } from '../mailbox-state';
import { list, mailbox, raw, type Arg } from '../serialize';

export interface SelectOptions {
  /** EXAMINE: read-only, flags do not change by reading. */
  readOnly?: boolean;
  /** Ask for HIGHESTMODSEQ (RFC 7162 CONDSTORE) when the server offers it. */
  condstore?: boolean;
}

/** SELECT / EXAMINE: the client's `mailbox` state fills from the responses. */
export async function select(
  client: ImapClient,
  name: string,
  options: SelectOptions = {},
): Promise<SelectedMailbox> {
  const readOnly = options.readOnly === true;
  const args: Arg[] = [mailbox(name)];
  if (options.condstore === true && client.has('CONDSTORE') && !client.enabled.has('CONDSTORE')) {
    args.push(list(raw('CONDSTORE')));
  }
  await client.execute(readOnly ? 'EXAMINE' : 'SELECT', args, {
    // Not earlier: responses to commands still in flight belong to the previous mailbox.
    beforeSend: () => client.beginSelect(name, readOnly),
  });
  return client.mailbox!;
}

/** UNSELECT (RFC 3691) when offered, else CLOSE (which also expunges \Deleted in read-write mode). */
export async function unselect(client: ImapClient): Promise<void> {
  await client.execute(client.has('UNSELECT') ? 'UNSELECT' : 'CLOSE');
}
