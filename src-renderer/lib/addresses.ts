/**
 * Address fields as people type them: "Ada <ada@example.org>, bob@example.org". Parsing
 * is a pure function so the composer can say exactly which entry is wrong.
 */
import type { MailAddress } from '../../src-main/model';

export interface ParsedAddresses {
  valid: MailAddress[];
  /** The entries that are not an address, as typed. */
  invalid: string[];
}

// A practical addr-spec check: one @, a dot-atom-ish local part, a domain with a dot or
// a bracketed literal. Stricter than "anything with @", looser than the full RFC 5322.
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const DOMAIN =
  /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,63}$|^\[[0-9a-fA-F:.]+\]$/u;

export function isAddress(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64 || domain.length > 253) return false;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return LOCAL.test(local) && DOMAIN.test(domain);
}

/** Splits on commas and semicolons outside quotes and angle brackets. */
export function splitEntries(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if ((ch === ',' || ch === ';') && !quoted && !angle) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

export function parseEntry(entry: string): MailAddress | null {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(entry);
  if (m !== null) {
    const address = (m[2] ?? '').trim();
    let name = (m[1] ?? '').trim();
    if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) name = name.slice(1, -1).trim();
    return isAddress(address) ? { name: name === '' ? null : name, address } : null;
  }
  return isAddress(entry) ? { name: null, address: entry } : null;
}

export function parseAddresses(text: string): ParsedAddresses {
  const valid: MailAddress[] = [];
  const invalid: string[] = [];
  for (const entry of splitEntries(text)) {
    const parsed = parseEntry(entry);
    if (parsed === null) invalid.push(entry);
    else valid.push(parsed);
  }
  return { valid, invalid };
}

export function formatAddress(a: MailAddress): string {
  if (a.name === null || a.name === '') return a.address;
  const needsQuotes = /[",;<>@()[\]:\\]/.test(a.name);
  return needsQuotes ? `"${a.name.replace(/["\\]/g, '')}" <${a.address}>` : `${a.name} <${a.address}>`;
}

export function formatAddresses(list: readonly MailAddress[]): string {
  return list.map(formatAddress).join(', ');
}

/** What the list and the reader show for a sender: the name, else the address. */
export function displayName(list: readonly MailAddress[]): string {
  const first = list[0];
  if (first === undefined) return '(no sender)';
  return first.name !== null && first.name !== '' ? first.name : first.address;
}
