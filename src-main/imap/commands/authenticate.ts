/**
 * LOGIN, AUTHENTICATE PLAIN (RFC 4616) and XOAUTH2, with SASL-IR (RFC 4959) when offered.
 * No secret leaves over plaintext unless the caller explicitly allowed it.
 */
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { astring, raw } from '../serialize';

export interface LoginOptions {
  user: string;
  /** A password (LOGIN / AUTHENTICATE PLAIN); or, instead, an OAuth 2 access token. */
  password?: string;
  /** Use AUTHENTICATE XOAUTH2 with this bearer token (Gmail, Outlook). */
  accessToken?: string;
  /** Allow sending the password without TLS (tests against a plaintext port only). */
  allowPlaintextAuth?: boolean;
}

export async function authenticate(client: ImapClient, options: LoginOptions): Promise<void> {
  const before = client.capabilities;
  if (client.connection.tls === undefined && options.allowPlaintextAuth !== true) {
    throw new MailwrightError(
      'tls',
      'Refusing to send the IMAP password over an unencrypted connection; use --tls implicit or starttls (or --allow-plaintext-auth for a test server).',
      { code: 'PLAINTEXT_AUTH_REFUSED' },
    );
  }
  if (options.accessToken !== undefined) {
    await xoauth2(client, options.user, options.accessToken);
  } else if (options.password === undefined) {
    throw new MailwrightError(
      'bad-input',
      'No password or access token was given for the IMAP login; add one and try again.',
    );
  } else if (client.has('AUTH=PLAIN')) {
    const payload = Buffer.from(`\0${options.user}\0${options.password}`, 'utf8').toString('base64');
    if (client.has('SASL-IR')) {
      await client.execute('AUTHENTICATE PLAIN', [raw(payload)], { secret: true });
    } else {
      await client.execute('AUTHENTICATE PLAIN', [], {
        secret: true,
        onContinuation: () => void client.writeContinuation(`${payload}\r\n`, true).catch(() => {}),
      });
    }
  } else if (client.has('LOGINDISABLED')) {
    throw new MailwrightError(
      'auth',
      'The IMAP server offers no login method Mailwright supports; use TLS or ask the provider.',
      {
        code: 'IMAP_NO_AUTH_METHOD',
      },
    );
  } else {
    await client.execute('LOGIN', [astring(options.user), astring(options.password)], { secret: true });
  }
  // Capabilities change after login; servers usually send them in the OK (the client then
  // holds a new set), else ask.
  if (client.capabilities === before) await client.execute('CAPABILITY');
}

/** SASL XOAUTH2: on failure the server sends a JSON error as a challenge; an empty reply ends it. */
async function xoauth2(client: ImapClient, user: string, token: string): Promise<void> {
  if (!client.has('AUTH=XOAUTH2')) {
    throw new MailwrightError(
      'auth',
      'The IMAP server does not accept OAuth 2 (XOAUTH2) logins; use a password instead.',
      {
        code: 'IMAP_NO_XOAUTH2',
      },
    );
  }
  if (hasControl(user) || hasControl(token)) {
    throw new MailwrightError(
      'bad-input',
      'The user name or access token contains control characters; check them.',
    );
  }
  const payload = Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`, 'utf8').toString('base64');
  const sasl = client.has('SASL-IR');
  let sentPayload = sasl;
  await client.execute('AUTHENTICATE XOAUTH2', sasl ? [raw(payload)] : [], {
    secret: true,
    onContinuation: () => {
      const reply = sentPayload ? '\r\n' : `${payload}\r\n`;
      sentPayload = true;
      void client.writeContinuation(reply, true).catch(() => {});
    },
  });
}

/** A control character would break the SASL message's \x01 separators. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}
