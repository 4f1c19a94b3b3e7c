/**
 * The native notification for a 'new-mail' event, as data: title and body only (no
 * HTML, no images: notification servers render markup and fetch URLs). Sender names and
 * subjects come from strangers, so control characters are removed and lengths capped.
 * No electron import; main.ts shows it with Electron's Notification.
 */
import type { NewMail } from '../model';

export interface NotificationSpec {
  title: string;
  body: string;
}

const MAX_TITLE = 80;
const MAX_BODY = 160;

/** One line of plain text, at most `max` characters (with an ellipsis when cut). */
function clean(text: string, max: number): string {
  // Line breaks become spaces; other controls, bidi overrides and zero-width tricks go.
  const flat = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

export function newMailNotification(event: NewMail): NotificationSpec | undefined {
  const [first] = event.messages;
  if (first === undefined) return undefined;
  if (event.messages.length > 1) {
    return {
      title: clean(`${event.messages.length} new messages`, MAX_TITLE),
      body: clean(`In ${event.folder}`, MAX_BODY),
    };
  }
  const sender = first.from[0];
  const who = sender === undefined ? 'an unknown sender' : (sender.name ?? sender.address);
  const subject = first.subject.trim() === '' ? '(no subject)' : first.subject;
  return { title: clean(`New mail from ${who}`, MAX_TITLE), body: clean(subject, MAX_BODY) };
}
