import { MailwrightError } from '../model/errors';
import * as cmd from './commands';
import { DataEncoder } from './data-encoder';
import type { SmtpCapabilities } from './ehlo';
import { planBody } from './eight-bit';
import { isPositive, type SmtpReply } from './reply';
import { readReplies, readReply, replyError, unexpectedReply, type SmtpTransport } from './transport';

/**
 * One mail transaction (RFC 5321 §3.3): MAIL, one RCPT per recipient, DATA, the body.
 * With PIPELINING (RFC 2920) MAIL, every RCPT and DATA go in one write and their
 * replies are read in order afterwards: one round trip instead of 2 + recipients.
 */

export interface Envelope {
  from: string;
  to: readonly string[];
}

export interface RecipientResult {
  address: string;
  accepted: boolean;
  code: number;
  enhanced: string | undefined;
  text: string;
}

export interface TransactionResult {
  /** Recipients the server took responsibility for (after the final "."). */
  accepted: string[];
  /** Recipients refused at RCPT, or at the end of DATA. */
  rejected: RecipientResult[];
  /** The final reply to the message data; undefined when DATA was never reached. */
  dataReply: SmtpReply | undefined;
  /** Bytes of the message as sent (after any 7-bit re-encoding), before dot-stuffing. */
  size: number;
  /** The body was re-encoded to 7 bit because the server lacks 8BITMIME. */
  reencoded: boolean;
  /** The server still holds transaction state: RSET before the next MAIL. */
  needsReset: boolean;
}

/** One message's outcome in a batch: a result (maybe with refused recipients) or an error. */
export type BatchOutcome = { ok: true; result: TransactionResult } | { ok: false; error: MailwrightError };

export interface TransactionOptions {
  /** Use PIPELINING when the server offers it. */
  pipelining: boolean;
  where: string;
}

/** Body chunks handed to the connection one at a time, so a slow server slows us (back-pressure). */
export const BODY_CHUNK = 64 * 1024;

export function recipientResult(address: string, reply: SmtpReply): RecipientResult {
  return {
    address,
    accepted: isPositive(reply),
    code: reply.code,
    enhanced: reply.enhanced,
    text: reply.text,
  };
}

/** A transaction checked and encoded, ready to go: nothing has been sent yet. */
export interface PreparedTransaction {
  envelope: Envelope;
  /** The bytes to send (after any 7-bit re-encoding), before dot-stuffing. */
  message: Uint8Array;
  reencoded: boolean;
  mail: string;
  rcpts: string[];
  /** MAIL, every RCPT and DATA as one pipelined group. */
  group: string;
}

/** Checks and encodes a transaction; throws `bad-input` before anything is sent. */
export function prepareTransaction(
  caps: SmtpCapabilities,
  envelope: Envelope,
  message: Uint8Array,
  where: string,
): PreparedTransaction {
  if (envelope.to.length === 0) {
    throw new MailwrightError('bad-input', 'The message has no recipients; add at least one address.');
  }
  let utf8 = cmd.checkAddress(envelope.from, 'sender address').utf8;
  for (const rcpt of envelope.to) utf8 = cmd.checkAddress(rcpt, 'recipient address').utf8 || utf8;
  const plan = planBody(message, caps, utf8);
  const size = plan.message.length;
  if (caps.size !== undefined && caps.size > 0 && size > caps.size) {
    throw new MailwrightError(
      'bad-input',
      `The message is ${size} bytes, more than the ${caps.size} bytes ${where} accepts; make it smaller (fewer or smaller attachments).`,
      { code: 'SIZE_EXCEEDED' },
    );
  }
  const params = [...(caps.size !== undefined ? [`SIZE=${size}`] : []), ...plan.mailParams];
  const mail = cmd.mailFrom(envelope.from, params);
  const rcpts = envelope.to.map((a) => cmd.rcptTo(a));
  return {
    envelope,
    message: plan.message,
    reencoded: plan.reencoded,
    mail,
    rcpts,
    group: mail + rcpts.join('') + cmd.DATA,
  };
}

export interface RunOptions extends TransactionOptions {
  /** This transaction's pipelined group already went out, appended to the previous body. */
  groupSent?: boolean;
  /**
   * The next transaction's pipelined group, written together with this body's final "."
   * (RFC 2920 §3.1 lets message content lead a group): one round trip less per message.
   */
  nextGroup?: string;
}

export async function runTransaction(
  t: SmtpTransport,
  caps: SmtpCapabilities,
  envelope: Envelope,
  message: Uint8Array,
  opts: TransactionOptions,
): Promise<TransactionResult> {
  // Every command is built (and so checked) before the first byte is sent.
  return runPrepared(t, caps, prepareTransaction(caps, envelope, message, opts.where), opts);
}

