/** The resolver's errors: each one sentence a person can act on, with the rcode as `code`. */
import { MailwrightError } from '../model/errors';
import { rcodeToText, typeToText } from './types';

function display(name: string): string {
  return name === '' ? '.' : name;
}

export function nxdomainError(name: string): MailwrightError {
  return new MailwrightError(
    'dns',
    `The domain ${display(name)} does not exist (NXDOMAIN); check the spelling.`,
    {
      code: 'NXDOMAIN',
    },
  );
}

/** SERVFAIL, REFUSED, NOTIMP, FORMERR from every server asked. */
export function rcodeError(name: string, type: number, rcode: number, servers: string[]): MailwrightError {
  const text = rcodeToText(rcode);
  const what =
    text === 'REFUSED'
      ? 'refused to answer'
      : text === 'SERVFAIL'
        ? 'failed to answer (SERVFAIL)'
        : `answered with an error (${text})`;
  return new MailwrightError(
    'dns',
    `The DNS server ${servers.join(', ')} ${what} for ${display(name)} ${typeToText(type)}; try again later or use another server.`,
    { code: text },
  );
}

export function timeoutError(name: string, type: number, servers: string[]): MailwrightError {
  const list = servers.length === 0 ? 'no server' : servers.join(', ');
  return new MailwrightError(
    'timeout',
    `No DNS answer for ${display(name)} ${typeToText(type)} from ${list} in time; check that the server is reachable or name another with --server.`,
    { code: 'DNS_TIMEOUT' },
  );
}

export function budgetExceededError(name: string, type: number, queries: number): MailwrightError {
  return new MailwrightError(
    'dns',
    `Resolving ${display(name)} ${typeToText(type)} needed more than ${queries} queries, so it was stopped; the delegation is probably broken.`,
    { code: 'DNS_QUERY_LIMIT' },
  );
}
