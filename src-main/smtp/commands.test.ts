import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MailwrightError } from '../model/errors';
import { auth, checkAddress, ehlo, mailFrom, rcptTo, saslLine } from './commands';

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof MailwrightError ? e.kind : 'other';
  }
}

describe('SMTP command builders', () => {
  it('builds MAIL and RCPT with parameters', () => {
    expect(mailFrom('a@example.test', ['SIZE=100', 'BODY=8BITMIME'])).toBe(
      'MAIL FROM:<a@example.test> SIZE=100 BODY=8BITMIME\r\n',
    );
    expect(mailFrom('')).toBe('MAIL FROM:<>\r\n');
    expect(rcptTo('b@example.test')).toBe('RCPT TO:<b@example.test>\r\n');
    expect(auth('PLAIN', 'AGEAYg==')).toBe('AUTH PLAIN AGEAYg==\r\n');
    expect(auth('PLAIN', '')).toBe('AUTH PLAIN =\r\n');
    expect(auth('LOGIN')).toBe('AUTH LOGIN\r\n');
  });

  it.each(['a@b.c\r\nRCPT TO:<x@y.z>', 'a@b.c\n', 'a\0@b.c', 'a@b.c\r'])(
    'refuses %j as bad-input',
    (addr) => {
      expect(kindOf(() => mailFrom(addr))).toBe('bad-input');
      expect(kindOf(() => rcptTo(addr))).toBe('bad-input');
    },
  );

  it.each(['no-at-sign', 'a b@c.d', 'a@b@c', '<a@b.c>', 'a@'])('refuses the malformed address %j', (addr) => {
    expect(kindOf(() => rcptTo(addr))).toBe('bad-input');
  });

  it('refuses line breaks in every other argument', () => {
    expect(kindOf(() => ehlo('host\r\nQUIT'))).toBe('bad-input');
    expect(kindOf(() => mailFrom('a@b.c', ['SIZE=1\r\nRSET']))).toBe('bad-input');
    expect(kindOf(() => auth('PLAIN', 'x\ny'))).toBe('bad-input');
    expect(kindOf(() => auth('PLAIN\r\n'))).toBe('bad-input');
    expect(kindOf(() => saslLine('abc\r\n'))).toBe('bad-input');
  });

  it('notices addresses that need SMTPUTF8', () => {
    expect(checkAddress('jörg@example.test').utf8).toBe(true);
    expect(checkAddress('j@example.test').utf8).toBe(false);
  });

  it('never emits more than one line for any input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const build of [() => rcptTo(text), () => mailFrom(text), () => ehlo(text)]) {
          try {
            const line = build();
            expect(line.indexOf('\r')).toBe(line.length - 2);
            expect(line.indexOf('\n')).toBe(line.length - 1);
            expect(line.includes('\0')).toBe(false);
          } catch (e) {
            expect((e as MailwrightError).kind).toBe('bad-input');
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
