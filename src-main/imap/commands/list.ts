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
  // LIST responses do not say which command they answer: with no reference, keep those the
  // pattern matches so LISTs can pipeline; with a reference (server-specific), run alone.
  const ours = reference === '' ? patternMatcher(pattern) : () => true;
  const result = await client.execute(options.subscribed === true ? 'LSUB' : 'LIST', args, {
    collect: (d: UntaggedData) =>
      (d.type === want && ours(d.mailbox, d.delimiter)) || (want === 'list' && d.type === 'status'),
    exclusive: reference !== '',
  });
  const mailboxes: ListData[] = [];
  const statuses: StatusData[] = [];
  for (const d of result.untagged) {
    if (d.type === 'status') statuses.push(d);
    else if (d.type === 'list' || d.type === 'lsub') mailboxes.push(d);
  }
  const names = new Set(mailboxes.map((m) => m.mailbox));
  const status = new Map(statuses.filter((d) => names.has(d.mailbox)).map((d) => [d.mailbox, d]));
  return { mailboxes, status };
}

/** LIST wildcards (RFC 9051 §6.3.9): `*` matches anything, `%` anything but the delimiter. */
export function patternMatcher(pattern: string): (name: string, delimiter: string | null) => boolean {
  const cache = new Map<string, RegExp>();
  return (name, delimiter) => {
    const key = delimiter ?? '';
    let re = cache.get(key);
    if (re === undefined) {
      const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const notDelim = delimiter === null ? '.*' : `[^${esc(delimiter)}]*`;
      const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '%' ? notDelim : esc(c))).join('');
      // Case-insensitive only where it matters: the name INBOX (the parser normalised it).
      re = new RegExp(`^${body}$`, 'su');
      cache.set(key, re);
      cache.set(`${key}\0i`, new RegExp(`^${body}$`, 'isu'));
    }
    return name === 'INBOX' ? cache.get(`${key}\0i`)!.test(name) : re.test(name);
  };
}

function encodePattern(pattern: string, utf8: boolean): string {
  return utf8 ? pattern : encodeMutf7(pattern);
}
