/**
 * A lightweight probe of one candidate, without logging in: connect (implicit TLS, or
 * plain then STARTTLS/STLS), read the greeting, ask for capabilities, leave politely.
 * The certificate is verified against the candidate's name. A plaintext port whose server
 * offers no STARTTLS is reported as reachable with security 'none' (ranked last), never
 * silently upgraded in the person's mind.
 */
import { connectImap } from '../../imap/connect';
import { Connection, type LookupFn } from '../../net/connection';
import { Pop3Client } from '../../pop3/client';
import { SmtpClient } from '../../smtp/client';
import { MailwrightError, toMailwrightError } from '../../model/errors';
import type { Security } from '../../model/account';
import { dialByName } from '../dial';
import type { Candidate } from './candidates';
import type { ProbeOutcome } from './rank';

export interface ProbeOptions {
  lookup: LookupFn;
  /** Extra trusted CA (PEM). */
  ca?: string;
  /** Connect + handshake budget, and the longest wait for any one reply. */
  timeoutMs: number;
}

interface Found {
  security: Security;
  greeting?: string;
  capabilities: string[];
}

export async function probeCandidate(candidate: Candidate, options: ProbeOptions): Promise<ProbeOutcome> {
  try {
    const found = await dialByName(candidate.host, options.lookup, (address, servername) =>
      probeAt(candidate, address, servername, options),
    );
    return { ok: true, ...found };
  } catch (e) {
    return { ok: false, error: toMailwrightError(e).toJSON() };
  }
}

async function probeAt(
  c: Candidate,
  address: string,
  servername: string | undefined,
  o: ProbeOptions,
): Promise<Found> {
  const common = {
    host: address,
    port: c.port,
    ...(servername === undefined ? {} : { servername }),
    ...(o.ca === undefined ? {} : { ca: o.ca }),
    connectTimeoutMs: o.timeoutMs,
    idleTimeoutMs: o.timeoutMs,
  };
  switch (c.protocol) {
    case 'imap':
      return probeImap(c.security, common);
    case 'pop3':
      return probePop3(c.security, common);
    case 'smtp':
      return probeSmtp(c.security, common);
  }
}

type Common = {
  host: string;
  port: number;
  servername?: string;
  ca?: string;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
};

function notOffered(e: unknown): boolean {
  return e instanceof MailwrightError && e.code === 'STARTTLS_NOT_OFFERED';
}

async function probeImap(security: Security, common: Common): Promise<Found> {
  let client;
  let actual = security;
  try {
    client = await connectImap({ ...common, tls: security });
  } catch (e) {
    if (security !== 'starttls' || !notOffered(e)) throw e;
    // Reached, greeted, but no STARTTLS: say what it is.
    client = await connectImap({ ...common, tls: 'none' });
    actual = 'none';
  }
  const capabilities = [...client.capabilities].sort();
  client.logout().catch(() => client.destroy());
  return { security: actual, capabilities };
}

async function probePop3(security: Security, common: Common): Promise<Found> {
  const conn = await Connection.connect({
    ...common,
    tls: security === 'implicit',
    protocol: 'pop3',
  });
  const client = new Pop3Client(conn);
  try {
    await client.readGreeting();
    let caps = await client.capa();
    let actual = security;
    if (security === 'starttls') {
      if (caps?.has('STLS') === true) {
        await client.stls();
        caps = client.capabilities;
      } else actual = 'none';
    }
    const capabilities = [...(caps?.keys() ?? [])].sort();
    const greeting = client.greeting;
    client.quit().catch(() => client.abort());
    return { security: actual, greeting, capabilities };
  } catch (e) {
    client.abort();
    throw e;
  }
}

async function probeSmtp(security: Security, common: Common): Promise<Found> {
  let client: SmtpClient;
  let actual = security;
  try {
    client = await SmtpClient.connect({ ...common, tls: security, requireTls: true });
  } catch (e) {
    if (security !== 'starttls' || !notOffered(e)) throw e;
    client = await SmtpClient.connect({ ...common, tls: 'none' });
    actual = 'none';
  }
  const capabilities = [...client.capabilities.keywords.keys()].sort();
  const greeting = client.greeting;
  client.quit().catch(() => undefined);
  return { security: actual, greeting, capabilities };
}
