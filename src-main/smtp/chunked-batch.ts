import { MailwrightError, toMailwrightError } from '../model/errors';
import * as cmd from './commands';
import { chunkBody } from './data-encoder';
import { isPositive } from './reply';
import {
  BODY_CHUNK,
  recipientResult,
  type BatchOutcome,
  type PreparedTransaction,
  type TransactionResult,
} from './transaction';
import { readReplies, replyError, type SmtpTransport } from './transport';

/**
 * A batch streamed with BDAT (RFC 3030 CHUNKING) inside PIPELINING (RFC 2920): every message
 * goes out as MAIL, its RCPTs, "BDAT <size> LAST" and its bytes, without waiting for a reply,
 * up to WINDOW messages ahead of the replies read. With DATA the body may only follow the 354,
 * so the server idles for a round trip per message (and the body must be dot-stuffed); here it
 * never waits for us.
 *
 * Every message after the first starts with RSET: a pipelined message cannot know whether
 * the one before it ended its transaction (a refused MAIL, every recipient refused or a
 * refused chunk can leave it open), and RSET costs only a reply line.
 *
 * When the connection fails, a message all of whose bytes were handed over without a final
 * reply is "delivery unknown" (the server may have queued it: never silently sent twice);
 * the rest are "not sent".
 */

/**
 * How many messages may be written ahead of their replies, which is also how many a cut can
 * leave "unknown". Postfix sends its pipelined replies only once it has read all there is,
 * so each time the window fills, the server idles for a round trip: with 16 a batch of
 * 1,000 took half as long again as with 64 (bench/smtp, loopback).
 */
export const CHUNKED_WINDOW = 64;

export interface ChunkedBatch {
  outcomes: BatchOutcome[];
  /** The connection failed: the session is over. */
  broken: boolean;
  /** The server may still hold transaction state: RSET before the next message. */
  needsReset: boolean;
}

interface InFlight {
  index: number;
  p: PreparedTransaction;
  /** RSET went ahead of its MAIL (one more reply to read). */
  reset: boolean;
  /** Its last byte has been handed to the connection: from here a cut makes it unknown. */
  complete: boolean;
}

export async function sendChunked(
  t: SmtpTransport,
  prepared: readonly (PreparedTransaction | MailwrightError)[],
  opts: { where: string; needsReset: boolean; window?: number },
): Promise<ChunkedBatch> {
  const window = opts.window ?? CHUNKED_WINDOW;
  const outcomes: (BatchOutcome | undefined)[] = prepared.map((p) =>
    p instanceof MailwrightError ? { ok: false, error: p } : undefined,
  );
  const inFlight: InFlight[] = [];
  let writing = true;
  let failure: MailwrightError | undefined;
  // Each side waits for the other through one of these: the writer for room in the window,
  // the reader for a message to read the replies of.
  let roomFreed: (() => void) | undefined;
  let queued: (() => void) | undefined;
  const wake = (): void => {
    roomFreed?.();
    queued?.();
  };
  const fail = (e: unknown): void => {
    failure ??= toMailwrightError(e);
    // Ends the other side's pending read or write at once.
    t.destroy();
    wake();
  };

  const writer = async (): Promise<void> => {
    let reset = opts.needsReset;
    try {
      for (const [index, p] of prepared.entries()) {
        if (p instanceof MailwrightError) continue;
        while (inFlight.length >= window && failure === undefined) {
          await new Promise<void>((r) => (roomFreed = r));
        }
        if (failure !== undefined) return;
        const body = chunkBody(p.message);
        const m: InFlight = { index, p, reset, complete: false };
        inFlight.push(m);
        queued?.();
        reset = true;
        // `complete` is set before the write that carries the last byte: once that may have
        // reached the server, "not sent" would invite sending the message twice.
        const lastChunkAt = body.length === 0 ? 0 : Math.floor((body.length - 1) / BODY_CHUNK) * BODY_CHUNK;
        if (body.length === 0) m.complete = true;
        await t.write((m.reset ? cmd.RSET : '') + p.mail + p.rcpts.join('') + cmd.bdatLast(body.length));
        for (let off = 0; off < lastChunkAt; off += BODY_CHUNK) {
          await t.write(view(body, off, off + BODY_CHUNK), { secret: true });
        }
        m.complete = true;
        if (body.length > 0) await t.write(view(body, lastChunkAt, body.length), { secret: true });
      }
    } catch (e) {
      fail(e);
    } finally {
      writing = false;
      queued?.();
    }
  };

  const reader = async (): Promise<void> => {
    try {
      for (;;) {
        while (inFlight.length === 0 && writing && failure === undefined) {
          await new Promise<void>((r) => (queued = r));
        }
        const m = inFlight[0];
        if (m === undefined || failure !== undefined) return;
        outcomes[m.index] = await readOutcome(t, m);
        inFlight.shift();
        roomFreed?.();
      }
    } catch (e) {
      fail(e);
    }
  };

  await Promise.all([writer(), reader()]);

  if (failure !== undefined) {
    const cut = failure;
    for (const m of inFlight) {
      outcomes[m.index] = {
        ok: false,
        error: m.complete ? unknown(cut, opts.where) : unsent(cut, opts.where),
      };
    }
    for (const [i, o] of outcomes.entries()) {
      if (o === undefined) outcomes[i] = { ok: false, error: unsent(cut, opts.where) };
    }
  }
  const done = outcomes as BatchOutcome[];
  const lastIndex = prepared.findLastIndex((p) => !(p instanceof MailwrightError));
  const last = done[lastIndex];
  return {
    outcomes: done,
    broken: failure !== undefined,
    needsReset: last === undefined ? opts.needsReset : !(last.ok && !last.result.needsReset),
  };
}

