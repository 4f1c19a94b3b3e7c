import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../../model/errors';
import { isTransient, reconnectDelayMs } from './session';

describe('sync session reconnects', () => {
  it('back off: 100 ms, doubling per attempt, capped at 2 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelayMs)).toEqual([
      100, 200, 400, 800, 1600, 2000, 2000, 2000,
    ]);
  });

  it('only network and timeout failures are worth a new session', () => {
    const kinds = ['network', 'timeout', 'auth', 'tls', 'protocol', 'server-said-no', 'not-found'] as const;
    expect(kinds.filter((k) => isTransient(new MailwrightError(k, 'x')))).toEqual(['network', 'timeout']);
  });
});
