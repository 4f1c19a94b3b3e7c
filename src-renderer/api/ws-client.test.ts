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
    // Every channel of the contract is reachable as api.<namespace>.<method>().
    const loose = api as unknown as Record<string, Record<string, (arg?: unknown) => Promise<unknown>>>;
    for (const channel of requestChannels) {
      const [ns, method] = channel.split('.') as [string, string];
      await loose[ns]![method]!({});
    }
    expect(seen).toEqual(requestChannels);
    expect(seen.length).toBeGreaterThan(20);
  });
});
