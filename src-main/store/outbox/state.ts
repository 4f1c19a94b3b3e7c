import type { ErrorInfo } from '../../model/errors';
import { MailwrightError } from '../../model/errors';
import type { DeliveryReport } from '../../smtp/delivery';

/**
 * What the outbox knows about one message, and how an attempt changes it. Pure: the
 * durable part is outbox.ts.
 *
 *   queued ──attempt──▶ sending ──all recipients final──▶ sent (some accepted) | failed (none)
 *                         │ 4xx / connection failure ──▶ queued (retry later, back-off)
 *                         │ permanent error (auth, tls, 5xx to the sender) ──▶ failed
 *                         └ connection lost after the final "." (for any recipient) / crash
 *                                                 ──▶ unknown (never resent by itself)
 */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown';

export interface RecipientState {
  address: string;
  status: 'pending' | 'accepted' | 'rejected';
  code?: number;
  enhanced?: string;
  text?: string;
}

export interface OutboxEntry {
  id: string;
  messageId: string;
  from: string;
  recipients: RecipientState[];
  status: OutboxStatus;
  createdAt: number;
  attempts: number;
  /** When the next attempt is due (ms since the epoch); only for `queued`. */
  nextAttemptAt: number;
  /** The last failure, with the server's words, for the person. */
  lastError?: ErrorInfo;
}

/** Retry delays after the 1st, 2nd, ... failed attempt; the last repeats. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];
/** After this many attempts a message that still cannot go is given up (about 5 days). */
export const MAX_ATTEMPTS = 35;

export function backoff(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1] ?? BACKOFF_MS[0]!;
}

export function pendingRecipients(entry: OutboxEntry): string[] {
  return entry.recipients.filter((r) => r.status === 'pending').map((r) => r.address);
}

function settle(entry: OutboxEntry, now: number): OutboxEntry {
  const pending = pendingRecipients(entry).length;
  if (pending === 0) {
    const any = entry.recipients.some((r) => r.status === 'accepted');
    return { ...entry, status: any ? 'sent' : 'failed' };
  }
  if (entry.attempts >= MAX_ATTEMPTS) return { ...entry, status: 'failed' };
  return { ...entry, status: 'queued', nextAttemptAt: now + backoff(entry.attempts) };
}

/** Marks the start of an attempt (persisted before the first byte goes out). */
export function startAttempt(entry: OutboxEntry): OutboxEntry {
  return { ...entry, status: 'sending', attempts: entry.attempts + 1 };
}

/** Applies a delivery report: accepted and permanently refused recipients are final. */
export function applyReport(entry: OutboxEntry, report: DeliveryReport, now: number): OutboxEntry {
  const accepted = new Set(report.accepted);
  const rejected = new Map(report.rejected.map((r) => [r.address, r]));
  const recipients = entry.recipients.map((r): RecipientState => {
    if (r.status !== 'pending') return r;
    if (accepted.has(r.address)) return { address: r.address, status: 'accepted' };
    const no = rejected.get(r.address);
    // A message that may have arrived stays pending: only the person may send it again.
    if (no === undefined || no.deliveryUnknown === true) return r;
    const words = {
      ...(no.code !== 0 ? { code: no.code } : {}),
      ...(no.enhanced !== undefined ? { enhanced: no.enhanced } : {}),
      text: no.text,
    };
    return { address: r.address, status: no.temporary ? 'pending' : 'rejected', ...words };
  });
  const next: OutboxEntry = { ...entry, recipients };
  const unknown = report.rejected.find((r) => r.deliveryUnknown === true);
  if (unknown !== undefined) {
    // Direct delivery: one exchange broke after the final "." (the others' results are kept).
    return {
      ...next,
      status: 'unknown',
      lastError: {
        kind: 'network',
        message:
          'The connection broke after the message was sent but before the server confirmed it; it may or may not have been delivered, check before sending it again.',
        code: 'DELIVERY_UNKNOWN',
        serverText: unknown.text,
      },
    };
  }
  const firstTemporary = report.rejected.find((r) => r.temporary);
  if (firstTemporary !== undefined) {
    next.lastError = {
      kind: 'server-said-no',
      message: `Some recipients could not be reached yet; Mailwright will try again.`,
      serverText: firstTemporary.text,
    };
  } else delete next.lastError;
  return settle(next, now);
}

/** Error kinds that a later attempt may overcome. */
const TRANSIENT = new Set(['network', 'timeout', 'dns']);

/** Applies a failed attempt. */
export function applyError(entry: OutboxEntry, error: unknown, now: number): OutboxEntry {
  const e =
    error instanceof MailwrightError
      ? error
      : new MailwrightError('internal', `Unexpected failure: ${String(error)}`);
  const lastError = e.toJSON();
  if (e.code === 'DELIVERY_UNKNOWN') return { ...entry, status: 'unknown', lastError };
  const temporary = TRANSIENT.has(e.kind) || (e.kind === 'server-said-no' && (e.code ?? '').startsWith('4'));
  if (!temporary) return { ...entry, status: 'failed', lastError };
  return settle({ ...entry, lastError }, now);
}

/**
 * On start-up: an entry left `sending` means the process died during an attempt. The
 * final "." may have gone out, so it is not resent silently: the person decides.
 */
export function recoverAfterCrash(entry: OutboxEntry): OutboxEntry {
  if (entry.status !== 'sending') return entry;
  return {
    ...entry,
    status: 'unknown',
    lastError: {
      kind: 'network',
      message:
        'Mailwright stopped while this message was being sent; it may or may not have been delivered, check before sending it again.',
      code: 'DELIVERY_UNKNOWN',
    },
  };
}
