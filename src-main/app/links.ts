/**
 * What to do with a link the window tried to open or navigate to (a click in a mail, a
 * target=_blank, a script): the window itself never leaves app://, so every such URL
 * lands here. Pure; main.ts calls shell.openExternal only with `url` of an 'open'
 * answer, which is the re-serialised URL that was checked, never the raw input.
 */
import { parseMailto, type MailtoDraft } from './mailto';

export type LinkAction =
  | { kind: 'open'; url: string }
  /** We are the mail client: a mailto: opens our composer, not another program. */
  | { kind: 'compose'; draft: MailtoDraft }
  | { kind: 'refuse'; reason: string };

/** Long enough for any real link; a longer one is a payload, not an address. */
export const MAX_EXTERNAL_URL_LENGTH = 8192;

/**
 * http and https with a host and without user:password@ (which only serves to
 * disguise the real host: https://bank.example@evil.example/) open in the browser;
 * mailto: opens the composer; every other scheme (javascript:, file:, data:, vbscript:,
 * blob:, smb:, app:, custom handlers) is refused.
 */
export function linkAction(raw: string): LinkAction {
  if (raw.length > MAX_EXTERNAL_URL_LENGTH)
    return { kind: 'refuse', reason: 'The link is too long to open.' };
  if (/^mailto:/i.test(raw)) {
    const mailto = parseMailto(raw);
    return mailto.ok ? { kind: 'compose', draft: mailto.draft } : { kind: 'refuse', reason: mailto.problem };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'refuse', reason: 'The link is not a valid address.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'refuse', reason: `Links of the kind ${url.protocol} are not opened from Mailwright.` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      kind: 'refuse',
      reason: 'The link hides its real address behind a user name; copy it into a browser if you trust it.',
    };
  }
  if (url.hostname === '') return { kind: 'refuse', reason: 'The link has no host to open.' };
  return { kind: 'open', url: url.href };
}
