/**
 * Account settings validation: a pure function from untrusted JSON (the settings file, an
 * IPC request, CLI flags) to a well-formed AccountSettings, or a MailwrightError of kind
 * 'bad-input' whose message is one sentence naming the setting and what to do.
 *
 * Strict on purpose: unknown keys are refused, so a typo cannot silently drop a setting
 * and a password can never ride along into the settings file.
 */
import { isIP } from 'node:net';
import type {
  Account,
  AccountSettings,
  ImapAuth,
  IncomingServer,
  OutgoingServer,
  Pop3Auth,
  Pop3Settings,
  Security,
  ServerSettings,
  SmtpAuth,
} from '../../model/account';
import { MailwrightError } from '../../model/errors';

export const SECURITIES: readonly Security[] = ['implicit', 'starttls', 'none'];
export const IMAP_AUTHS: readonly ImapAuth[] = ['auto', 'login', 'plain', 'cram-md5'];
export const POP3_AUTHS: readonly Pop3Auth[] = ['auto', 'user-pass', 'apop', 'plain', 'cram-md5'];
export const SMTP_AUTHS: readonly SmtpAuth[] = ['auto', 'plain', 'login', 'cram-md5', 'none'];

/** Longest sync interval accepted: one day. */
export const MAX_SYNC_INTERVAL_MINUTES = 1440;

/** Keys that would mean a secret is about to be written to disk. */
const SECRET_KEY = /pass(word|wd)?|secret|token/i;

type Json = Record<string, unknown>;

function fail(message: string): never {
  throw new MailwrightError('bad-input', message, { code: 'INVALID_SETTINGS' });
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(`The setting ${path} must be an object, not ${show(value)}.`);
  return value as Json;
}

/** Refuses keys outside `allowed`; a secret-looking key gets its own, clearer sentence. */
function onlyKeys(obj: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    if (SECRET_KEY.test(key))
      fail(
        `Account settings must not hold a password (found ${path}.${key}); passwords are kept only in the system keychain.`,
      );
    fail(`The setting ${path}.${key} is not known; remove it (allowed here: ${allowed.join(', ')}).`);
  }
}

function text(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string') fail(`The setting ${path} must be ${what}, not ${show(value)}.`);
  // CR, LF and NUL would let a value inject a protocol line; other controls are never meant.
  // oxlint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) fail(`The setting ${path} must not contain control characters.`);
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(`The setting ${path} must be one of ${allowed.join(', ')}, not ${show(value)}.`);
}

function integer(value: unknown, min: number, max: number, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(`The setting ${path} must be a whole number from ${min} to ${max}, not ${show(value)}.`);
  return value;
}

