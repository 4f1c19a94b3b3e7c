/**
 * Reaching a server by name through an injectable lookup (our resolver in the app, a
 * loopback DNS server in tests; never node:dns): resolve once, then try each address in
 * order with the name as the TLS server name, so the certificate is checked against the
 * name the person typed or DNS gave, not against an IP.
 */
import { isIP } from 'node:net';
import type { LookupFn } from '../net/connection';
import { lookupHost } from '../dns/lookup';
import type { Querier } from '../dns/resolver';
import { MailwrightError, toMailwrightError } from '../model/errors';

/** A LookupFn over one of our resolvers. */
export function lookupThrough(resolver: Querier): LookupFn {
  return (host) => lookupHost(host, resolver);
}

/**
 * Runs `attempt(address, servername)` for each address of `host` until one succeeds. Stops
 * early on an error that another address would not cure (TLS, protocol, a refusal, auth);
 * goes on after network errors and timeouts.
 */
export async function dialByName<T>(
  host: string,
  lookup: LookupFn,
  attempt: (address: string, servername: string | undefined) => Promise<T>,
): Promise<T> {
  const isAddress = isIP(host) !== 0;
  let addresses: string[];
  try {
    addresses = isAddress ? [host] : await lookup(host);
  } catch (e) {
    if (e instanceof MailwrightError) throw e;
    throw new MailwrightError('dns', `The name ${host} could not be resolved; check the server name.`, {
      serverText: e instanceof Error ? e.message : String(e),
      cause: e,
    });
  }
  if (addresses.length === 0)
    throw new MailwrightError('dns', `The host ${host} has no address; check the server name.`, {
      code: 'NO_ADDRESS',
    });
  let last: MailwrightError | undefined;
  for (const address of addresses) {
    try {
      return await attempt(address, isAddress ? undefined : host);
    } catch (e) {
      last = toMailwrightError(e);
      if (last.kind !== 'network' && last.kind !== 'timeout') throw last;
    }
  }
  throw last!;
}
