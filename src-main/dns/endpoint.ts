/** A DNS server: an IP literal and a port. Host names are never accepted here. */
import { isIP } from 'node:net';
import { MailwrightError } from '../model/errors';

export interface Endpoint {
  address: string;
  port: number;
}

/** '127.0.0.1', '127.0.0.1:5353', '::1', '[::1]:5353' → Endpoint; throws 'bad-input' otherwise. */
export function parseEndpoint(text: string, defaultPort = 53): Endpoint {
  let address = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed !== null) {
    address = bracketed[1]!;
    portText = bracketed[2];
  } else if (isIP(text) === 0) {
    const colon = text.lastIndexOf(':');
    if (colon > 0 && text.indexOf(':') === colon) {
      address = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  if (isIP(address) === 0) {
    throw new MailwrightError(
      'bad-input',
      `"${text}" is not a DNS server address; write it as IP or IP:PORT ([IPv6]:PORT).`,
    );
  }
  let port = defaultPort;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : 0;
    if (port < 1 || port > 65535) {
      throw new MailwrightError('bad-input', `"${text}" has no valid port; use a port from 1 to 65535.`);
    }
  }
  return { address, port };
}

export function formatEndpoint(e: Endpoint): string {
  return isIP(e.address) === 6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}
