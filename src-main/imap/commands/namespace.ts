import type { ImapClient } from '../client';
import { qstring, list, raw, type Arg } from '../serialize';
import type { NamespaceData } from '../types';

/** NAMESPACE (RFC 2342): where personal folders live (e.g. prefix "INBOX." on some servers). */
export async function namespace(client: ImapClient): Promise<NamespaceData | null> {
  if (!client.has('NAMESPACE') && !client.has('IMAP4REV2')) return null;
  const { untagged } = await client.execute('NAMESPACE', [], { collect: (d) => d.type === 'namespace' });
  const found = untagged.find((d) => d.type === 'namespace');
  return found?.type === 'namespace' ? found : null;
}

/** ID (RFC 2971): tells the server who we are; returns what it says about itself. */
export async function id(
  client: ImapClient,
  ours: Record<string, string> = { name: 'Mailwright' },
): Promise<Record<string, string | null> | null> {
  if (!client.has('ID')) return null;
  const fields: Arg[] = Object.entries(ours).flatMap(([k, v]) => [qstring(k), qstring(v)]);
  const { untagged } = await client.execute('ID', [fields.length === 0 ? raw('NIL') : list(...fields)], {
    collect: (d) => d.type === 'id',
  });
  const found = untagged.find((d) => d.type === 'id');
  return found?.type === 'id' ? found.fields : null;
}
