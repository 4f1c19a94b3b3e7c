import { chooseMechanism, type SaslCredentials, type SaslMechanismName } from '../auth/sasl';
import { MailwrightError } from '../model/errors';
import * as cmd from './commands';
import type { SmtpCapabilities } from './ehlo';
import { readReply, replyCode, type SmtpTransport } from './transport';

/** RFC 4954 AUTH over a connection, after the TLS policy has been checked. */

export interface AuthOptions {
  credentials: SaslCredentials;
  mechanism?: SaslMechanismName;
  /** Only with this may a password cross an unencrypted connection. */
  allowPlaintextAuth: boolean;
  where: string;
}

/** A SASL exchange has a handful of steps; more is a server in a loop. */
const MAX_SASL_STEPS = 10;

/** Checks, before a byte of AUTH is sent, that the credentials may go over this connection. */
export function checkAuthPolicy(t: SmtpTransport, caps: SmtpCapabilities, opts: AuthOptions): void {
  if (t.tls === undefined && !opts.allowPlaintextAuth) {
    throw new MailwrightError(
      'tls',
      `The connection to ${opts.where} is not encrypted, so the password was not sent; use --tls starttls or implicit, or --allow-plaintext-auth if you accept the risk.`,
      { code: 'PLAINTEXT_AUTH_REFUSED' },
    );
  }
  if (caps.auth.length === 0) {
    throw new MailwrightError(
      'auth',
      `The SMTP server at ${opts.where} does not offer authentication here; check the port (587 or 465 for submission) and TLS setting.`,
      { code: 'AUTH_NOT_OFFERED' },
    );
  }
}

export async function authenticate(
  t: SmtpTransport,
  caps: SmtpCapabilities,
  opts: AuthOptions,
): Promise<string> {
  checkAuthPolicy(t, caps, opts);
  const sasl = chooseMechanism(caps.auth, opts.credentials, opts.mechanism);
  // The connection's SMTP redaction hides an initial response (`AUTH PLAIN <redacted>`), so
  // the log still says which mechanism was tried; every answer to a 334 is written as secret.
  await t.write(cmd.auth(sasl.mechanism, sasl.initialResponse()));
  for (let step = 0; step < MAX_SASL_STEPS; step++) {
    const reply = await readReply(t);
    if (reply.code === 235) return sasl.mechanism;
    if (reply.code === 334) {
      await t.write(cmd.saslLine(sasl.respond(reply.lines[0]?.trim() ?? '')), { secret: true });
      continue;
    }
    const details = sasl.serverDetails === undefined ? '' : ` ${sasl.serverDetails}`;
    const temporary = reply.code >= 400 && reply.code < 500;
    throw new MailwrightError(
      temporary ? 'server-said-no' : 'auth',
      temporary
        ? `The SMTP server at ${opts.where} could not log in right now (${replyCode(reply)}); try again later.`
        : `The SMTP server at ${opts.where} refused the login (${replyCode(reply)}); check the user name and password.`,
      { serverText: `${reply.text}${details}`, code: replyCode(reply) },
    );
  }
  throw new MailwrightError(
    'protocol',
    `The SMTP server at ${opts.where} kept sending login challenges, so the login was abandoned; try another mechanism or report the server's behaviour.`,
  );
}