/** Runs a prepared transaction; `nextGroupSent` says whether `opts.nextGroup` went out. */
export async function runPrepared(
  t: SmtpTransport,
  caps: SmtpCapabilities,
  p: PreparedTransaction,
  opts: RunOptions,
): Promise<TransactionResult & { nextGroupSent: boolean }> {
  const { envelope, mail, rcpts } = p;
  const base = { size: p.message.length, reencoded: p.reencoded, nextGroupSent: false };
  let mailReply: SmtpReply;
  let rcptReplies: SmtpReply[];
  let dataReply: SmtpReply | undefined;
  if (opts.groupSent === true || (opts.pipelining && caps.pipelining)) {
    if (opts.groupSent !== true) await t.write(p.group);
    [mailReply, ...rcptReplies] = (await readReplies(t, 1 + rcpts.length)) as [SmtpReply, ...SmtpReply[]];
    dataReply = await readReply(t);
  } else {
    await t.write(mail);
    mailReply = await readReply(t);
    rcptReplies = [];
    if (isPositive(mailReply)) {
      for (const line of rcpts) {
        await t.write(line);
        rcptReplies.push(await readReply(t));
      }
    }
  }

  const results = envelope.to.map((a, i) => {
    const r = rcptReplies[i];
    // Without a reply of its own (MAIL failed), a recipient shares the MAIL refusal.
    return recipientResult(a, r ?? mailReply);
  });
  const acceptedAtRcpt = results.filter((r) => r.accepted);

  if (!isPositive(mailReply)) {
    // A pipelined DATA after a refused MAIL should be refused too; if a broken server said 354, end it empty.
    if (dataReply?.code === 354) await finishEmptyData(t);
    throw replyError(mailReply, `accept the sender <${envelope.from}>`);
  }
  if (dataReply === undefined && acceptedAtRcpt.length > 0) {
    await t.write(cmd.DATA);
    dataReply = await readReply(t);
  }
  if (acceptedAtRcpt.length === 0) {
    if (dataReply?.code === 354) await finishEmptyData(t);
    return { ...base, accepted: [], rejected: results, dataReply: undefined, needsReset: true };
  }
  if (dataReply === undefined || dataReply.code !== 354) {
    if (dataReply !== undefined && dataReply.code >= 400)
      throw replyError(dataReply, 'accept the message data (DATA)');
    throw dataReply === undefined
      ? new MailwrightError('internal', 'DATA was not sent.')
      : unexpectedReply(dataReply, 'DATA');
  }

  await sendBody(t, p.message, opts.nextGroup);
  const nextGroupSent = opts.nextGroup !== undefined;
  let final: SmtpReply;
  try {
    final = await readReply(t);
  } catch (e) {
    // The server may have taken the message: say so, so it is not silently sent twice.
    const cause = e instanceof MailwrightError ? e : undefined;
    throw new MailwrightError(
      cause?.kind === 'timeout' ? 'timeout' : 'network',
      `The connection to ${opts.where} broke after the message was sent but before the server confirmed it; it may or may not have been delivered, check before sending again.`,
      {
        code: 'DELIVERY_UNKNOWN',
        cause: e,
        ...(cause?.serverText !== undefined ? { serverText: cause.serverText } : {}),
      },
    );
  }
  if (isPositive(final)) {
    const refused = results.filter((r) => !r.accepted);
    return {
      ...base,
      accepted: acceptedAtRcpt.map((r) => r.address),
      rejected: refused,
      dataReply: final,
      needsReset: false,
      nextGroupSent,
    };
  }
  // Refused after the data: every recipient accepted at RCPT is refused with this reply.
  const rejected = results.map((r) => (r.accepted ? recipientResult(r.address, final) : r));
  return { ...base, accepted: [], rejected, dataReply: final, needsReset: false, nextGroupSent };
}

async function sendBody(t: SmtpTransport, message: Uint8Array, after: string | undefined): Promise<void> {
  const enc = new DataEncoder();
  // Body bytes are the user's mail, not protocol: the transcript records only their size.
  // The terminator goes out in the same write as the last chunk: a separate small write
  // would wait for the ACK of the previous one (Nagle), which the server delays (~40 ms).
  for (let off = 0; ; off += BODY_CHUNK) {
    const chunk = enc.push(message.subarray(off, off + BODY_CHUNK));
    if (off + BODY_CHUNK < message.length) {
      await t.write(chunk, { secret: true });
      continue;
    }
    // The next transaction's commands ride in the same write for the same reason; the
    // transcript then shows them only as part of this write's size (their replies are logged).
    const tail = after === undefined ? [] : [Buffer.from(after, 'utf8')];
    await t.write(Buffer.concat([chunk, enc.end(), ...tail]), { secret: true });
    return;
  }
}

/** RFC 2920 §3.1: after a 354 with no valid recipient, send just the "." line. */
async function finishEmptyData(t: SmtpTransport): Promise<void> {
  await t.write('.\r\n');
  await readReply(t);
}
