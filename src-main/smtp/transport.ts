import { MailwrightError } from '../model/errors';
import type { TlsInfo, WriteOptions } from '../net/connection';
import { ReplyAssembler, decodeLine, type SmtpReply } from './reply';

/**
 * The part of net/connection's Connection the SMTP client uses. A narrow interface so
 * the state machine can be driven by the real Connection (always, in production and in
 * the loopback tests) without depending on how sockets are opened.
 */
export interface SmtpTransport {
  readLine(): Promise<Buffer>;
  write(data: string | Buffer, options?: WriteOptions): Promise<void>;
  startTls(): Promise<void>;
  readonly tls: TlsInfo | undefined;
  /** Unread bytes already buffered. */
  readonly buffered: number;
  close(): Promise<void>;
  destroy(): void;
}

/** Reads one complete (possibly multi-line) reply. Throws `protocol` on a malformed one. */
export async function readReply(transport: SmtpTransport): Promise<SmtpReply> {
  const assembler = new ReplyAssembler();
  // Bounded by ReplyAssembler's line cap, which throws long before this.
  for (;;) {
    const reply = assembler.pushLine(decodeLine(await transport.readLine()));
    if (reply !== undefined) return reply;
  }
}

/** Reads `n` replies in order (the answers to a pipelined group of commands). */
export async function readReplies(transport: SmtpTransport, n: number): Promise<SmtpReply[]> {
  const replies: SmtpReply[] = [];
  for (let i = 0; i < n; i++) replies.push(await readReply(transport));
  return replies;
}

/** `550 5.1.1` or `550`: the code part people and logs want. */
export function replyCode(reply: SmtpReply): string {
  return reply.enhanced === undefined ? String(reply.code) : `${reply.code} ${reply.enhanced}`;
}

/**
 * A refusal from the server as an error value. `what` names the step in words
 * ("accept the sender"); auth codes (RFC 4954 §6) become `auth`, the rest `server-said-no`.
 */
export function replyError(reply: SmtpReply, what: string, advice?: string): MailwrightError {
  const authCodes = [530, 534, 535, 538];
  const kind = authCodes.includes(reply.code) && what.includes('log in') ? 'auth' : 'server-said-no';
  const temporary = reply.code >= 400 && reply.code < 500;
  const tail =
    advice ??
    (kind === 'auth'
      ? 'check the user name and password'
      : temporary
        ? 'this is temporary, try again later'
        : "read the server's words below and correct the message or account");
  return new MailwrightError(kind, `The SMTP server did not ${what} (${replyCode(reply)}); ${tail}.`, {
    serverText: reply.text,
    code: replyCode(reply),
  });
}

/** A reply that makes no sense at this step of the conversation. */
export function unexpectedReply(reply: SmtpReply, step: string): MailwrightError {
  return new MailwrightError(
    'protocol',
    `The SMTP server answered ${step} with an unexpected reply ${reply.code}; try again or report the server's behaviour.`,
    { serverText: reply.text, code: replyCode(reply) },
  );
}
