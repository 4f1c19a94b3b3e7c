import { describe, expect, it } from 'vitest';
import { buildApi } from './api';
import type { RequestChannel } from './contract';

describe('buildApi', () => {
  it('has exactly one method per channel, grouped by namespace, plus on()', async () => {
    const calls: [RequestChannel, unknown][] = [];
    const api = buildApi(
      async (channel, arg) => {
        calls.push([channel, arg]);
        return { ok: true, value: null };
      },
      () => () => {},
    );
    expect(Object.keys(api).sort()).toEqual([
      'accounts',
      'app',
      'folders',
      'images',
      'messages',
      'on',
      'outbox',
      'protocolLog',
      'settings',
      'sync',
    ]);
    expect(Object.keys(api.accounts).sort()).toEqual([
      'add',
      'autoconfigure',
      'list',
      'passwordStore',
      'remove',
      'setPassword',
      'setPop3Mode',
      'test',
      'update',
    ]);
    await api.accounts.remove({ accountId: 'a' });
    await api.app.info();
    expect(calls).toEqual([
      ['accounts.remove', { accountId: 'a' }],
      ['app.info', undefined],
    ]);
    // No generic door: nothing like invoke/send exists on the object.
    expect('invoke' in api).toBe(false);
  });
});
