import { MailwrightError } from '../model/errors';

/** Where a failure happened, so each message can name the peer and the step. */
export interface ErrorContext {
  host: string;
  port: number;
  /** The name the certificate was checked against, when TLS was involved. */
  servername?: string;
  protocol?: string;
  phase: 'connect' | 'tls' | 'read' | 'write';
}

function peer(ctx: ErrorContext): string {
  const where = ctx.host.includes(':') ? `[${ctx.host}]:${ctx.port}` : `${ctx.host}:${ctx.port}`;
  return ctx.protocol ? `${ctx.protocol.toUpperCase()} server ${where}` : where;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** OpenSSL / Node certificate codes and what a person should make of them. */
const CERT_PROBLEMS: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN:
    'is signed by a certificate authority that is not trusted (self-signed certificate in chain)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'is signed by a certificate authority that is not trusted (unable to verify the first certificate)',
  UNABLE_TO_GET_ISSUER_CERT: 'is signed by an unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'is signed by an unknown certificate authority',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  CERT_REVOKED: 'has been revoked',
  CERT_SIGNATURE_FAILURE: 'has an invalid signature',
  CERT_UNTRUSTED: 'is not trusted',
  INVALID_CA: 'is issued by an invalid certificate authority',
  ERR_TLS_CERT_ALTNAME_INVALID: 'does not match the server name',
};

/**
 * Maps a Node socket or TLS error to a MailwrightError with one actionable sentence.
 * The Node message goes into serverText (what the system knew), the Node/OpenSSL code into code.
 */
export function mapSocketError(err: unknown, ctx: ErrorContext): MailwrightError {
  if (err instanceof MailwrightError) return err;
  const e = err as NodeJS.ErrnoException & { reason?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const text = e instanceof Error ? e.message : String(err);
  const opts = { code, serverText: text, cause: err };
  const who = peer(ctx);

  if (code !== undefined && code in CERT_PROBLEMS) {
    const problem = CERT_PROBLEMS[code];
    const name = ctx.servername ?? ctx.host;
    const advice =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? `check that "${name}" is the server's name as written in its certificate`
        : "add the server's CA certificate to the account (--ca) if you trust it, or ask the provider";
    return new MailwrightError('tls', `The certificate of ${who} ${problem} for "${name}": ${advice}.`, opts);
  }
  if (
    code !== undefined &&
    (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /SSL|TLS/.test(code))
  ) {
    const version = /VERSION|PROTOCOL/i.test(code) ? ' (it may not offer TLS 1.2 or newer)' : '';
    return new MailwrightError(
      'tls',
      `The TLS handshake with ${who} failed${version}: check that the port expects TLS in this mode.`,
      opts,
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new MailwrightError(
        'network',
        `Connection to ${who} was refused: check the server name and port.`,
        opts,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new MailwrightError(
        'dns',
        `The name ${ctx.host} could not be resolved: check the server name.`,
        opts,
      );
    case 'ECONNRESET':
      return new MailwrightError(
        'network',
        `The connection to ${who} was reset by the peer: try again, and check the port and TLS mode if it persists.`,
        opts,
      );
    case 'EPIPE':
      return new MailwrightError(
        'network',
        `The connection to ${who} was closed while sending: try again.`,
        opts,
      );
    case 'ETIMEDOUT':
      return new MailwrightError(
        'timeout',
        `The connection to ${who} timed out at the network level: check the network.`,
        opts,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new MailwrightError(
        'network',
        `${who} cannot be reached from this network: check the network and the server name.`,
        opts,
      );
    case 'EADDRNOTAVAIL':
      return new MailwrightError(
        'network',
        `The address of ${who} is not usable here: check the server name.`,
        opts,
      );
  }
  if (text.includes('before secure TLS connection was established')) {
    return new MailwrightError(
      'tls',
      `${who} closed the connection during the TLS handshake: check that the port expects TLS in this mode.`,
      opts,
    );
  }
  return new MailwrightError(
    'network',
    `The connection to ${who} failed (${code ?? text}): try again.`,
    opts,
  );
}

export function connectTimeoutError(ctx: ErrorContext, ms: number): MailwrightError {
  const step = ctx.phase === 'tls' ? 'TLS handshake with' : 'connection to';
  return new MailwrightError(
    'timeout',
    `The ${step} ${peer(ctx)} did not complete within the connect timeout of ${seconds(ms)}: check the server name, port and network.`,
    { code: 'CONNECT_TIMEOUT' },
  );
}

export function idleTimeoutError(ctx: ErrorContext, ms: number): MailwrightError {
  return new MailwrightError(
    'timeout',
    `${capital(peer(ctx))} sent nothing for ${seconds(ms)} (idle timeout): the server may be overloaded, try again later.`,
    { code: 'IDLE_TIMEOUT' },
  );
}

export function commandTimeoutError(ctx: ErrorContext, what: string, ms: number): MailwrightError {
  return new MailwrightError(
    'timeout',
    `${capital(peer(ctx))} did not finish ${what} within ${seconds(ms)}: the server may be overloaded, try again later.`,
    { code: 'COMMAND_TIMEOUT' },
  );
}

/** The peer ended the connection while we still expected data. */
export function closedError(ctx: ErrorContext, lastServerLine: string | undefined): MailwrightError {
  return new MailwrightError(
    'network',
    `${capital(peer(ctx))} closed the connection unexpectedly: try again, and check the server's status if it persists.`,
    { code: 'CLOSED', ...(lastServerLine === undefined ? {} : { serverText: lastServerLine }) },
  );
}

/** We closed it (close/destroy) while a read or write was still waiting. */
export function closedByUsError(ctx: ErrorContext): MailwrightError {
  return new MailwrightError(
    'network',
    `The connection to ${peer(ctx)} was closed by Mailwright before the reply arrived.`,
    {
      code: 'CLOSED_LOCALLY',
    },
  );
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
