import { describe, expect, it } from 'vitest';
import type { AccountSettings } from '../model';
import {
  accountSettingsSchema,
  checkRequest,
  eventNames,
  isEventName,
  isRequestChannel,
  requestChannels,
  splitChannel,
} from './contract';
import { samplePop3Account, sampleImapAccount } from './fixtures';
import type { Schema } from './schema';

function check(value: unknown): string | undefined {
  return accountSettingsSchema.check(value, 'argument');
}

describe('contract channels', () => {
  it('lists every request channel and event once', () => {
    expect(requestChannels).toEqual([
      'app.info',
      'accounts.list',
      'accounts.add',
      'accounts.update',
      'accounts.remove',
      'accounts.setPassword',
      'accounts.test',
      'accounts.passwordStore',
      'accounts.autoconfigure',
      'accounts.setPop3Mode',
      'sync.now',
      'folders.list',
      'messages.page',
      'messages.get',
      'messages.downloadFull',
      'messages.attachment',
      'messages.flag',
      'messages.move',
      'messages.delete',
      'messages.send',
      'messages.saveDraft',
      'outbox.list',
      'outbox.retry',
      'protocolLog.get',
      'settings.get',
      'settings.set',
      'images.fetch',
    ]);
    expect(eventNames).toHaveLength(10);
    expect(isEventName('accounts-changed')).toBe(true);
    expect(isEventName('constructor')).toBe(false);
    expect(isRequestChannel('__proto__')).toBe(false);
  });

  it('splits channel names at the first dot', () => {
    expect(splitChannel('accounts.setPassword')).toEqual(['accounts', 'setPassword']);
  });
});

describe('checkRequest', () => {
  it('accepts well-formed calls', () => {
    expect(checkRequest('app.info', undefined)).toBeUndefined();
    expect(checkRequest('accounts.list', null)).toBeUndefined();
    expect(checkRequest('accounts.add', sampleImapAccount())).toBeUndefined();
    expect(checkRequest('accounts.add', samplePop3Account())).toBeUndefined();
    expect(checkRequest('accounts.remove', { accountId: 'a1' })).toBeUndefined();
    expect(
      checkRequest('messages.page', { accountId: 'a', folder: 'INBOX', offset: 0, limit: 50 }),
    ).toBeUndefined();
    expect(
      checkRequest('messages.page', {
        accountId: 'a',
        folder: 'Entwürfe',
        offset: 100,
        limit: 500,
        sort: { by: 'date', direction: 'desc' },
      }),
    ).toBeUndefined();
  });

  it('refuses an unknown channel by name', () => {
    expect(checkRequest('accounts.drop', {})).toBe('There is no request named "accounts.drop".');
    expect(checkRequest(42, {})).toBe('There is no request named "42".');
    expect(checkRequest('hasOwnProperty', {})).toBe('There is no request named "hasOwnProperty".');
  });

  it('refuses malformed arguments with one clear sentence', () => {
    expect(checkRequest('app.info', { x: 1 })).toBe(
      'app.info: argument must be empty: this request takes no argument.',
    );
    expect(checkRequest('accounts.remove', {})).toBe('accounts.remove: argument.accountId is required.');
    expect(checkRequest('messages.page', { accountId: 'a', folder: 'INBOX', offset: -1, limit: 50 })).toBe(
      `messages.page: argument.offset must be from 0 to ${Number.MAX_SAFE_INTEGER}.`,
    );
    expect(checkRequest('messages.page', { accountId: 'a', folder: 'INBOX', offset: 0, limit: 5000 })).toBe(
      'messages.page: argument.limit must be from 1 to 500.',
    );
  });

  it('never repeats a password it refuses', () => {
    const secret = 'hunter2-correct-horse';
    const problems = [
      checkRequest('accounts.setPassword', { accountId: 'a', password: secret, extra: secret }),
      checkRequest('accounts.setPassword', { accountId: secret.repeat(20), password: secret }),
      checkRequest('accounts.setPassword', { accountId: 'a', password: secret.repeat(400) }),
      checkRequest('accounts.add', { ...sampleImapAccount(), password: secret }),
    ];
    for (const problem of problems) {
      expect(problem).toBeDefined();
      expect(problem).not.toContain(secret);
    }
    expect(problems[3]).toBe('accounts.add: argument has an unknown field "password".');
  });
});

describe('account settings', () => {
  it('refuses POP3 settings on an IMAP account (the union has no such shape)', () => {
    const a = sampleImapAccount();
    const bad = { ...a, incoming: { ...a.incoming, pop3: { mode: 'delete', headersOnlyOverBytes: null } } };
    expect(check(bad)).toBe('argument.incoming has an unknown field "pop3"');
  });

  it('refuses leave-on-server days in delete mode', () => {
    const a = samplePop3Account();
    const bad = {
      ...a,
      incoming: { ...a.incoming, pop3: { mode: 'delete', leaveDays: 3, headersOnlyOverBytes: null } },
    };
    expect(check(bad)).toBe('argument.incoming.pop3 has an unknown field "leaveDays"');
  });

  it('refuses a bad port, security, auth, address and host', () => {
    const a = sampleImapAccount();
    const server = a.incoming.server;
    const withServer = (s: object) => ({ ...a, incoming: { protocol: 'imap', server: { ...server, ...s } } });
    expect(check(withServer({ port: 0 }))).toBe('argument.incoming.server.port must be from 1 to 65535');
    expect(check(withServer({ security: 'ssl' }))).toBe(
      'argument.incoming.server.security must be one of "implicit", "starttls", "none"',
    );
    expect(check(withServer({ auth: 'apop' }))).toBe(
      'argument.incoming.server.auth must be one of "auto", "login", "plain", "cram-md5"',
    );
    expect(check(withServer({ host: 'imap.example.test\r\nX' }))).toBe(
      'argument.incoming.server.host must be a host name or IP address',
    );
    expect(check({ ...a, address: 'not an address' })).toBe(
      'argument.address must be an address like name@example.org',
    );
    expect(check({ ...a, outgoing: { kind: 'relay' } })).toBe(
      'argument.outgoing.kind must be one of "submission", "direct"',
    );
  });

  it('takes an extra CA only as PEM', () => {
    expect(
      check({
        ...sampleImapAccount(),
        extraCaPem: '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n',
      }),
    ).toBe(undefined);
    expect(check({ ...sampleImapAccount(), extraCaPem: 'hello' })).toBe(
      'argument.extraCaPem must be PEM text with a certificate',
    );
  });

  it('is typed as the model says', () => {
    // A compile-time check: the schema's type is AccountSettings (tsc fails otherwise).
    const typed: Schema<AccountSettings> = accountSettingsSchema;
    expect(typed).toBe(accountSettingsSchema);
  });
});
