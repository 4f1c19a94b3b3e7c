import { MailwrightError, type ErrorKind } from '../model/errors';
import type { TaggedResponse } from './types';

/** A tagged NO/BAD as a typed error: the kind follows the response code (RFC 5530). */
export function refusal(command: string, tagged: TaggedResponse): MailwrightError {
  const code =
    tagged.code === null ? undefined : tagged.code.name === 'OTHER' ? tagged.code.atom : tagged.code.name;
  let kind: ErrorKind = 'server-said-no';
  let message = `The IMAP server refused ${command}; see its reply for why.`;
  if (code === 'AUTHENTICATIONFAILED' || code === 'AUTHORIZATIONFAILED' || code === 'EXPIRED') {
    kind = 'auth';
    message = 'The IMAP server refused the user name or password; check them and try again.';
  } else if (
    code === 'NONEXISTENT' ||
    code === 'TRYCREATE' ||
    // Dovecot 2.3 omits [NONEXISTENT] on SELECT/EXAMINE/STATUS; its text is stable.
    (code === undefined &&
      tagged.status === 'NO' &&
      /\b(doesn't|does not|not) exist|no such (mailbox|folder)/i.test(tagged.text))
  ) {
    kind = 'not-found';
    message = `The IMAP server says the folder for ${command} does not exist; check the folder name.`;
  } else if (code === 'ALREADYEXISTS') {
    message = `The IMAP server refused ${command} because the folder already exists; choose another name.`;
  } else if (tagged.status === 'BAD') {
    kind = 'protocol';
    message = `The IMAP server did not understand ${command}; it may not support this command.`;
  }
  return new MailwrightError(kind, message, {
    serverText: tagged.text,
    ...(code === undefined ? {} : { code }),
  });
}
