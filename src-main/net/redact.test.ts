import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isContinuationRequest, REDACTED, redactClientLine } from './redact';

describe('redactClientLine', () => {
  it.each([
    ['imap', 'a1 LOGIN alice s3cret', `a1 LOGIN alice ${REDACTED}`],
    ['imap', 'a1 login "alice" "s3 \\"cret"', `a1 login "alice" ${REDACTED}`],
    ['imap', 'A0002 LOGIN {5}', 'A0002 LOGIN {5}'],
    ['imap', 'a1 LOGIN alice {6}', 'a1 LOGIN alice {6}'],
    ['imap', 'a2 AUTHENTICATE PLAIN AGFsaWNlAHMzY3JldA==', `a2 AUTHENTICATE PLAIN ${REDACTED}`],
    ['imap', 'a2 AUTHENTICATE XOAUTH2 dXNlcj1hbGljZQFhdXRo', `a2 AUTHENTICATE XOAUTH2 ${REDACTED}`],
    ['imap', 'a2 AUTHENTICATE PLAIN', 'a2 AUTHENTICATE PLAIN'],
    ['imap', 'a3 SELECT INBOX', 'a3 SELECT INBOX'],
    ['pop3', 'PASS s3cret', `PASS ${REDACTED}`],
    ['pop3', 'pass with spaces', `pass ${REDACTED}`],
    ['pop3', 'USER alice', 'USER alice'],
    ['pop3', 'APOP alice c4c9334bac560ecc979e58001b3e22fb', `APOP alice ${REDACTED}`],
    ['pop3', 'AUTH PLAIN AGFsaWNlAHMzY3JldA==', `AUTH PLAIN ${REDACTED}`],
    ['pop3', 'RETR 1', 'RETR 1'],
    ['smtp', 'AUTH PLAIN AGFsaWNlAHMzY3JldA==', `AUTH PLAIN ${REDACTED}`],
    ['smtp', 'AUTH LOGIN YWxpY2U=', `AUTH LOGIN ${REDACTED}`],
    ['smtp', 'AUTH LOGIN', 'AUTH LOGIN'],
    ['smtp', 'MAIL FROM:<a@b>', 'MAIL FROM:<a@b>'],
    [undefined, 'PASS x', `PASS ${REDACTED}`],
    [undefined, 'a LOGIN u p', `a LOGIN u ${REDACTED}`],
  ])('%s: %s', (protocol, line, expected) => {
    expect(redactClientLine(protocol, line)).toBe(expected);
  });

  it('hides every line that answers a continuation, except a SASL cancel', () => {
    expect(redactClientLine('smtp', 'czNjcmV0', { afterContinuation: true })).toBe(REDACTED);
    expect(redactClientLine('imap', 's3cret', { afterContinuation: true })).toBe(REDACTED);
    expect(redactClientLine('imap', '*', { afterContinuation: true })).toBe('*');
  });

  it('property: a password after LOGIN/PASS never survives', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9!#$%&'*.^_~-]{6,20}$/);
    fc.assert(
      fc.property(secret, (pw) => {
        expect(redactClientLine('imap', `t1 LOGIN alice ${pw}`)).not.toContain(pw);
        expect(redactClientLine('imap', `t1 LOGIN alice "${pw}"`)).not.toContain(pw);
        expect(redactClientLine('pop3', `PASS ${pw}`)).not.toContain(pw);
        expect(redactClientLine('smtp', `AUTH PLAIN ${pw}`)).not.toContain(pw);
      }),
    );
  });
});

describe('isContinuationRequest', () => {
  it.each([
    ['imap', '+ Ready for literal data', true],
    ['imap', '+', true],
    ['imap', '* OK', false],
    ['pop3', '+ ', true],
    ['pop3', '+OK', false],
    ['smtp', '334 VXNlcm5hbWU6', true],
    ['smtp', '235 2.7.0 Authentication successful', false],
  ])('%s: %s -> %s', (protocol, line, expected) => {
    expect(isContinuationRequest(protocol, line)).toBe(expected);
  });
});
