import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MailwrightError } from '../model/errors';
import { chooseMechanism, login, plain, xoauth2 } from './sasl';

const b64 = (t: string): string => Buffer.from(t, 'utf8').toString('base64');
const unb64 = (t: string): string => Buffer.from(t, 'base64').toString('utf8');

function kindOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof MailwrightError ? e.kind : 'other';
  }
}

describe('PLAIN', () => {
  it('matches the RFC 4616 §4 example encoding', () => {
    expect(plain({ user: 'tim', password: 'tanstaaftanstaaf' }).initialResponse()).toBe(
      'AHRpbQB0YW5zdGFhZnRhbnN0YWFm',
    );
  });

  it('encodes UTF-8 credentials and an authzid', () => {
    const r = plain({ user: 'jörg', password: 'pässwörd', authzid: 'admin' }).initialResponse() ?? '';
    expect(unb64(r)).toBe('admin\0jörg\0pässwörd');
  });

  it('answers an empty challenge with the same message and refuses others', () => {
    const p = plain({ user: 'u', password: 'p' });
    expect(p.respond('')).toBe(p.initialResponse());
    expect(kindOf(() => p.respond(b64('what?')))).toBe('protocol');
  });

  it('refuses a NUL inside the credentials and a missing password', () => {
    expect(kindOf(() => plain({ user: 'a\0b', password: 'p' }))).toBe('bad-input');
    expect(kindOf(() => plain({ user: 'a', password: 'p\0' }))).toBe('bad-input');
    expect(kindOf(() => plain({ user: 'a' }))).toBe('bad-input');
  });

  it('round-trips any UTF-8 user and password without NUL (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'grapheme', minLength: 1 }),
        (user, password) => {
          fc.pre(!user.includes('\0') && !password.includes('\0'));
          const parts = unb64(plain({ user, password }).initialResponse() ?? '').split('\0');
          expect(parts).toEqual(['', user, password]);
        },
      ),
    );
  });
});

describe('LOGIN', () => {
  it('answers Username: and Password: prompts', () => {
    const l = login({ user: 'bob', password: 'sécret' });
    expect(l.initialResponse()).toBeUndefined();
    expect(unb64(l.respond('VXNlcm5hbWU6'))).toBe('bob');
    expect(unb64(l.respond('UGFzc3dvcmQ6'))).toBe('sécret');
  });

  it('answers by order when the prompts are unusual, then refuses a third', () => {
    const l = login({ user: 'bob', password: 'pw' });
    expect(unb64(l.respond(b64('Name?')))).toBe('bob');
    expect(unb64(l.respond(b64('Secret?')))).toBe('pw');
    expect(kindOf(() => l.respond(b64('More?')))).toBe('protocol');
  });
});

describe('XOAUTH2', () => {
  it('builds the bearer message and keeps the error details', () => {
    const x = xoauth2({ user: 'u@example.test', accessToken: 'ya29.tok' });
    expect(unb64(x.initialResponse() ?? '')).toBe('user=u@example.test\x01auth=Bearer ya29.tok\x01\x01');
    expect(x.respond(b64('{"status":"401"}'))).toBe('');
    expect(x.serverDetails).toBe('{"status":"401"}');
    expect(kindOf(() => x.respond(''))).toBe('protocol');
  });

  it('refuses control characters in the token', () => {
    expect(kindOf(() => xoauth2({ user: 'u', accessToken: 'a\x01b' }))).toBe('bad-input');
  });
});

describe('chooseMechanism', () => {
  it('prefers PLAIN over LOGIN for a password and XOAUTH2 for a token', () => {
    expect(chooseMechanism(['LOGIN', 'PLAIN'], { user: 'u', password: 'p' }).mechanism).toBe('PLAIN');
    expect(chooseMechanism(['login'], { user: 'u', password: 'p' }).mechanism).toBe('LOGIN');
    expect(chooseMechanism(['PLAIN', 'XOAUTH2'], { user: 'u', accessToken: 't' }).mechanism).toBe('XOAUTH2');
  });

  it('honours a forced mechanism and says what the server offers when none fits', () => {
    expect(chooseMechanism(['PLAIN', 'LOGIN'], { user: 'u', password: 'p' }, 'LOGIN').mechanism).toBe(
      'LOGIN',
    );
    expect(kindOf(() => chooseMechanism(['CRAM-MD5'], { user: 'u', password: 'p' }))).toBe('auth');
    expect(() => chooseMechanism(['CRAM-MD5'], { user: 'u', password: 'p' }, 'PLAIN')).toThrow(/CRAM-MD5/);
    expect(kindOf(() => chooseMechanism([], { user: 'u', password: 'p' }))).toBe('auth');
  });
});
