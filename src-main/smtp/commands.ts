import { MailwrightError } from '../model/errors';

/**
 * SMTP command lines. Every builder checks its arguments, so CR, LF or NUL from an
 * address or a name can never end one command and start another on the wire.
 */

function refuseControl(what: string, value: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new MailwrightError(
      'bad-input',
      `The ${what} contains a line break or NUL character; remove it and try again.`,
    );
  }
}

/**
 * Checks an envelope address (a mailbox, or '' for the null reverse-path). Refuses
 * what cannot stand between `<` and `>`: control characters, spaces, angle brackets,
 * and a missing `@`. Returns whether it needs SMTPUTF8 (non-ASCII, RFC 6531).
 */
export function checkAddress(address: string, what = 'address'): { utf8: boolean } {
  refuseControl(`${what} "${printable(address)}"`, address);
  if (address === '') return { utf8: false };
  if (/[\s<>]/.test(address) || hasControl(address) || !/^[^@]+@[^@]+$/.test(address)) {
    throw new MailwrightError(
      'bad-input',
      `The ${what} "${printable(address)}" is not a valid email address; write it as name@example.org.`,
    );
  }
  return { utf8: /[\u0080-\uffff]/.test(address) };
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** For messages: control characters shown as escapes, never raw. */
function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function params(list: readonly string[]): string {
  for (const p of list) refuseControl('command parameter', p);
  return list.length === 0 ? '' : ` ${list.join(' ')}`;
}

export function ehlo(domain: string): string {
  refuseControl('client name', domain);
  return `EHLO ${domain}\r\n`;
}

export function helo(domain: string): string {
  refuseControl('client name', domain);
  return `HELO ${domain}\r\n`;
}

export function mailFrom(address: string, parameters: readonly string[] = []): string {
  checkAddress(address, 'sender address');
  return `MAIL FROM:<${address}>${params(parameters)}\r\n`;
}

export function rcptTo(address: string, parameters: readonly string[] = []): string {
  checkAddress(address, 'recipient address');
  return `RCPT TO:<${address}>${params(parameters)}\r\n`;
}

export function auth(mechanism: string, initialResponse?: string): string {
  if (!/^[A-Z0-9_-]{1,20}$/.test(mechanism)) {
    throw new MailwrightError(
      'bad-input',
      `The SASL mechanism name "${printable(mechanism)}" is not valid; use PLAIN, LOGIN or XOAUTH2.`,
    );
  }
  if (initialResponse === undefined) return `AUTH ${mechanism}\r\n`;
  refuseControl('SASL response', initialResponse);
  // RFC 4954 §4: an empty initial response is sent as "=".
  return `AUTH ${mechanism} ${initialResponse === '' ? '=' : initialResponse}\r\n`;
}

/** A line answering a 334 challenge during AUTH (base64, or `*` to cancel). */
export function saslLine(response: string): string {
  refuseControl('SASL response', response);
  return `${response}\r\n`;
}

export const DATA = 'DATA\r\n';
export const RSET = 'RSET\r\n';
export const QUIT = 'QUIT\r\n';
export const NOOP = 'NOOP\r\n';
export const STARTTLS = 'STARTTLS\r\n';

/** RFC 3030: the one and only chunk of a message, `size` bytes following the command line. */
export function bdatLast(size: number): string {
  return `BDAT ${size} LAST\r\n`;
}
