import type { ImapClient } from '../client';
import { raw } from '../serialize';

/**
 * ENABLE (RFC 5161) the extensions the server offers among `wanted` (CONDSTORE, QRESYNC,
 * UTF8=ACCEPT); returns those the server confirmed (the client tracks `* ENABLED`).
 */
export async function enable(client: ImapClient, wanted: readonly string[]): Promise<string[]> {
  const offered = wanted
    .map((w) => w.toUpperCase())
    .filter((w) => client.has(w) || (w === 'UTF8=ACCEPT' && client.has('UTF8=ONLY')));
  if (offered.length === 0 || !client.has('ENABLE')) return [];
  await client.execute('ENABLE', offered.map(raw));
  return offered.filter((w) => client.enabled.has(w));
}
