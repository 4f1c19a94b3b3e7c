/**
 * Opening an IMAP session: connect (implicit TLS or plain), greeting, STARTTLS when asked
 * (refused if the server does not offer it — never a silent downgrade), fresh CAPABILITY
 * after TLS, then login. The result is an ImapClient in the Authenticated state (or Not
 * Authenticated when no user was given).
 */
import { MailwrightError } from '../model/errors';
import { Connection, type TlsMode, type TranscriptSink } from '../net/connection';
import { ImapClient } from './client';
import { authenticate } from './commands/authenticate';
import { enable } from './commands/enable';

export interface ImapConnectOptions {
  host: string;
  /** Default 993 for implicit TLS, else 143. */
  port?: number;
  tls: TlsMode;
  servername?: string;
  ca?: string;
  user?: string;
  password?: string;
  /** OAuth 2 bearer token for AUTHENTICATE XOAUTH2, instead of a password. */
  accessToken?: string;
  allowPlaintextAuth?: boolean;
  /** Extensions to ENABLE after login when offered (e.g. CONDSTORE, QRESYNC, UTF8=ACCEPT). */
  enable?: string[];
  transcript?: TranscriptSink;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
}

export function defaultImapPort(tls: TlsMode): number {
  return tls === 'implicit' ? 993 : 143;
}

export async function connectImap(options: ImapConnectOptions): Promise<ImapClient> {
  const connection = await Connection.connect({
    host: options.host,
    port: options.port ?? defaultImapPort(options.tls),
    tls: options.tls === 'implicit',
    ...(options.servername === undefined ? {} : { servername: options.servername }),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.transcript === undefined ? {} : { transcript: options.transcript }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
    protocol: 'imap',
  });
  const client = new ImapClient(
    connection,
    options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs },
  );
  try {
    await client.readGreeting();
    if (options.tls === 'starttls') await startTls(client);
    if (client.capabilities.size === 0) await client.execute('CAPABILITY');
    if (options.user !== undefined && client.state === 'not-authenticated') {
      if (options.password === undefined && options.accessToken === undefined) {
        throw new MailwrightError(
          'bad-input',
          'A user was given without a password; pass --password-env with the variable holding it.',
        );
      }
      await authenticate(client, {
        user: options.user,
        ...(options.password === undefined ? {} : { password: options.password }),
        ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
        ...(options.allowPlaintextAuth === undefined
          ? {}
          : { allowPlaintextAuth: options.allowPlaintextAuth }),
      });
      if (options.enable !== undefined) await enable(client, options.enable);
    }
    return client;
  } catch (e) {
    client.destroy();
    throw e;
  }
}

async function startTls(client: ImapClient): Promise<void> {
  if (client.capabilities.size === 0) await client.execute('CAPABILITY');
  if (!client.has('STARTTLS')) {
    throw new MailwrightError(
      'tls',
      'The IMAP server does not offer STARTTLS; use --tls implicit (port 993) or another server.',
      {
        code: 'STARTTLS_NOT_OFFERED',
      },
    );
  }
  await client.execute('STARTTLS');
  if (client.unreadBytes > 0) {
    throw new MailwrightError(
      'tls',
      'The IMAP server sent unexpected data right after STARTTLS (possible response injection), so the connection was closed; try again, and use --tls implicit (port 993) if it repeats.',
      { code: 'STARTTLS_INJECTION' },
    );
  }
  await client.connection.startTls();
  // Anything learned before TLS may have been forged; ask again (RFC 9051 §6.2.1).
  client.capabilities = new Set();
  await client.execute('CAPABILITY');
}
