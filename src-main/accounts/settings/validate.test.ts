import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../../model/errors';
import {
  addressDomain,
  isValidAddress,
  isValidHost,
  validateAccount,
  validateAccountSettings,
} from './validate';
import { imapSettings } from './fixtures';

/** The error thrown by `fn`, which must be a bad-input MailwrightError with a one-sentence message. */
function refusal(fn: () => unknown): MailwrightError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MailwrightError);
    const err = e as MailwrightError;
    expect(err.kind).toBe('bad-input');
    // One sentence: ends with a full stop, no line breaks, no second sentence start.
    expect(err.message).toMatch(/\.$/);
    expect(err.message).not.toMatch(/\n/);
    expect(err.message).not.toMatch(/\.\s+[A-Z]/);
    return err;
  }
  throw new Error('expected a refusal');
}

/** A deep copy with one value replaced at `path` (undefined deletes it). */
function withValue(path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(imapSettings())) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

describe('validateAccountSettings', () => {
  it('accepts an IMAP + submission account and returns only known keys', () => {
    const input = imapSettings();
    const out = validateAccountSettings(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
  });

  it('accepts a POP3 account in each mode, and direct delivery', () => {
    const keep = imapSettings({
      incoming: {
        protocol: 'pop3',
        server: { host: '127.0.1.1', port: 995, security: 'implicit', user: 'pop1', auth: 'user-pass' },
        pop3: { mode: 'keep', leaveDays: 14, deleteWhenDeletedLocally: true, headersOnlyOverBytes: null },
      },
      outgoing: { kind: 'direct' },
    });
    expect(validateAccountSettings(keep)).toEqual(keep);
    const del = imapSettings({
      incoming: {
        protocol: 'pop3',
        server: { host: 'pop.example.test', port: 110, security: 'starttls', user: 'pop1', auth: 'apop' },
        pop3: { mode: 'delete', headersOnlyOverBytes: 1_000_000 },
      },
    });
    expect(validateAccountSettings(del)).toEqual(del);
  });

  it('trims the address and host', () => {
    const out = validateAccountSettings(withValue('address', '  alice@example.test '));
    expect(out.address).toBe('alice@example.test');
  });

  it('keeps an extra CA in PEM', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(validateAccountSettings(imapSettings({ extraCaPem: pem })).extraCaPem).toBe(pem);
    expect(refusal(() => validateAccountSettings(imapSettings({ extraCaPem: 'not pem' }))).message).toContain(
      'extraCaPem',
    );
  });

  it.each([
    ['password', 'hunter2'],
    ['incoming.server.password', 'hunter2'],
    ['outgoing.server.pass', 'hunter2'],
    ['incoming.server.accessToken', 'tok'],
  ])('refuses a secret-looking key %s with its own sentence, never echoing the value', (path, value) => {
    const err = refusal(() => validateAccountSettings(withValue(path, value)));
    expect(err.message).toContain('must not hold a password');
    expect(err.message).toContain(path.split('.').pop()!);
    expect(err.message).not.toContain(value);
  });

  it.each([
    ['address', 'not-an-address', 'address'],
    ['address', 'a@b', 'address'],
    ['address', 'a b@example.test', 'address'],
    ['address', 42, 'address'],
    ['displayName', 'x'.repeat(201), 'displayName'],
    ['displayName', 'line\r\nbreak', 'displayName'],
    ['incoming.protocol', 'jmap', 'incoming.protocol'],
    ['incoming.server.host', 'bad host', 'incoming.server.host'],
    ['incoming.server.host', '', 'incoming.server.host'],
    ['incoming.server.port', 0, 'incoming.server.port'],
    ['incoming.server.port', 65536, 'incoming.server.port'],
    ['incoming.server.port', '993', 'incoming.server.port'],
    ['incoming.server.port', 99.5, 'incoming.server.port'],
    ['incoming.server.security', 'ssl', 'incoming.server.security'],
    ['incoming.server.user', '', 'incoming.server.user'],
    ['incoming.server.user', 'a\r\nLOGOUT', 'incoming.server.user'],
    ['incoming.server.auth', 'apop', 'incoming.server.auth'],
    ['incoming.server', undefined, 'incoming.server'],
    ['outgoing.kind', 'relay', 'outgoing.kind'],
    ['outgoing.server.auth', 'xoauth', 'outgoing.server.auth'],
    ['syncIntervalMinutes', -1, 'syncIntervalMinutes'],
    ['syncIntervalMinutes', 1441, 'syncIntervalMinutes'],
    ['syncIntervalMinutes', undefined, 'syncIntervalMinutes'],
    ['colour', 'blue', 'account.colour'],
    ['incoming.server.tls', true, 'incoming.server.tls'],
  ])('refuses %s = %j, naming %s', (path, value, named) => {
    expect(refusal(() => validateAccountSettings(withValue(path, value))).message).toContain(named);
  });

  it('refuses POP3 keep-mode fields in delete mode and requires them in keep mode', () => {
    const base = {
      protocol: 'pop3',
      server: { host: 'pop.example.test', port: 995, security: 'implicit', user: 'u', auth: 'auto' },
    };
    expect(
      refusal(() =>
        validateAccountSettings(
          imapSettings({
            incoming: {
              ...base,
              pop3: { mode: 'delete', headersOnlyOverBytes: null, leaveDays: 3 },
            } as never,
          }),
        ),
      ).message,
    ).toContain('incoming.pop3.leaveDays');
    expect(
      refusal(() =>
        validateAccountSettings(
          imapSettings({ incoming: { ...base, pop3: { mode: 'keep', leaveDays: null } } as never }),
        ),
      ).message,
    ).toContain('deleteWhenDeletedLocally');
    expect(
      refusal(() => validateAccountSettings(imapSettings({ incoming: { ...base } as never }))).message,
    ).toContain('incoming.pop3');
  });

  it('refuses non-objects', () => {
    for (const v of [null, 'x', 1, [], undefined]) refusal(() => validateAccountSettings(v));
  });
});

describe('validateAccount', () => {
  it('needs a sane id', () => {
    expect(validateAccount({ id: 'a1-B_2', ...imapSettings() }).id).toBe('a1-B_2');
    expect(refusal(() => validateAccount({ id: '../x', ...imapSettings() })).message).toContain('id');
    expect(refusal(() => validateAccount(imapSettings())).message).toContain('id');
  });
});

describe('addresses and hosts', () => {
  it.each(['a@example.test', 'first.last+tag@sub.example.org', 'ü@example.test'])('%s is an address', (a) =>
    expect(isValidAddress(a)).toBe(true),
  );
  it.each([
    '',
    '@example.test',
    'a@',
    'a@@example.test',
    'a@localhost',
    'a@[127.0.0.1]',
    'a@1.2.3.4',
    'a<b>@x.org',
  ])('%j is not an address', (a) => expect(isValidAddress(a)).toBe(false));
  it('hosts: names and IP literals', () => {
    expect(isValidHost('mail.example.test')).toBe(true);
    expect(isValidHost('mail.example.test.')).toBe(true);
    expect(isValidHost('127.0.1.1')).toBe(true);
    expect(isValidHost('::1')).toBe(true);
    expect(isValidHost('-bad.example')).toBe(false);
    expect(isValidHost('a..b')).toBe(false);
    expect(isValidHost(`${'a'.repeat(64)}.test`)).toBe(false);
  });
  it('addressDomain lower-cases the domain', () => {
    expect(addressDomain('Alice@Example.TEST')).toBe('example.test');
  });
});
