/**
 * LOGIN and AUTHENTICATE PLAIN (RFC 4616, with SASL-IR RFC 4959 when offered). The password
 * never leaves over plaintext unless the caller explicitly allowed it.
 */
import { MailwrightError } from '../../model/errors';
import type { ImapClient } from '../client';
import { astring, raw } from '../serialize';

export interface LoginOptions {
  user: string;
  password: string;
  /** Allow sending the password without TLS (tests against a plaintext port only). */
  allowPlaintextAuth?: boolean;
}

export async function authenticate(client: ImapClient, options: LoginOptions): Promise<void> {
  if (client.connection.tls === undefined && options.allowPlaintextAuth !== true) {
    throw new MailwrightError(
      'tls',
      'Refusing to send the IMAP password over an unencrypted connection; use --tls implicit or starttls (or --allow-plaintext-auth for a test server).',
      { code: 'PLAINTEXT_AUTH_REFUSED' },
    );
  }
  if (client.has('AUTH=PLAIN')) {
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
  // Capabilities change after login; servers usually send them in the OK, else ask.
  if (client.capabilities.size === 0 || !client.has('IMAP4REV1')) await client.execute('CAPABILITY');
}
