/**
 * LIST / LSUB (RFC 3501), with RFC 5258 selection and return options: SPECIAL-USE
 * (RFC 6154) and STATUS (RFC 5819 LIST-STATUS) when the server offers them.
 */
import type { ImapClient } from '../client';
import { encodeMutf7 } from '../mutf7';
import { list as plist, mailbox, qstring, raw, type Arg } from '../serialize';
import type { ListData, StatusAttribute, StatusData, UntaggedData } from '../types';

export interface ListOptions {
  reference?: string;
  pattern?: string;
  /** LSUB instead of LIST (subscribed folders only). */
  subscribed?: boolean;
  /** Ask for these STATUS items in the same round trip when LIST-STATUS is offered. */
  status?: StatusAttribute[];
}

export interface ListResult {
  mailboxes: ListData[];
  /** STATUS data returned by LIST-STATUS, by decoded mailbox name. */
  status: Map<string, StatusData>;
}

export async function list(client: ImapClient, options: ListOptions = {}): Promise<ListResult> {
  const reference = options.reference ?? '';
  const pattern = options.pattern ?? '*';
  // The pattern holds wildcards, which a mailbox Arg would quote as ordinary text: encode the
  // name part ourselves and send it as a string.
  const patternArg: Arg = qstring(
    pattern === '*' || pattern === '%' ? pattern : encodePattern(pattern, client.utf8),
  );
  const want = options.subscribed === true ? 'lsub' : 'list';
  const returns: Arg[] = [];
  if (options.subscribed !== true) {
    if (client.has('SPECIAL-USE')) returns.push(raw('SPECIAL-USE'));
    // Without RETURN (CHILDREN) an extended LIST may omit \HasChildren / \HasNoChildren.
    if (client.has('LIST-EXTENDED') && client.has('CHILDREN')) returns.push(raw('CHILDREN'));
    if (options.status !== undefined && options.status.length > 0 && client.has('LIST-STATUS')) {
      returns.push(raw('STATUS'), plist(...options.status.map(raw)));
    }
  }
  const args: Arg[] = [reference === '' ? qstring('') : mailbox(reference), patternArg];
  if (returns.length > 0) args.push(raw('RETURN'), plist(...returns));
  const result = await client.execute(options.subscribed === true ? 'LSUB' : 'LIST', args, {
    collect: (d: UntaggedData) => d.type === want || (want === 'list' && d.type === 'status'),
  });
  const mailboxes: ListData[] = [];
  const status = new Map<string, StatusData>();
  for (const d of result.untagged) {
    if (d.type === 'status') status.set(d.mailbox, d);
    else if (d.type === 'list' || d.type === 'lsub') mailboxes.push(d);
  }
  return { mailboxes, status };
}

function encodePattern(pattern: string, utf8: boolean): string {
  return utf8 ? pattern : encodeMutf7(pattern);
}
