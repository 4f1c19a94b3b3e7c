import { resolveMx, type MxResult } from '../dns/mx';
import type { Querier } from '../dns/resolver';
import { MailwrightError, toMailwrightError } from '../model/errors';
import type { TranscriptSink } from '../net/connection';
import { SmtpClient } from './client';
import { checkAddress } from './commands';
import {
  rejectedFrom,
  summariseTls,
  type DeliveryHop,
  type DeliveryReport,
  type OutgoingMessage,
  type RejectedRecipient,
} from './delivery';

/**
 * Direct delivery (RFC 5321 §5): recipients grouped by domain; each domain's MX hosts
 * tried in order. Opportunistic STARTTLS (RFC 7435): used when offered, certificate
 * not required, but whether it verified is recorded. The next exchange is tried on a
 * connection failure or a 4xx; a 5xx is final for its recipient; a null MX fails at
 * once, before any connection.
 */

export interface DirectOptions {
  resolver: Querier;
  /** Default 25; tests point it elsewhere. */
  port?: number;
  clientName?: string;
  pipelining?: boolean;
  /** Extra trusted CA, so a test CA's certificates count as verified. */
  ca?: string;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  transcript?: TranscriptSink;
  /** For MX order among equal preferences (tests make it deterministic). */
  random?: () => number;
}

export function groupByDomain(recipients: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of recipients) {
    checkAddress(r, 'recipient address');
    const domain = r.slice(r.lastIndexOf('@') + 1).toLowerCase();
    groups.set(domain, [...(groups.get(domain) ?? []), r]);
  }
  return groups;
}

function connectExchange(
  address: string,
  port: number,
  exchange: string,
  tls: 'starttls' | 'none',
  opts: DirectOptions,
): Promise<SmtpClient> {
  return SmtpClient.connect({
    host: address,
    port,
    tls,
    requireTls: false,
    verify: false,
    servername: exchange,
    ...(opts.ca !== undefined ? { ca: opts.ca } : {}),
    ...(opts.clientName !== undefined ? { clientName: opts.clientName } : {}),
    ...(opts.pipelining !== undefined ? { pipelining: opts.pipelining } : {}),
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
    ...(opts.transcript !== undefined ? { transcript: opts.transcript } : {}),
  });
}

/**
 * STARTTLS when offered; RFC 7435: a handshake that fails falls back to plaintext at the
 * same host, except after bytes injected before the handshake (an attack, not a broken stack).
 */
async function openExchange(
  address: string,
  port: number,
  exchange: string,
  opts: DirectOptions,
): Promise<{ client: SmtpClient } | { error: MailwrightError }> {
  try {
    return { client: await connectExchange(address, port, exchange, 'starttls', opts) };
  } catch (e) {
    const err = toMailwrightError(e);
    if (err.kind !== 'tls' || err.code === 'STARTTLS_INJECTION') return { error: err };
    try {
      return { client: await connectExchange(address, port, exchange, 'none', opts) };
    } catch (e2) {
      return { error: toMailwrightError(e2) };
    }
  }
}

function unreached(address: string, text: string, temporary: boolean): RejectedRecipient {
  return { address, code: 0, enhanced: undefined, text, temporary };
}

export async function deliverDirect(message: OutgoingMessage, opts: DirectOptions): Promise<DeliveryReport> {
  const groups = groupByDomain(message.envelope.to);
  checkAddress(message.envelope.from, 'sender address');
  // Every domain is resolved before the first connection: a null MX or unknown domain fails at once.
  const routes = new Map<string, MxResult>();
  const rejected: RejectedRecipient[] = [];
  let firstError: MailwrightError | undefined;
  for (const [domain, rcpts] of groups) {
    try {
      routes.set(domain, await resolveMx(opts.resolver, domain, opts.random ? { random: opts.random } : {}));
    } catch (e) {
      const err = toMailwrightError(e);
      firstError ??= err;
      const temporary = err.kind === 'timeout' || err.kind === 'network' || err.code === 'SERVFAIL';
      for (const r of rcpts) rejected.push(unreached(r, err.message, temporary));
    }
  }
  if (routes.size === 0 && firstError !== undefined) throw firstError;

  const accepted: string[] = [];
  const hops: DeliveryHop[] = [];
  for (const [domain, route] of routes) {
    const result = await deliverDomain(message, domain, groups.get(domain) ?? [], route, opts, hops);
    accepted.push(...result.accepted);
    rejected.push(...result.rejected);
  }
  return { accepted, rejected, ...summariseTls(hops), hops };
}

async function deliverDomain(
  message: OutgoingMessage,
  domain: string,
  recipients: readonly string[],
  route: MxResult,
  opts: DirectOptions,
  hops: DeliveryHop[],
): Promise<{ accepted: string[]; rejected: RejectedRecipient[] }> {
  const port = opts.port ?? 25;
  let pending = [...recipients];
  const accepted: string[] = [];
  const final: RejectedRecipient[] = [];
  const lastTemporary = new Map<string, RejectedRecipient>();
  let lastError = 'no mail exchanger has an address';
  for (const mx of route.exchanges) {
    for (const address of mx.addresses) {
      if (pending.length === 0) break;
      const hop: DeliveryHop = {
        domain,
        exchange: mx.exchange,
        address,
        port,
        tls: { used: false, authorized: false },
        accepted: [],
      };
      hops.push(hop);
      const opened = await openExchange(address, port, mx.exchange, opts);
      if ('error' in opened) {
        // Refused, unreachable, a 4xx/5xx greeting: this exchange is not usable now.
        hop.error = opened.error.message;
        lastError = hop.error;
        continue;
      }
      const client = opened.client;
      hop.tls = client.tls;
      try {
        const r = await client.send({ from: message.envelope.from, to: pending }, message.raw);
        hop.accepted = r.accepted;
        accepted.push(...r.accepted);
        const next: string[] = [];
        for (const x of r.rejected) {
          const rej = rejectedFrom(x);
          if (rej.temporary) {
            lastTemporary.set(x.address, rej);
            next.push(x.address);
          } else final.push(rej);
        }
        pending = next;
        await client.quit();
      } catch (e) {
        const err = toMailwrightError(e);
        hop.error = err.message;
        lastError = err.message;
        client.destroy();
        // The sender refused for good, or the message may already be there: do not try elsewhere.
        const permanent = err.kind === 'server-said-no' && (err.code ?? '').startsWith('5');
        const unknown = err.code === 'DELIVERY_UNKNOWN';
        if (permanent || unknown || err.kind === 'bad-input') {
          for (const a of pending) {
            final.push({
              address: a,
              code: permanent ? Number((err.code ?? '0').slice(0, 3)) : 0,
              enhanced: permanent ? err.code?.split(' ')[1] : undefined,
              text: err.serverText ?? err.message,
              temporary: false,
              ...(unknown ? { deliveryUnknown: true } : {}),
            });
          }
          pending = [];
        }
      }
    }
  }
  for (const a of pending) {
    final.push(
      lastTemporary.get(a) ??
        unreached(a, `No mail exchanger of ${domain} took the message (last: ${lastError}).`, true),
    );
  }
  return { accepted, rejected: final };
}
