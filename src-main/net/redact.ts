/**
 * Hides secrets in client lines before they reach a protocol log. Pure.
 *
 * Why per protocol: the same words mean different things (`PASS` is a POP3 password, while an
 * IMAP tag may be any atom, so IMAP commands are matched after the tag).
 */

export const REDACTED = '<redacted>';

export interface RedactContext {
  /**
   * The server's last line asked for a continuation (IMAP `+`, POP3 `+ `, SMTP `334`): the
   * client line answers a SASL challenge or is a literal, and may hold a secret.
   */
  afterContinuation?: boolean;
}

/** Lines a client sends while answering a continuation: always hidden. */
function continuationRedacted(line: string): string {
  // Keep `*` (a SASL cancel) visible: it is not a secret and helps explain a log.
  return line.trim() === '*' ? line : REDACTED;
}

/**
 * `line` is one client line without its CRLF. Returns it with passwords, tokens and SASL
 * payloads replaced by <redacted>; lines without secrets come back unchanged.
 */
export function redactClientLine(
  protocol: string | undefined,
  line: string,
  context: RedactContext = {},
): string {
  if (context.afterContinuation === true) return continuationRedacted(line);
  switch ((protocol ?? '').toLowerCase()) {
    case 'imap':
      return redactImap(line);
    case 'pop3':
      return redactPop3(line);
    case 'smtp':
    case 'lmtp':
      return redactSmtp(line);
    default:
      // Unknown protocol: apply every rule that cannot misfire on plain text.
      return redactSmtp(redactPop3(redactImap(line)));
  }
}

// `a1 LOGIN user pass` -> keep the user, hide the password (it may be a quoted string or a
// literal announcement `{8}`; the literal's bytes follow a continuation and are hidden there).
const IMAP_LOGIN = /^(\S+\s+LOGIN\s+)("(?:[^"\\]|\\.)*"|\{\d+\+?\}|\S+)(\s+)(.*)$/i;
// `a1 AUTHENTICATE PLAIN <initial response>` (SASL-IR) -> hide the initial response.
const IMAP_AUTHENTICATE = /^(\S+\s+AUTHENTICATE\s+\S+)(\s+.+)$/i;

function redactImap(line: string): string {
  const login = IMAP_LOGIN.exec(line);
  if (login) {
    const [, head = '', user = '', gap = '', pass = ''] = login;
    // A literal announcement for the password carries no secret itself.
    return /^\{\d+\+?\}$/.test(pass) ? line : `${head}${user}${gap}${REDACTED}`;
  }
  const auth = IMAP_AUTHENTICATE.exec(line);
  if (auth) return `${auth[1] ?? ''} ${REDACTED}`;
  return line;
}

function redactPop3(line: string): string {
  if (/^PASS(\s|$)/i.test(line)) return line.length > 4 ? `${line.slice(0, 4)} ${REDACTED}` : line;
  // `APOP user digest`: the digest is a password hash, replayable within the session.
  const apop = /^(APOP\s+\S+)(\s+.+)$/i.exec(line);
  if (apop) return `${apop[1] ?? ''} ${REDACTED}`;
  const auth = /^(AUTH\s+\S+)(\s+.+)$/i.exec(line);
  if (auth) return `${auth[1] ?? ''} ${REDACTED}`;
  return line;
}

function redactSmtp(line: string): string {
  // `AUTH PLAIN <base64>`, `AUTH LOGIN <base64 user>`, `AUTH XOAUTH2 <token>`.
  const auth = /^(AUTH\s+\S+)(\s+.+)$/i.exec(line);
  if (auth) return `${auth[1] ?? ''} ${REDACTED}`;
  return line;
}

/** Does this server line ask the client for a continuation (a SASL challenge or literal)? */
export function isContinuationRequest(protocol: string | undefined, line: string): boolean {
  switch ((protocol ?? '').toLowerCase()) {
    case 'imap':
      return line.startsWith('+');
    case 'pop3':
      // POP3 SASL challenges are `+ base64`; `+OK` is an ordinary reply.
      return line === '+' || line.startsWith('+ ');
    case 'smtp':
    case 'lmtp':
      return line.startsWith('334');
    default:
      return line === '+' || line.startsWith('+ ') || line.startsWith('334');
  }
}
