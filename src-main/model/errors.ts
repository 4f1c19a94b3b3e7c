/**
 * Errors are values with a kind and, when a server spoke, the server's own words.
 * The UI and the CLI show `message` (one sentence: what happened and what to do)
 * and never a stack trace.
 */
export type ErrorKind =
  | 'auth' // credentials refused
  | 'tls' // handshake, certificate, or a required upgrade not offered
  | 'network' // connect refused, reset, closed early
  | 'timeout' // connect, idle or command budget exhausted
  | 'protocol' // the peer broke the protocol (bad syntax, oversized line)
  | 'server-said-no' // a well-formed refusal (4xx/5xx, -ERR, NO/BAD)
  | 'bad-input' // the user's or caller's input cannot be sent as is
  | 'no-mail' // the domain accepts no mail (null MX)
  | 'dns' // name resolution failed (NXDOMAIN, SERVFAIL, REFUSED, no servers)
  | 'keychain' // the OS keychain is not reachable
  | 'not-found' // an account, folder or message that does not exist
  | 'internal'; // a bug of ours; still reported as a value

export interface MailwrightErrorOptions {
  /** The peer's own words (reply text, -ERR text, tagged NO text), secrets never included. */
  serverText?: string;
  /** A machine-readable detail: a reply code, an enhanced status, a TLS error code, an rcode. */
  code?: string;
  cause?: unknown;
}

export class MailwrightError extends Error {
  readonly kind: ErrorKind;
  readonly serverText: string | undefined;
  readonly code: string | undefined;

  constructor(kind: ErrorKind, message: string, options: MailwrightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MailwrightError';
    this.kind = kind;
    this.serverText = options.serverText;
    this.code = options.code;
  }

  /** The plain shape that crosses IPC and `--json` output. */
  toJSON(): ErrorInfo {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.serverText === undefined ? {} : { serverText: this.serverText }),
      ...(this.code === undefined ? {} : { code: this.code }),
    };
  }
}

export interface ErrorInfo {
  kind: ErrorKind;
  message: string;
  serverText?: string;
  code?: string;
}

export function isMailwrightError(value: unknown): value is MailwrightError {
  return value instanceof MailwrightError;
}

/** Wraps anything thrown into a MailwrightError; unknown exceptions become `internal`. */
export function toMailwrightError(value: unknown): MailwrightError {
  if (value instanceof MailwrightError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new MailwrightError('internal', `Unexpected failure: ${message}`, { cause: value });
}
