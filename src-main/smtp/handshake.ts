import { MailwrightError } from '../model/errors';
import * as cmd from './commands';
import { heloCapabilities, parseEhlo, type SmtpCapabilities } from './ehlo';
import { readReply, replyError, unexpectedReply, type SmtpTransport } from './transport';

/**
 * The opening of a session: greeting, EHLO (HELO when EHLO is refused), and STARTTLS
 * (RFC 3207) followed by a fresh EHLO, since what the server said in plaintext may
 * have been forged and must be forgotten.
 */

export interface HandshakeOptions {
  /** Our name in EHLO/HELO. */
  clientName: string;
  /** 'starttls': upgrade when offered; `requireTls` decides what happens when it is not. */
  starttls: boolean;
  /**
   * True for submission: no STARTTLS → a `tls` error, never a plaintext fallback.
   * False for opportunistic delivery to an MX (RFC 7435): go on in plaintext.
   */
  requireTls: boolean;
  /** Names the server in messages: `host:port`. */
  where: string;
}

export interface HandshakeResult {
  greeting: string;
  capabilities: SmtpCapabilities;
  /** True when the server answered HELO only (no extensions at all). */
  heloOnly: boolean;
}

export async function readGreeting(t: SmtpTransport, where: string): Promise<string> {
  const reply = await readReply(t);
  if (reply.code === 220) return reply.text;
  // 554 here means "no SMTP service" (RFC 5321 §3.1); 421 is a busy server.
  if (reply.code === 554 || reply.code === 421) {
    throw replyError(reply, `accept the connection at ${where}`);
  }
  throw unexpectedReply(reply, 'the connection');
}

export async function hello(
  t: SmtpTransport,
  clientName: string,
): Promise<{ caps: SmtpCapabilities; heloOnly: boolean }> {
  await t.write(cmd.ehlo(clientName));
  const reply = await readReply(t);
  if (reply.code === 250) return { caps: parseEhlo(reply), heloOnly: false };
  // RFC 5321 §4.1.4: a server that does not know EHLO answers 500/502 (some say 504/550).
  if (reply.code >= 500) {
    await t.write(cmd.helo(clientName));
    const heloReply = await readReply(t);
    if (heloReply.code === 250) return { caps: heloCapabilities(heloReply.lines[0] ?? ''), heloOnly: true };
    throw replyError(heloReply, 'accept our greeting (HELO)');
  }
  throw replyError(reply, 'accept our greeting (EHLO)');
}

export async function handshake(t: SmtpTransport, opts: HandshakeOptions): Promise<HandshakeResult> {
  const greeting = await readGreeting(t, opts.where);
  let { caps, heloOnly } = await hello(t, opts.clientName);
  if (!opts.starttls || t.tls !== undefined) return { greeting, capabilities: caps, heloOnly };

  if (!caps.startTls) {
    if (opts.requireTls) {
      throw new MailwrightError(
        'tls',
        `The SMTP server at ${opts.where} does not offer STARTTLS, so the connection cannot be encrypted; use implicit TLS (port 465) or ask the provider, the message was not sent.`,
        { code: 'STARTTLS_NOT_OFFERED' },
      );
    }
    return { greeting, capabilities: caps, heloOnly };
  }
  await t.write(cmd.STARTTLS);
  const reply = await readReply(t);
  if (reply.code !== 220) {
    if (opts.requireTls) {
      throw new MailwrightError(
        'tls',
        `The SMTP server at ${opts.where} refused STARTTLS (${reply.code}), so the connection cannot be encrypted; try again later or ask the provider.`,
        { serverText: reply.text, code: String(reply.code) },
      );
    }
    return { greeting, capabilities: caps, heloOnly };
  }
  // Connection.startTls refuses when bytes arrived after the 220 (response injection).
  await t.startTls();
  ({ caps, heloOnly } = await hello(t, opts.clientName));
  return { greeting, capabilities: caps, heloOnly };
}
