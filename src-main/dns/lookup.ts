/**
 * Host name → addresses for the connection layer, through our own resolver (never
 * node:dns): A records first, then AAAA. `netLookup` has the shape of net.connect's
 * `lookup` option.
 */
import { isIP } from 'node:net';
import { MailwrightError, toMailwrightError } from '../model/errors';
import { rrsetAtChainEnd } from './answer';
import { nxdomainError } from './errors';
import { Resolver, type Querier } from './resolver';
import { Rcode, RRType } from './types';

let defaultResolver: Resolver | undefined;

/** The process-wide stub resolver over /etc/resolv.conf, made on first use. */
export function getDefaultResolver(): Resolver {
  defaultResolver ??= new Resolver();
  return defaultResolver;
}

export async function lookupHost(name: string, resolver: Querier = getDefaultResolver()): Promise<string[]> {
  const host = name.replace(/\.$/, '');
  if (isIP(host) !== 0) return [host];
  // RFC 6761 §6.3: localhost is always the loopback, never asked of a server.
  if (host.toLowerCase() === 'localhost' || host.toLowerCase().endsWith('.localhost'))
    return ['127.0.0.1', '::1'];
  const out: string[] = [];
  for (const type of [RRType.A, RRType.AAAA]) {
    const r = await resolver.query(host, type);
    if (r.rcode === Rcode.NXDOMAIN) throw nxdomainError(host);
    for (const rr of rrsetAtChainEnd(r.answers, host, type).records) {
      if (rr.data.type === 'A' || rr.data.type === 'AAAA') out.push(rr.data.address);
    }
  }
  if (out.length === 0) {
    throw new MailwrightError('dns', `The host ${host} has no IPv4 or IPv6 address; check the host name.`, {
      code: 'NODATA',
    });
  }
  return out;
}

/** The shape net.connect's lookup callback takes (declared here: this module never touches node:dns). */
interface LookupAddress {
  address: string;
  family: number;
}

type NetLookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for net.connect / tls.connect that resolves through `resolver` (default: the
 * process-wide stub resolver). Node calls it only for host names, never for IP literals.
 */
export function makeNetLookup(resolver?: Querier) {
  return (
    hostname: string,
    options: { all?: boolean; family?: number | string },
    callback: NetLookupCallback,
  ): void => {
    lookupHost(hostname, resolver ?? getDefaultResolver()).then(
      (addresses) => {
        const f = options.family;
        const wanted = f === 6 || f === 'IPv6' ? 6 : f === 4 || f === 'IPv4' ? 4 : 0;
        const list = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((a) => wanted === 0 || a.family === wanted);
        if (options.all === true) return callback(null, list);
        const first = list[0];
        if (first === undefined) {
          const err = Object.assign(new Error(`${hostname} has no IPv${wanted} address`), {
            code: 'ENOTFOUND',
          });
          return callback(err, '', 0);
        }
        callback(null, first.address, first.family);
      },
      (e: unknown) => {
        const err = toMailwrightError(e);
        // Node expects an errno-style error; the MailwrightError rides along as the cause.
        callback(Object.assign(new Error(err.message), { code: 'ENOTFOUND', cause: err }), '', 0);
      },
    );
  };
}

/** makeNetLookup() over the default resolver. */
export const netLookup = makeNetLookup();