/** Bytes `from` to `to` of a body as a Buffer, without a copy. */
function view(body: Uint8Array, from: number, to: number): Buffer {
  return Buffer.from(body.buffer, body.byteOffset + from, to - from);
}

/** Reads one message's replies: [RSET], MAIL, each RCPT, BDAT. */
async function readOutcome(t: SmtpTransport, m: InFlight): Promise<BatchOutcome> {
  const { envelope } = m.p;
  const replies = await readReplies(t, (m.reset ? 1 : 0) + 2 + envelope.to.length);
  // The RSET reply itself tells nothing: if it failed, MAIL's reply says what that meant.
  const [mailReply, ...rest] = m.reset ? replies.slice(1) : replies;
  const chunkReply = rest.pop();
  if (mailReply === undefined || chunkReply === undefined) {
    throw new MailwrightError(
      'internal',
      'An SMTP reply went missing from a counted group; this is a bug in Mailwright.',
    );
  }
  if (!isPositive(mailReply)) {
    return { ok: false, error: replyError(mailReply, `accept the sender <${envelope.from}>`) };
  }
  const results = envelope.to.map((a, i) => recipientResult(a, rest[i] ?? mailReply));
  const base = { size: m.p.message.length, reencoded: m.p.reencoded };
  const atRcpt = results.filter((r) => r.accepted);
  let result: TransactionResult;
  if (atRcpt.length === 0) {
    result = { ...base, accepted: [], rejected: results, dataReply: undefined, needsReset: true };
  } else if (isPositive(chunkReply)) {
    const rejected = results.filter((r) => !r.accepted);
    result = {
      ...base,
      accepted: atRcpt.map((r) => r.address),
      rejected,
      dataReply: chunkReply,
      needsReset: false,
    };
  } else {
    // Refused after the data: every recipient accepted at RCPT is refused with this reply.
    const rejected = results.map((r) => (r.accepted ? recipientResult(r.address, chunkReply) : r));
    result = { ...base, accepted: [], rejected, dataReply: chunkReply, needsReset: true };
  }
  return { ok: true, result };
}

function unknown(cause: MailwrightError, where: string): MailwrightError {
  return new MailwrightError(
    cause.kind === 'timeout' ? 'timeout' : 'network',
    `The connection to ${where} broke after the message was sent but before the server confirmed it; it may or may not have been delivered, check before sending again.`,
    { code: 'DELIVERY_UNKNOWN', cause },
  );
}

function unsent(cause: MailwrightError, where: string): MailwrightError {
  return new MailwrightError(
    'network',
    `The connection to ${where} failed before this message was sent; send it again.`,
    { cause },
  );
}
