/**
 * Building account settings from what a person gives (host[:port], a TLS choice or none)
 * or from an autoconfiguration result, with the usual defaults: the TLS mode follows the
 * port (993/995/465 implicit, anything else STARTTLS) and the port follows the TLS mode.
 */
import type { AccountSettings, IncomingServer, OutgoingServer, Security } from '../model/account';
import { MailwrightError } from '../model/errors';
import type { AutoconfigResult } from './autoconfig/autoconfig';
import type { Protocol } from './autoconfig/candidates';
import type { RankedCandidate } from './autoconfig/rank';

export const DEFAULT_SYNC_INTERVAL_MINUTES = 15;

const IMPLICIT_PORTS: Record<Protocol, number> = { imap: 993, pop3: 995, smtp: 465 };
const PLAIN_PORTS: Record<Protocol, number> = { imap: 143, pop3: 110, smtp: 587 };

/** 993, 995 and 465 speak TLS from the first byte; every other port starts in plaintext. */
export function securityForPort(port: number): Security {
  return port === 993 || port === 995 || port === 465 ? 'implicit' : 'starttls';
}

export function portForSecurity(protocol: Protocol, security: Security): number {
  return security === 'implicit' ? IMPLICIT_PORTS[protocol] : PLAIN_PORTS[protocol];
}

/** "host", "host:port", "[v6]" or "[v6]:port"; a bare IPv6 literal has no port. */
export function parseHostPort(text: string): { host: string; port: number | undefined } {
  const bad = (): never => {
    throw new MailwrightError('bad-input', `"${text}" is not a server; write it as HOST or HOST:PORT.`, {
      code: 'BAD_SERVER',
    });
  };
  let host = text.trim();
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(host);
  if (bracketed !== null) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if (host.split(':').length === 2) {
    [host, portText] = host.split(':') as [string, string];
  }
  if (host === '' || /[[\]\s/]/.test(host)) bad();
  let port: number | undefined;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) bad();
    port = Number(portText);
  }
  return { host, port };
}

export interface ServerChoice {
  host: string;
  port?: number | undefined;
  security?: Security | undefined;
}

/** Fills in the port from the TLS mode, or the TLS mode from the port. */
export function resolveChoice(
  protocol: Protocol,
  choice: ServerChoice,
): { host: string; port: number; security: Security } {
  const security = choice.security ?? (choice.port === undefined ? 'implicit' : securityForPort(choice.port));
  return { host: choice.host, port: choice.port ?? portForSecurity(protocol, security), security };
}

export interface AccountDraft {
  address: string;
  displayName?: string | undefined;
  /** Login name for every server; default the address. */
  user?: string | undefined;
  incoming:
    | ({ protocol: 'imap' } & ServerChoice)
    | ({ protocol: 'pop3'; mode?: 'keep' | 'delete' | undefined } & ServerChoice);
  outgoing: ({ kind: 'submission' } & ServerChoice) | { kind: 'direct' };
  extraCaPem?: string | undefined;
  syncIntervalMinutes?: number | undefined;
}

/** A draft → full settings with defaults (not yet validated: the store validates). */
export function settingsFromDraft(d: AccountDraft): AccountSettings {
  const user = d.user ?? d.address;
  let incoming: IncomingServer;
  if (d.incoming.protocol === 'imap') {
    incoming = { protocol: 'imap', server: { ...resolveChoice('imap', d.incoming), user, auth: 'auto' } };
  } else {
    const mode = d.incoming.mode ?? 'keep';
    incoming = {
      protocol: 'pop3',
      server: { ...resolveChoice('pop3', d.incoming), user, auth: 'auto' },
      pop3:
        mode === 'keep'
          ? { mode, leaveDays: null, deleteWhenDeletedLocally: false, headersOnlyOverBytes: null }
          : { mode, headersOnlyOverBytes: null },
    };
  }
  const outgoing: OutgoingServer =
    d.outgoing.kind === 'direct'
      ? { kind: 'direct' }
      : { kind: 'submission', server: { ...resolveChoice('smtp', d.outgoing), user, auth: 'auto' } };
  return {
    address: d.address,
    displayName: d.displayName ?? '',
    incoming,
    outgoing,
    syncIntervalMinutes: d.syncIntervalMinutes ?? DEFAULT_SYNC_INTERVAL_MINUTES,
    ...(d.extraCaPem === undefined ? {} : { extraCaPem: d.extraCaPem }),
  };
}

/**
 * A suggestion becomes a choice only with TLS: a server that offers none is shown to the
 * person, but taking it (and sending the password in the clear) must be their explicit act.
 */
function choiceOf(c: RankedCandidate, hint: string): ServerChoice {
  if (c.security === 'none') {
    throw new MailwrightError(
      'tls',
      `The best server found, ${c.host}:${c.port}, offers no TLS, so the password would cross the network unprotected; ${hint} if you accept that.`,
      { code: 'AUTOCONFIG_NO_TLS' },
    );
  }
  return { host: c.host, port: c.port, security: c.security };
}

/**
 * Fills what the draft leaves open (`incoming`/`outgoing` undefined) from an
 * autoconfiguration result; a clear 'not-found' error when it found nothing for a side,
 * and a 'tls' error when the best it found offers no TLS.
 */
export function completeFromAutoconfig(
  draft: Omit<AccountDraft, 'incoming' | 'outgoing'> & Partial<Pick<AccountDraft, 'incoming' | 'outgoing'>>,
  result: AutoconfigResult,
  /** How the caller lets a person give each server by hand (CLI flags, a form). */
  hints: { incoming: string; outgoing: string } = {
    incoming: 'enter the server by hand',
    outgoing: 'enter the server by hand',
  },
): AccountDraft {
  let incoming = draft.incoming;
  if (incoming === undefined) {
    const found = result.incoming;
    if (found === undefined) throw nothingFound(result, 'incoming (IMAP or POP3)', hints.incoming);
    incoming =
      found.protocol === 'pop3'
        ? { protocol: 'pop3', ...choiceOf(found, hints.incoming) }
        : { protocol: 'imap', ...choiceOf(found, hints.incoming) };
  }
  let outgoing = draft.outgoing;
  if (outgoing === undefined) {
    const found = result.outgoing;
    if (found === undefined) throw nothingFound(result, 'outgoing (SMTP submission)', hints.outgoing);
    outgoing = { kind: 'submission', ...choiceOf(found, hints.outgoing) };
  }
  return { ...draft, incoming, outgoing };
}

function nothingFound(result: AutoconfigResult, side: string, hint: string): MailwrightError {
  return new MailwrightError(
    'not-found',
    `No ${side} server was found for ${result.domain} (tried ${result.candidates.length} candidates from SRV, MX and conventional names); ${hint}.`,
    { code: 'AUTOCONFIG_NOTHING_FOUND' },
  );
}
