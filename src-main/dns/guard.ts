/**
 * The loopback guard. The built-in root hints and the servers in /etc/resolv.conf are
 * real machines off this host; under MAILWRIGHT_DNS_LOOPBACK_ONLY=1 (every test run sets
 * it) the transport refuses any other destination before a socket exists, so a test that
 * forgot to pass its loopback servers fails loudly instead of sending a packet out.
 */
import { isIP } from 'node:net';
import { MailwrightError } from '../model/errors';

export const LOOPBACK_ONLY_ENV = 'MAILWRIGHT_DNS_LOOPBACK_ONLY';

/** True for 127.0.0.0/8, ::1 and IPv4-mapped 127/8 (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (isIP(lower) === 4) return lower.startsWith('127.');
  if (isIP(lower) !== 6) return false;
  if (lower.startsWith('::ffff:')) {
    const v4 = lower.slice(7);
    return isIP(v4) === 4 && v4.startsWith('127.');
  }
  // Every spelling of ::1 ('::1', '0:0:0:0:0:0:0:1', '::0:1'): all groups zero but a last 1.
  const halves = lower.split('::');
  if (halves.length > 2) return false;
  const groups =
    halves.length === 2
      ? [
          ...(halves[0] === '' ? [] : halves[0]!.split(':')),
          ...(halves[1] === '' ? [] : halves[1]!.split(':')),
        ]
      : lower.split(':');
  const last = groups.pop();
  return last !== undefined && parseInt(last, 16) === 1 && groups.every((g) => parseInt(g, 16) === 0);
}

export function loopbackOnly(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = env[LOOPBACK_ONLY_ENV];
  return value !== undefined && value !== '' && value !== '0';
}

/**
 * Throws unless a DNS packet may go to `address`: it must be an IP literal (a host name
 * would make node:dgram resolve it through the system resolver) and, under the guard, loopback.
 */
export function assertDestinationAllowed(
  address: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  if (isIP(address) === 0) {
    throw new MailwrightError(
      'bad-input',
      `DNS server "${address}" is not an IP address; give the server as an IPv4 or IPv6 address.`,
    );
  }
  if (loopbackOnly(env) && !isLoopbackAddress(address)) {
    throw new MailwrightError(
      'network',
      `Refused to send a DNS query to ${address} because ${LOOPBACK_ONLY_ENV}=1 allows only loopback servers (127.0.0.0/8, ::1); pass a loopback server.`,
      { code: 'DNS_LOOPBACK_ONLY' },
    );
  }
}
