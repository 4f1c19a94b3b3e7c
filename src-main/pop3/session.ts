import { Connection } from '../net/connection';
import type { LookupFn, TlsMode, TranscriptSink } from '../net/types';
import { Pop3Client, type AuthMethod } from './client';

/**
 * Opens a logged-in POP3 session with our TLS policy (same as SMTP's): POP3S on 995
 * (`implicit`), or STLS on 110 (`starttls`, refused if the server doesn't offer it), or
 * `none`, where a password is sent only with `allowPlaintextAuth`.
 */
export interface Pop3SessionOptions {
  host: string;
  /** Default 995 for implicit TLS, 110 otherwise. */
  port?: number;
  tls: TlsMode;
  /** The name the certificate must carry when `host` is an IP. */
  servername?: string;
  ca?: string;
  user: string;
  password: string;
  auth?: AuthMethod;
  allowPlaintextAuth?: boolean;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  transcript?: TranscriptSink;
  lookup?: LookupFn;
}

export function defaultPop3Port(tls: TlsMode): number {
  return tls === 'implicit' ? 995 : 110;
}

/** The client frames raw chunks itself; this only bounds the connection's own line reads. */
const MAX_LINE = 1 << 20;

export async function openPop3(opts: Pop3SessionOptions): Promise<Pop3Client> {
  const conn = await Connection.connect({
    host: opts.host,
    port: opts.port ?? defaultPop3Port(opts.tls),
    tls: opts.tls === 'implicit',
    protocol: 'pop3',
    maxLineLength: MAX_LINE,
    ...(opts.servername === undefined ? {} : { servername: opts.servername }),
    ...(opts.ca === undefined ? {} : { ca: opts.ca }),
    ...(opts.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: opts.connectTimeoutMs }),
    ...(opts.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: opts.idleTimeoutMs }),
    ...(opts.transcript === undefined ? {} : { transcript: opts.transcript }),
    ...(opts.lookup === undefined ? {} : { lookup: opts.lookup }),
  });
  const client = new Pop3Client(conn);
  try {
    await client.readGreeting();
    await client.capa();
    if (opts.tls === 'starttls') await client.stls();
    await client.login({
      user: opts.user,
      password: opts.password,
      ...(opts.auth === undefined ? {} : { method: opts.auth }),
      ...(opts.allowPlaintextAuth === undefined ? {} : { allowPlaintextAuth: opts.allowPlaintextAuth }),
    });
    return client;
  } catch (e) {
    client.abort();
    throw e;
  }
}
