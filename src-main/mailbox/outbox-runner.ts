/**
 * The outbox side of an account: how a queued message leaves (submission to the
 * account's server, or straight to each recipient's MX) and the outbox entries turned
 * into the model's OutboxItem. The queue itself, its durable states and back-off are
 * store/outbox's; "delivery unknown" (the connection broke after the final dot) is never
 * resent by itself, and neither is it tried on a second address of the server here.
 */
import { isIP } from 'node:net';
import type { Querier } from '../dns/resolver';
import type { Account, AccountId, OutboxItem } from '../model';
import { MailwrightError, toMailwrightError } from '../model/errors';
import type { LookupFn, TranscriptSink } from '../net/types';
import { deliverDirect } from '../smtp/direct';
import { submit } from '../smtp/delivery';
import type { Sender } from '../store/outbox/outbox';
import type { OutboxEntry } from '../store/outbox/state';

export interface SenderOptions {
  account: Account;
  /** The SMTP password; undefined when the server takes mail without a login. */
  password: string | undefined;
  lookup: LookupFn;
  resolver: Querier;
  transcript?: TranscriptSink;
  timeoutMs?: number;
  /** Direct delivery's port (tests point it at a loopback MX); default 25. */
  directPort?: number;
}

/**
 * Tries each address of the host in turn, but only while nothing can have been sent:
 * a broken connection after the final dot (DELIVERY_UNKNOWN) ends the attempt at once.
 */
async function overAddresses<T>(
  host: string,
  lookup: LookupFn,
  attempt: (address: string, servername: string | undefined) => Promise<T>,
): Promise<T> {
  const literal = isIP(host) !== 0;
  let addresses: string[];
  try {
    addresses = literal ? [host] : await lookup(host);
  } catch (e) {
    const err = toMailwrightError(e);
    if (err.kind !== 'internal') throw err;
    throw new MailwrightError('dns', `The name ${host} could not be resolved; check the server name.`, {
      serverText: err.message,
    });
  }
  if (addresses.length === 0) {
    throw new MailwrightError('dns', `The host ${host} has no address; check the server name.`, {
      code: 'NO_ADDRESS',
    });
  }
  let last: MailwrightError | undefined;
  for (const address of addresses) {
    try {
      return await attempt(address, literal ? undefined : host);
    } catch (e) {
      last = toMailwrightError(e);
      const retriable =
        (last.kind === 'network' || last.kind === 'timeout') && last.code !== 'DELIVERY_UNKNOWN';
      if (!retriable) throw last;
    }
  }
  throw last!;
}

export function makeSender(o: SenderOptions): Sender {
  const out = o.account.outgoing;
  const ca = o.account.extraCaPem;
  const timeouts = { connectTimeoutMs: o.timeoutMs ?? 15_000, idleTimeoutMs: o.timeoutMs ?? 60_000 };
  if (out.kind === 'direct') {
    return (message) =>
      deliverDirect(message, {
        resolver: o.resolver,
        ...(o.directPort === undefined ? {} : { port: o.directPort }),
        ...(ca === undefined ? {} : { ca }),
        ...timeouts,
        ...(o.transcript === undefined ? {} : { transcript: o.transcript }),
      });
  }
  const s = out.server;
  if (s.auth === 'cram-md5') {
    return () =>
      Promise.reject(
        new MailwrightError(
          'bad-input',
          'SMTP CRAM-MD5 login is not supported yet; set the login method to auto.',
        ),
      );
  }
  const mechanism = s.auth === 'plain' ? 'PLAIN' : s.auth === 'login' ? 'LOGIN' : undefined;
  return (message) => {
    if (s.auth !== 'none' && o.password === undefined) {
      return Promise.reject(
        new MailwrightError(
          'auth',
          `No password is known for the SMTP server of ${o.account.address}; enter it in the account settings.`,
          { code: 'NO_PASSWORD' },
        ),
      );
    }
    return overAddresses(s.host, o.lookup, (host, servername) =>
      submit(message, {
        host,
        port: s.port,
        tls: s.security,
        ...(servername === undefined ? {} : { servername }),
        ...(ca === undefined ? {} : { ca }),
        ...(s.auth === 'none' || o.password === undefined
          ? {}
          : { credentials: { user: s.user, password: o.password } }),
        ...(mechanism === undefined ? {} : { mechanism }),
        allowPlaintextAuth: s.security === 'none',
        ...timeouts,
        ...(o.transcript === undefined ? {} : { transcript: o.transcript }),
      }),
    );
  };
}

export function toOutboxItem(accountId: AccountId, e: OutboxEntry): OutboxItem {
  return {
    id: e.id,
    accountId,
    messageId: e.messageId,
    status: e.status,
    recipients: e.recipients.map((r) => ({
      address: r.address,
      status: r.status,
      ...(r.text === undefined ? {} : { text: r.text }),
    })),
    attempts: e.attempts,
    nextAttemptAt: e.status === 'queued' ? new Date(e.nextAttemptAt).toISOString() : null,
    ...(e.lastError === undefined ? {} : { lastError: e.lastError }),
  };
}
