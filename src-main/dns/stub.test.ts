import { describe, expect, it } from 'vitest';
import { tryTimeoutMs } from './stub';

describe('stub back-off', () => {
  it('doubles the per-try timeout each round over the server list', () => {
    expect([0, 1, 2, 3].map((attempt) => tryTimeoutMs(500, attempt, 60_000))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });

  it('never gives a try more than what is left of the lookup budget', () => {
    expect(tryTimeoutMs(2000, 0, 750)).toBe(750);
    expect(tryTimeoutMs(2000, 3, 9000)).toBe(9000);
  });
});
