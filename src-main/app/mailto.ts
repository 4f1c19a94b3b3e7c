/**
 * mailto: URLs (RFC 6068) read into a composer draft, as a pure function. A mailto: link
 * comes from a web page or another program, so it is untrusted: we read the fields a
 * composer can show (to, cc, bcc, subject, body), ignore other header fields the RFC
 * allows (In-Reply-To, Keywords, …), and refuse anything odd with one sentence — bad
 * percent-encoding, bytes that are not UTF-8, control characters, display names, attach=
 * (a known trick to exfiltrate local files), absurd sizes. No electron import.
 */
import type { ComposeEvent } from '../ipc/contract';

export type MailtoDraft = ComposeEvent;

export type MailtoResult =
  { ok: true; draft: MailtoDraft; ignored: string[] } | { ok: false; problem: string };

/** Bigger links are not mail a person wrote by hand; browsers cap URLs near this too. */
export const MAX_MAILTO_LENGTH = 64 * 1024;
const MAX_ADDRESSES = 100;
const MAX_ADDRESS_LENGTH = 320;

/** Header fields that try to make the composer attach or read local files. */
const REFUSED_FIELDS = new Set(['attach', 'attachment', 'attachments']);

/** RFC 5322 atext, plus any non-ASCII letter (RFC 6532 addresses). */
const ATOM = /^[\p{L}\p{M}\p{N}!#$%&'*+\-/=?^_`{|}~]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
/** hfname per RFC 6068: letters, digits and a few marks; anything else is odd. */
const FIELD_NAME = /^[A-Za-z0-9!$'()*+\-.;:@_~]+$/;

const refuse = (problem: string): MailtoResult => ({ ok: false, problem });

/** Percent-decodes one component as UTF-8; undefined when the encoding is broken. */
function decode(component: string): string | undefined {
  // decodeURIComponent throws on a stray % and on byte sequences that are not UTF-8.
  try {
    return decodeURIComponent(component);
  } catch {
    return undefined;
  }
}

function isLocalPart(local: string): boolean {
  if (local.startsWith('"')) {
    // A quoted string: "..." with backslash pairs; RFC 6068 §6 shows "not@me"@example.org.
    return /^"(?:[^"\\\p{Cc}]|\\[^\p{Cc}])*"$/u.test(local) && local.length > 2;
  }
  return local.split('.').every((atom) => ATOM.test(atom));
}

function isDomain(domain: string): boolean {
  if (/^\[[0-9A-Fa-f:.]+\]$/.test(domain)) return true; // an address literal
  const labels = domain.split('.');
  return labels.length >= 1 && labels.every((l) => l.length <= 63 && DOMAIN_LABEL.test(l));
}

/** One decoded addr-spec, or the reason it is not one. */
function checkAddress(address: string): string | undefined {
  if (address.length > MAX_ADDRESS_LENGTH) return 'an address is longer than 320 characters';
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) {
    return `"${address.slice(0, 80)}" is not an address like name@example.org`;
  }
  if (/[<>]/.test(address)) return 'addresses with display names are not allowed in mailto: links';
  if (!isLocalPart(address.slice(0, at)) || !isDomain(address.slice(at + 1))) {
    return `"${address.slice(0, 80)}" is not an address like name@example.org`;
  }
  return undefined;
}

/**
 * Splits an address list. The split is done on the still-encoded text, so a comma that
 * was written as %2C stays inside its (quoted) local part, as RFC 6068 §2 requires.
 */
function addresses(encoded: string, into: string[]): string | undefined {
  for (const part of encoded.split(',')) {
    if (part === '') continue; // "a@x,,b@x" and a trailing comma: nothing to add
    const address = decode(part);
    if (address === undefined) return 'it has broken percent-encoding';
    const problem = checkAddress(address.trim());
    if (problem !== undefined) return problem;
    into.push(address.trim());
  }
  return into.length > MAX_ADDRESSES ? `it names more than ${MAX_ADDRESSES} recipients` : undefined;
}

// Control characters (C0, DEL, C1); the body may keep tab and line ends, a subject only tab.
const BODY_FORBIDDEN = /(?![\t\n\r])\p{Cc}/u;
const SUBJECT_FORBIDDEN = /(?!\t)\p{Cc}/u;

/**
 * Reads a mailto: URL. Returns the draft and the names of header fields it ignored, or
 * one sentence saying why the link was refused.
 */
export function parseMailto(url: string): MailtoResult {
  if (url.length > MAX_MAILTO_LENGTH) return refuse('The mailto: link is too long to open.');
  if (!/^mailto:/i.test(url)) return refuse('This is not a mailto: link.');
  const rest = url.slice('mailto:'.length);
  if (/[\s\p{Cc}]/u.test(rest)) {
    return refuse('The mailto: link contains spaces or control characters that should be percent-encoded.');
  }
  if (rest.includes('#')) return refuse('The mailto: link has a fragment (#), which mailto: does not allow.');
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q + 1);

  const draft: MailtoDraft = { to: [], cc: [], bcc: [], subject: '', body: '' };
  const ignored: string[] = [];
  const seen = new Set<string>();
  const bad = (why: string) => refuse(`The mailto: link was not opened because ${why}.`);

  const toProblem = addresses(path, draft.to);
  if (toProblem !== undefined) return bad(toProblem);

  for (const pair of query === '' ? [] : query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) return bad(`"${pair.slice(0, 40)}" is not a name=value field`);
    const name = decode(pair.slice(0, eq))?.toLowerCase();
    const encodedValue = pair.slice(eq + 1);
    if (name === undefined) return bad('it has broken percent-encoding');
    if (!FIELD_NAME.test(name)) return bad(`"${name.slice(0, 40)}" is not a header field name`);
    if (REFUSED_FIELDS.has(name)) return bad('it asks to attach files');
    if (name === 'to' || name === 'cc' || name === 'bcc') {
      const problem = addresses(encodedValue, draft[name]);
      if (problem !== undefined) return bad(problem);
      continue;
    }
    if (name !== 'subject' && name !== 'body') {
      if (!ignored.includes(name)) ignored.push(name);
      continue;
    }
    if (seen.has(name)) return bad(`it sets the ${name} twice`);
    seen.add(name);
    const value = decode(encodedValue);
    if (value === undefined) return bad('it has broken percent-encoding');
    if (name === 'subject') {
      if (SUBJECT_FORBIDDEN.test(value)) return bad('its subject contains line breaks or control characters');
      draft.subject = value;
    } else {
      if (BODY_FORBIDDEN.test(value)) return bad('its body contains control characters');
      // RFC 6068 writes line ends as %0D%0A; the composer wants plain \n.
      draft.body = value.replace(/\r\n?/g, '\n');
    }
  }
  const total = draft.to.length + draft.cc.length + draft.bcc.length;
  if (total > MAX_ADDRESSES) return bad(`it names more than ${MAX_ADDRESSES} recipients`);
  return { ok: true, draft, ignored };
}

/**
 * The mailto: URL among a launch's arguments (the OS passes it as one argument, on
 * Linux and Windows; macOS uses the open-url event instead), or undefined.
 */
export function mailtoFromArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => /^mailto:/i.test(arg));
}
