import { MailwrightError } from '../model/errors';

/**
 * SASL client mechanisms (RFC 4422) as pure step functions: no socket, no protocol.
 * SMTP (RFC 4954), IMAP and POP3 carry the same base64 strings in their own framing.
 * Credentials are UTF-8 (RFC 4616 §2); a NUL in them cannot be encoded in PLAIN.
 */

export type SaslMechanismName = 'PLAIN' | 'LOGIN' | 'XOAUTH2';

export interface SaslCredentials {
  user: string;
  password?: string;
  /** OAuth 2.0 access token, for XOAUTH2. */
  accessToken?: string;
  /** Authorization identity for PLAIN; normally absent (act as `user`). */
  authzid?: string;
}

export interface SaslClient {
  readonly mechanism: SaslMechanismName;
  /** Base64 initial response to send with the AUTH command, or undefined to wait for a challenge. */
  initialResponse(): string | undefined;
  /** Answers a base64 challenge with a base64 response. Throws `auth` when there is nothing to say. */
  respond(challenge: string): string;
  /** For XOAUTH2: the server's decoded error details, when it sent some. */
  readonly serverDetails: string | undefined;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

function need(value: string | undefined, what: string, mechanism: string): string {
  if (value === undefined || value === '') {
    throw new MailwrightError(
      'bad-input',
      `${mechanism} needs a ${what}; add it to the account and try again.`,
    );
  }
  return value;
}

function refuseNul(value: string, what: string): void {
  if (value.includes('\0')) {
    throw new MailwrightError(
      'bad-input',
      `The ${what} contains a NUL character, which cannot be sent; remove it.`,
    );
  }
}

function unexpectedChallenge(mechanism: string): MailwrightError {
  return new MailwrightError(
    'protocol',
    `The server sent an unexpected ${mechanism} challenge; check the account's authentication settings.`,
  );
}

/** RFC 4616: one message, `authzid NUL authcid NUL password`. */
export function plain(creds: SaslCredentials): SaslClient {
  const password = need(creds.password, 'password', 'PLAIN');
  const authzid = creds.authzid ?? '';
  refuseNul(creds.user, 'user name');
  refuseNul(password, 'password');
  refuseNul(authzid, 'authorization identity');
  return {
    mechanism: 'PLAIN',
    serverDetails: undefined,
    initialResponse: () => b64(`${authzid}\0${creds.user}\0${password}`),
    respond: (challenge) => {
      // A server that does not take initial responses sends an empty challenge first.
      if (challenge === '') return b64(`${authzid}\0${creds.user}\0${password}`);
      throw unexpectedChallenge('PLAIN');
    },
  };
}

/**
 * LOGIN (draft-murchison-sasl-login): the server asks "Username:" then "Password:".
 * We answer by the words when they are there, by order otherwise.
 */
export function login(creds: SaslCredentials): SaslClient {
  const password = need(creds.password, 'password', 'LOGIN');
  let step = 0;
  return {
    mechanism: 'LOGIN',
    serverDetails: undefined,
    initialResponse: () => undefined,
    respond: (challenge) => {
      const prompt = unb64(challenge).toLowerCase();
      step++;
      if (prompt.startsWith('user')) return b64(creds.user);
      if (prompt.startsWith('pass')) return b64(password);
      if (step === 1) return b64(creds.user);
      if (step === 2) return b64(password);
      throw unexpectedChallenge('LOGIN');
    },
  };
}

/**
 * XOAUTH2 (Google/Microsoft): `user=U ^A auth=Bearer T ^A ^A`. On failure the server
 * sends a base64 JSON challenge; the client answers with an empty line to get the
 * final error reply, and keeps the JSON for the user.
 */
export function xoauth2(creds: SaslCredentials): SaslClient {
  const token = need(creds.accessToken, 'access token', 'XOAUTH2');
  if (hasControl(creds.user) || hasControl(token)) {
    throw new MailwrightError(
      'bad-input',
      'The XOAUTH2 user or token contains control characters; check them.',
    );
  }
  let details: string | undefined;
  return {
    mechanism: 'XOAUTH2',
    get serverDetails() {
      return details;
    },
    initialResponse: () => b64(`user=${creds.user}\x01auth=Bearer ${token}\x01\x01`),
    respond: (challenge) => {
      if (details !== undefined) throw unexpectedChallenge('XOAUTH2');
      details = unb64(challenge);
      return '';
    },
  };
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** Our order of preference when the caller does not insist on one. */
const PREFERENCE: readonly SaslMechanismName[] = ['XOAUTH2', 'PLAIN', 'LOGIN'];

/**
 * Picks a mechanism the server offers and the credentials can do. `wanted` forces one.
 * Throws `auth` when none fits, naming what the server offers.
 */
export function chooseMechanism(
  offered: readonly string[],
  creds: SaslCredentials,
  wanted?: SaslMechanismName,
): SaslClient {
  const upper = offered.map((m) => m.toUpperCase());
  const usable = (m: SaslMechanismName): boolean =>
    upper.includes(m) && (m === 'XOAUTH2' ? creds.accessToken !== undefined : creds.password !== undefined);
  const pick = wanted !== undefined ? (usable(wanted) ? wanted : undefined) : PREFERENCE.find(usable);
  if (pick === undefined) {
    const list = upper.length === 0 ? 'none' : upper.join(', ');
    throw new MailwrightError(
      'auth',
      wanted !== undefined
        ? `The server does not offer ${wanted} authentication (it offers ${list}); choose another method.`
        : `The server offers no authentication method we can use with these credentials (it offers ${list}).`,
    );
  }
  return pick === 'PLAIN' ? plain(creds) : pick === 'LOGIN' ? login(creds) : xoauth2(creds);
}
