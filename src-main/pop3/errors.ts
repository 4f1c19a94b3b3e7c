import { MailwrightError } from '../model/errors';
import type { Pop3Status } from './framing';

/**
 * Turns a -ERR into a MailwrightError a person can act on. RFC 2449 §8 and RFC 3206 codes
 * say what went wrong precisely; without a code we fall back to what the command was.
 */

export type Pop3Step = 'greeting' | 'auth' | 'stls' | 'command' | 'quit';

function words(status: Pop3Status): string {
  return status.code === undefined ? status.text : `[${status.code}] ${status.text}`;
}

export function errorFromStatus(status: Pop3Status, step: Pop3Step, command: string): MailwrightError {
  const serverText = words(status);
  const opts = { serverText, ...(status.code === undefined ? {} : { code: status.code }) };
  // Codes are hierarchical (SYS/TEMP/...): the top levels decide.
  const code = status.code ?? '';
  if (code === 'IN-USE' || code.startsWith('IN-USE/')) {
    return new MailwrightError(
      'server-said-no',
      'The mailbox is in use by another session: close other mail programs and try again.',
      opts,
    );
  }
  if (code === 'LOGIN-DELAY' || code.startsWith('LOGIN-DELAY/')) {
    return new MailwrightError(
      'server-said-no',
      'The server allows this account to log in only every few minutes: wait a while and fetch again.',
      opts,
    );
  }
  if (code === 'SYS/TEMP' || code.startsWith('SYS/TEMP/')) {
    return new MailwrightError(
      'server-said-no',
      'The mail server has a temporary problem: try again later.',
      opts,
    );
  }
  if (code === 'SYS/PERM' || code.startsWith('SYS/PERM/')) {
    return new MailwrightError(
      'server-said-no',
      'The mail server has a lasting problem with this mailbox: contact your mail provider.',
      opts,
    );
  }
  if (code === 'AUTH' || code.startsWith('AUTH/') || step === 'auth') {
    return new MailwrightError(
      'auth',
      'The POP3 server refused the user name or password: check them and try again.',
      opts,
    );
  }
  if (step === 'greeting') {
    return new MailwrightError(
      'server-said-no',
      'The POP3 server refused the connection: try again later.',
      opts,
    );
  }
  if (step === 'stls') {
    return new MailwrightError(
      'tls',
      'The POP3 server refused to start TLS: use --tls implicit (port 995) or ask your provider.',
      opts,
    );
  }
  if (step === 'quit') {
    return new MailwrightError(
      'server-said-no',
      'The POP3 server could not finish the session, so messages marked for deletion stay on the server: fetch again later.',
      opts,
    );
  }
  return new MailwrightError('server-said-no', `The POP3 server refused ${command}: try again later.`, opts);
}

/** A RETR or TOP answered -ERR (or without a body) while mail was being fetched. */
export function retrieveRefused(n: number, status: Pop3Status): MailwrightError {
  return new MailwrightError(
    'server-said-no',
    `The POP3 server refused to send message ${n}: fetch again later.`,
    {
      serverText: status.text,
    },
  );
}
