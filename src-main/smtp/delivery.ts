import type { SaslCredentials, SaslMechanismName } from '../auth/sasl';
import { MailwrightError } from '../model/errors';
import type { TranscriptSink } from '../net/connection';
import { SmtpClient, type SmtpTlsState } from './client';
import { checkAddress } from './commands';
import type { Envelope, RecipientResult } from './transaction';

/**
 * The two ways a message leaves: submission to the account's server (here) and direct
 * delivery to each recipient domain's MX (direct.ts). Both return the same report.
 */

export interface OutgoingMessage {
  envelope: Envelope;
  raw: Uint8Array;
}

export interface RejectedRecipient {
  address: string;
  /** The SMTP reply code, or 0 when no server replied for this recipient (DNS, connection). */
  code: number;
  enhanced: string | undefined;
  text: string;
  /** 4xx or a connection failure: trying again later may succeed. */
  temporary: boolean;
  /**
   * The connection broke after the final "." and before the reply: the message may have
   * arrived. Not temporary (never resent by itself); the person decides.
   */
  deliveryUnknown?: boolean;
}

export interface DeliveryHop {
  /** The recipient domain (direct) or the account's server (submission). */
  domain: string;
  /** The exchange's name (direct) or the host as configured (submission). */
  exchange: string;
  address: string;
  port: number;
  tls: SmtpTlsState;
  accepted: string[];
  /** Why this hop failed or was left, when it did. */
  error?: string;
}

export interface DeliveryReport {
  accepted: string[];
  rejected: RejectedRecipient[];
  /** Every hop that took a recipient was encrypted. */
  tls: boolean;
  /** …and every such hop's certificate verified. */
  tlsVerified: boolean;
  hops: DeliveryHop[];
}

export function rejectedFrom(r: RecipientResult): RejectedRecipient {
  return {
    address: r.address,
    code: r.code,
    enhanced: r.enhanced,
    text: r.text,
    temporary: r.code >= 400 && r.code < 500,
  };
}

export function summariseTls(hops: readonly DeliveryHop[]): { tls: boolean; tlsVerified: boolean } {
  const used = hops.filter((h) => h.accepted.length > 0);
  return {
    tls: used.length > 0 && used.every((h) => h.tls.used),
    tlsVerified: used.length > 0 && used.every((h) => h.tls.used && h.tls.authorized),
  };
}

export interface SubmissionOptions {
  host: string;
  /** Default: 465 for implicit TLS, 587 otherwise. */
  port?: number;
  tls: 'implicit' | 'starttls' | 'none';
  servername?: string;
  ca?: string;
  credentials?: SaslCredentials;
  mechanism?: SaslMechanismName;
  allowPlaintextAuth?: boolean;
  clientName?: string;
  pipelining?: boolean;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  transcript?: TranscriptSink;
}

export function submissionPort(opts: Pick<SubmissionOptions, 'port' | 'tls'>): number {
  return opts.port ?? (opts.tls === 'implicit' ? 465 : 587);
}

export type SubmissionOutcome = { ok: true; report: DeliveryReport } | { ok: false; error: MailwrightError };

/**
 * Submits messages to the account's server (RFC 6409) over one connection, with TLS
 * required unless the account says `none`; pipelined from one message to the next when
 * the server offers PIPELINING. Throws for failures of the session (connect, TLS,
 * login); each message gets its own outcome, with per-recipient refusals in its report.
 */
export async function submitMessages(
  messages: readonly OutgoingMessage[],
  opts: SubmissionOptions,
): Promise<SubmissionOutcome[]> {
  const port = submissionPort(opts);
  // Bad addresses fail before a connection is opened, not after the login.
  for (const m of messages) {
    checkAddress(m.envelope.from, 'sender address');
    for (const a of m.envelope.to) checkAddress(a, 'recipient address');
  }
  const client = await SmtpClient.connect({
    host: opts.host,
    port,
    tls: opts.tls,
    requireTls: opts.tls !== 'none',
    ...(opts.servername !== undefined ? { servername: opts.servername } : {}),
    ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}),
    ...(opts.mechanism !== undefined ? { mechanism: opts.mechanism } : {}),
    ...(opts.allowPlaintextAuth !== undefined ? { allowPlaintextAuth: opts.allowPlaintextAuth } : {}),
    ...(opts.clientName !== undefined ? { clientName: opts.clientName } : {}),
    ...(opts.pipelining !== undefined ? { pipelining: opts.pipelining } : {}),
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
    ...(opts.transcript !== undefined ? { transcript: opts.transcript } : {}),
  });
  try {
    const outcomes = await client.sendBatch(messages.map((m) => ({ envelope: m.envelope, message: m.raw })));
    await client.quit();
    return outcomes.map((o): SubmissionOutcome => {
      if (!o.ok) return o;
      const hop: DeliveryHop = {
        domain: opts.host,
        exchange: opts.host,
        address: opts.host,
        port,
        tls: client.tls,
        accepted: o.result.accepted,
      };
      const report: DeliveryReport = {
        accepted: o.result.accepted,
        rejected: o.result.rejected.map(rejectedFrom),
        ...summariseTls([hop]),
        hops: [hop],
      };
      return { ok: true, report };
    });
  } finally {
    client.destroy();
  }
}

/** Submits one message; throws when it could not be sent at all. */
export async function submit(message: OutgoingMessage, opts: SubmissionOptions): Promise<DeliveryReport> {
  const [outcome] = await submitMessages([message], opts);
  if (outcome === undefined) throw new MailwrightError('internal', 'No outcome for the submitted message.');
  if (!outcome.ok) throw outcome.error;
  return outcome.report;
}
