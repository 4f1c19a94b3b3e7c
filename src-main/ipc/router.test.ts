import { describe, expect, it } from 'vitest';
import type { MailboxService } from '../mailbox/service';
import { createMemoryMailboxService } from '../mailbox/memory';
import { MailwrightError } from '../model/errors';
import type { EventMessage } from './contract';
import { sampleImapAccount } from './fixtures';
import { createRouter, type Services } from './router';

function services(mailbox: MailboxService = createMemoryMailboxService()): Services {
  return {
    appInfo: {
      name: 'Mailwright',
      version: '0.0.0-test',
      shell: 'web',
      platform: 'linux',
      profileHome: '/tmp/x',
    },
    mailbox,
  };
}

describe('router', () => {
  it('answers app.info and the account calls through the service', async () => {
    const router = createRouter(services());
    expect(await router.call('app.info', undefined)).toEqual({ ok: true, value: services().appInfo });
    expect(await router.call('accounts.list', undefined)).toEqual({ ok: true, value: [] });
    const added = await router.call('accounts.add', sampleImapAccount());
    if (!added.ok) throw new Error(added.error.message);
    const account = added.value as { id: string; address: string };
    expect(account.address).toBe('ada@example.test');
    expect(await router.call('accounts.setPassword', { accountId: account.id, password: 'pw' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await router.call('folders.list', { accountId: account.id })).toEqual({ ok: true, value: [] });
    expect(
      await router.call('messages.page', { accountId: account.id, folder: 'INBOX', offset: 0, limit: 10 }),
    ).toEqual({
      ok: true,
      value: { messages: [], total: 0, nextOffset: null },
    });
    expect(await router.call('accounts.remove', { accountId: account.id })).toEqual({
      ok: true,
      value: null,
    });
    expect(await router.call('accounts.list', undefined)).toEqual({ ok: true, value: [] });
  });

  it('refuses a malformed call before the service sees it', async () => {
    let calls = 0;
    const mailbox = createMemoryMailboxService();
    const router = createRouter(
      services({
        ...mailbox,
        addAccount: async (s) => {
          calls++;
          return mailbox.addAccount(s);
        },
      }),
    );
    const result = await router.call('accounts.add', { address: 'x@y' });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'bad-input', message: 'accounts.add: argument.displayName is required.' },
    });
    expect(await router.call('nope', undefined)).toEqual({
      ok: false,
      error: { kind: 'bad-input', message: 'There is no request named "nope".' },
    });
    expect(calls).toBe(0);
  });

  it('turns service errors into error values', async () => {
    const router = createRouter(services());
    expect(await router.call('folders.list', { accountId: 'missing' })).toEqual({
      ok: false,
      error: {
        kind: 'not-found',
        message: 'That account does not exist (any more); reload the account list.',
      },
    });
    const failing = createRouter(
      services({
        ...createMemoryMailboxService(),
        listAccounts: async () => {
          throw new MailwrightError('keychain', 'The keychain is locked; unlock it and try again.', {
            serverText: 'Object does not exist',
          });
        },
      }),
    );
    expect(await failing.call('accounts.list', undefined)).toEqual({
      ok: false,
      error: {
        kind: 'keychain',
        message: 'The keychain is locked; unlock it and try again.',
        serverText: 'Object does not exist',
      },
    });
    const buggy = createRouter(
      services({
        ...createMemoryMailboxService(),
        listAccounts: () => Promise.reject(new TypeError('x is undefined')),
      }),
    );
    expect(await buggy.call('accounts.list', undefined)).toEqual({
      ok: false,
      error: { kind: 'internal', message: 'Unexpected failure: x is undefined' },
    });
  });

  it('fans events out to subscribers until they unsubscribe', async () => {
    const router = createRouter(services());
    const seen: EventMessage[] = [];
    const off = router.subscribe((m) => seen.push(m));
    await router.call('accounts.add', sampleImapAccount());
    expect(seen).toHaveLength(1);
    expect(seen[0]?.event).toBe('accounts-changed');
    off();
    await router.call('accounts.add', { ...sampleImapAccount(), address: 'other@example.test' });
    expect(seen).toHaveLength(1);
  });
});
