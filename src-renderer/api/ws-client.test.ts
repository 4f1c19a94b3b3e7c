import { describe, expect, it } from 'vitest';
import { buildApi, requestChannels } from './build-api';
import { tokenFromHash } from './ws-client';

describe('tokenFromHash', () => {
  it('reads the token from the fragment', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('token=abc123')).toBe('abc123');
    expect(tokenFromHash('#other=1&token=t')).toBe('t');
  });

  it('is undefined when there is none', () => {
    expect(tokenFromHash('')).toBeUndefined();
    expect(tokenFromHash('#token=')).toBeUndefined();
    expect(tokenFromHash('#tok=1')).toBeUndefined();
  });
});

describe('renderer buildApi', () => {
  it('exposes one method per contract channel', async () => {
    const seen: string[] = [];
    const api = buildApi(
      async (channel) => {
        seen.push(channel);
        return { ok: true, value: null };
      },
      () => () => {},
    );
    await api.app.info();
    await api.accounts.list();
    await api.accounts.add({} as never);
    await api.accounts.remove({ accountId: 'a' });
    await api.accounts.setPassword({ accountId: 'a', password: 'p' });
    await api.folders.list({ accountId: 'a' });
    await api.messages.page({ accountId: 'a', folder: 'INBOX', offset: 0, limit: 1 });
    expect(seen).toEqual(requestChannels);
    expect(seen).toHaveLength(7);
  });
});
