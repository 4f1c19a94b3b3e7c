import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../../model/errors';
import type { DeliveryReport } from '../../smtp/delivery';
import {
  applyError,
  applyReport,
  backoff,
  MAX_ATTEMPTS,
  recoverAfterCrash,
  startAttempt,
  type OutboxEntry,
} from './state';

const entry = (extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: 'x',
  messageId: '<m@example.test>',
  from: 'a@example.test',
  recipients: [
    { address: 'b@example.test', status: 'pending' },
    { address: 'c@example.test', status: 'pending' },
  ],
  status: 'queued',
  createdAt: 0,
  attempts: 0,
  nextAttemptAt: 0,
  ...extra,
});

const report = (extra: Partial<DeliveryReport>): DeliveryReport => ({
  accepted: [],
  rejected: [],
  tls: true,
  tlsVerified: true,
  hops: [],
  ...extra,
});

describe('outbox state', () => {
  it('is sent when every recipient is final and one was accepted; keeps the refusal words', () => {
    const e = applyReport(
      startAttempt(entry()),
      report({
        accepted: ['b@example.test'],
        rejected: [
          { address: 'c@example.test', code: 550, enhanced: '5.1.1', text: 'no such user', temporary: false },
        ],
      }),
      1000,
    );
    expect(e.status).toBe('sent');
    expect(e.attempts).toBe(1);
    expect(e.recipients).toEqual([
      { address: 'b@example.test', status: 'accepted' },
      { address: 'c@example.test', status: 'rejected', code: 550, enhanced: '5.1.1', text: 'no such user' },
    ]);
  });

  it('is failed when every recipient was refused for good', () => {
    const e = applyReport(
      startAttempt(entry({ recipients: [{ address: 'c@example.test', status: 'pending' }] })),
      report({
        rejected: [
          { address: 'c@example.test', code: 550, enhanced: undefined, text: 'no', temporary: false },
        ],
      }),
      0,
    );
    expect(e.status).toBe('failed');
  });

  it('requeues 4xx recipients with back-off and keeps the accepted ones final', () => {
    const e = applyReport(
      startAttempt(entry()),
      report({
        accepted: ['b@example.test'],
        rejected: [
          { address: 'c@example.test', code: 451, enhanced: '4.3.0', text: 'later', temporary: true },
        ],
      }),
      1000,
    );
    expect(e.status).toBe('queued');
    expect(e.nextAttemptAt).toBe(1000 + backoff(1));
    expect(e.recipients.map((r) => r.status)).toEqual(['accepted', 'pending']);
    expect(e.lastError?.serverText).toBe('later');
  });

  it('backs off longer each time and gives up after MAX_ATTEMPTS', () => {
    expect(backoff(2)).toBeGreaterThan(backoff(1));
    expect(backoff(100)).toBe(backoff(5));
    const e = applyError(
      entry({ attempts: MAX_ATTEMPTS, status: 'sending' }),
      new MailwrightError('network', 'down'),
      0,
    );
    expect(e.status).toBe('failed');
  });

  it('retries network errors and 4xx refusals; fails auth, tls and 5xx at once', () => {
    const s = startAttempt(entry());
    expect(applyError(s, new MailwrightError('network', 'refused'), 0).status).toBe('queued');
    expect(
      applyError(s, new MailwrightError('server-said-no', 'busy', { code: '451 4.3.0' }), 0).status,
    ).toBe('queued');
    expect(
      applyError(s, new MailwrightError('auth', 'bad password', { serverText: '535 nope' }), 0),
    ).toMatchObject({
      status: 'failed',
      lastError: { kind: 'auth', serverText: '535 nope' },
    });
    expect(applyError(s, new MailwrightError('tls', 'no starttls'), 0).status).toBe('failed');
    expect(applyError(s, new MailwrightError('server-said-no', 'no', { code: '550 5.7.1' }), 0).status).toBe(
      'failed',
    );
  });

  it('marks delivery unknown when direct delivery broke past the final dot for one domain', () => {
    const e = applyReport(
      startAttempt(entry()),
      report({
        accepted: ['b@example.test'],
        rejected: [
          {
            address: 'c@example.test',
            code: 0,
            enhanced: undefined,
            text: 'connection broke',
            temporary: false,
            deliveryUnknown: true,
          },
        ],
      }),
      1000,
    );
    // Not sent, not failed, not queued for an automatic retry: the person decides.
    expect(e.status).toBe('unknown');
    expect(e.lastError).toMatchObject({ code: 'DELIVERY_UNKNOWN', serverText: 'connection broke' });
    expect(e.recipients).toEqual([
      { address: 'b@example.test', status: 'accepted' },
      { address: 'c@example.test', status: 'pending' },
    ]);
  });

  it('marks delivery unknown after a break past the final dot, and after a crash mid-attempt', () => {
    const s = startAttempt(entry());
    expect(applyError(s, new MailwrightError('network', 'x', { code: 'DELIVERY_UNKNOWN' }), 0).status).toBe(
      'unknown',
    );
    expect(recoverAfterCrash(s).status).toBe('unknown');
    const q = entry();
    expect(recoverAfterCrash(q)).toBe(q);
  });
});