function nullableInteger(value: unknown, min: number, max: number, path: string): number | null {
  return value === null ? null : integer(value, min, max, path);
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** A host name (LDH labels) or an IP literal. */
export function isValidHost(host: string): boolean {
  if (isIP(host) !== 0) return true;
  const name = host.replace(/\.$/, '');
  if (name === '' || name.length > 253) return false;
  return name.split('.').every((label) => LABEL.test(label));
}

/** A mailbox address as people type it: local@domain, nothing around it. */
export function isValidAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  // oxlint-disable-next-line no-control-regex
  if (local.length > 64 || /[\s@<>()[\]\\,;:"\u0000-\u001f\u007f]/.test(local)) return false;
  return !domain.startsWith('[') && isIP(domain) === 0 && isValidHost(domain) && domain.includes('.');
}

/** The domain part of an address (lower-cased), for autoconfiguration. */
export function addressDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

function server<A extends string>(value: unknown, auths: readonly A[], path: string): ServerSettings<A> {
  const obj = object(value, path);
  onlyKeys(obj, ['host', 'port', 'security', 'user', 'auth'], path);
  const host = text(obj.host, `${path}.host`, 'a host name or IP address').trim();
  if (!isValidHost(host))
    fail(`The setting ${path}.host must be a host name or IP address, not ${show(obj.host)}.`);
  const user = text(obj.user, `${path}.user`, 'the login name');
  if (user === '') fail(`The setting ${path}.user must not be empty; use the login name the provider gave.`);
  return {
    host,
    port: integer(obj.port, 1, 65535, `${path}.port`),
    security: oneOf(obj.security, SECURITIES, `${path}.security`),
    user,
    auth: oneOf(obj.auth, auths, `${path}.auth`),
  };
}

function pop3Settings(value: unknown, path: string): Pop3Settings {
  const obj = object(value, path);
  const mode = oneOf(obj.mode, ['keep', 'delete'] as const, `${path}.mode`);
  if (mode === 'delete') {
    onlyKeys(obj, ['mode', 'headersOnlyOverBytes'], path);
    return {
      mode,
      headersOnlyOverBytes: nullableInteger(
        obj.headersOnlyOverBytes,
        1,
        Number.MAX_SAFE_INTEGER,
        `${path}.headersOnlyOverBytes`,
      ),
    };
  }
  onlyKeys(obj, ['mode', 'leaveDays', 'deleteWhenDeletedLocally', 'headersOnlyOverBytes'], path);
  if (typeof obj.deleteWhenDeletedLocally !== 'boolean')
    fail(
      `The setting ${path}.deleteWhenDeletedLocally must be true or false, not ${show(obj.deleteWhenDeletedLocally)}.`,
    );
  return {
    mode,
    leaveDays: nullableInteger(obj.leaveDays, 1, 36500, `${path}.leaveDays`),
    deleteWhenDeletedLocally: obj.deleteWhenDeletedLocally,
    headersOnlyOverBytes: nullableInteger(
      obj.headersOnlyOverBytes,
      1,
      Number.MAX_SAFE_INTEGER,
      `${path}.headersOnlyOverBytes`,
    ),
  };
}

function incoming(value: unknown): IncomingServer {
  const obj = object(value, 'incoming');
  const protocol = oneOf(obj.protocol, ['imap', 'pop3'] as const, 'incoming.protocol');
  if (protocol === 'imap') {
    onlyKeys(obj, ['protocol', 'server'], 'incoming');
    return { protocol, server: server(obj.server, IMAP_AUTHS, 'incoming.server') };
  }
  onlyKeys(obj, ['protocol', 'server', 'pop3'], 'incoming');
  return {
    protocol,
    server: server(obj.server, POP3_AUTHS, 'incoming.server'),
    pop3: pop3Settings(obj.pop3, 'incoming.pop3'),
  };
}

function outgoing(value: unknown): OutgoingServer {
  const obj = object(value, 'outgoing');
  const kind = oneOf(obj.kind, ['submission', 'direct'] as const, 'outgoing.kind');
  if (kind === 'direct') {
    onlyKeys(obj, ['kind'], 'outgoing');
    return { kind };
  }
  onlyKeys(obj, ['kind', 'server'], 'outgoing');
  return { kind, server: server(obj.server, SMTP_AUTHS, 'outgoing.server') };
}

const SETTINGS_KEYS = [
  'address',
  'displayName',
  'incoming',
  'outgoing',
  'syncIntervalMinutes',
  'extraCaPem',
] as const;

function settingsFrom(obj: Json): AccountSettings {
  const address = text(obj.address, 'address', 'an email address').trim();
  if (!isValidAddress(address))
    fail(`The setting address must be an email address like name@example.org, not ${show(obj.address)}.`);
  const displayName = text(obj.displayName, 'displayName', 'a name (it may be empty)');
  if (displayName.length > 200) fail('The setting displayName must be at most 200 characters long.');
  let extraCaPem: string | undefined;
  if (obj.extraCaPem !== undefined) {
    if (typeof obj.extraCaPem !== 'string' || !obj.extraCaPem.includes('-----BEGIN CERTIFICATE-----'))
      fail('The setting extraCaPem must be PEM text starting with -----BEGIN CERTIFICATE-----.');
    extraCaPem = obj.extraCaPem;
  }
  return {
    address,
    displayName,
    incoming: incoming(obj.incoming),
    outgoing: outgoing(obj.outgoing),
    syncIntervalMinutes: integer(
      obj.syncIntervalMinutes,
      0,
      MAX_SYNC_INTERVAL_MINUTES,
      'syncIntervalMinutes',
    ),
    ...(extraCaPem === undefined ? {} : { extraCaPem }),
  };
}

/** Checks settings a person entered (no id). Returns a fresh object holding only known keys. */
export function validateAccountSettings(value: unknown): AccountSettings {
  const obj = object(value, 'account');
  onlyKeys(obj, SETTINGS_KEYS, 'account');
  return settingsFrom(obj);
}

/** Account ids are ours (see store.ts) but a hand-edited file could hold anything. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a stored account (settings plus its id). */
export function validateAccount(value: unknown): Account {
  const obj = object(value, 'account');
  onlyKeys(obj, ['id', ...SETTINGS_KEYS], 'account');
  if (typeof obj.id !== 'string' || !ID.test(obj.id))
    fail(`The account id must be 1 to 64 letters, digits, "-" or "_", not ${show(obj.id)}.`);
  return { id: obj.id, ...settingsFrom(obj) };
}
