import { describe, expect, it } from 'vitest';
import { MailwrightError } from '../model/errors';
import {
  closedError,
  connectTimeoutError,
  idleTimeoutError,
  mapSocketError,
  type ErrorContext,
} from './net-errors';

const ctx: ErrorContext = {
  host: '127.0.1.1',
  port: 993,
  protocol: 'imap',
  phase: 'connect',
  servername: 'mail.example.test',
};

function nodeError(code: string, message = `${code} happened`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('mapSocketError', () => {
  it.each([
    ['ECONNREFUSED', 'network', 'was refused: check the server name and port'],
    ['ECONNRESET', 'network', 'was reset by the peer'],
    ['EPIPE', 'network', 'closed while sending'],
    ['ENOTFOUND', 'dns', 'could not be resolved'],
    ['ETIMEDOUT', 'timeout', 'timed out'],
    ['EHOSTUNREACH', 'network', 'cannot be reached'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls', 'self-signed certificate in chain'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls', 'not trusted'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', 'is self-signed'],
    ['CERT_HAS_EXPIRED', 'tls', 'has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', 'does not match the server name for "mail.example.test"'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', 'TLS handshake with IMAP server 127.0.1.1:993 failed'],
    ['ERR_SSL_UNSUPPORTED_PROTOCOL', 'tls', 'TLS 1.2 or newer'],
    ['EWHATEVER', 'network', 'failed (EWHATEVER)'],
  ])('%s -> %s', (code, kind, words) => {
    const err = mapSocketError(nodeError(code), ctx);
    expect(err).toBeInstanceOf(MailwrightError);
    expect(err.kind).toBe(kind);
    expect(err.code).toBe(code);
    expect(err.message).toContain(words);
    expect(err.serverText).toBe(`${code} happened`);
    // One sentence: no line breaks, ends with a full stop.
    expect(err.message).not.toContain('\n');
    expect(err.message.endsWith('.')).toBe(true);
  });

  it('names the peer with the protocol, and brackets an IPv6 address', () => {
    expect(mapSocketError(nodeError('ECONNREFUSED'), { ...ctx, protocol: 'smtp', port: 25 }).message).toBe(
      'Connection to SMTP server 127.0.1.1:25 was refused: check the server name and port.',
    );
    expect(
      mapSocketError(nodeError('ECONNREFUSED'), { host: '::1', port: 143, phase: 'connect' }).message,
    ).toContain('[::1]:143');
  });

  it('a socket closed during the handshake is a tls error', () => {
    const err = mapSocketError(
      new Error('Client network socket disconnected before secure TLS connection was established'),
      ctx,
    );
    expect(err.kind).toBe('tls');
  });

  it('passes a MailwrightError through untouched', () => {
    const original = new MailwrightError('auth', 'No.');
    expect(mapSocketError(original, ctx)).toBe(original);
  });
});

describe('timeouts and closes', () => {
  it('name which timeout and the host', () => {
    expect(connectTimeoutError(ctx, 15_000).message).toContain('connection to IMAP server 127.0.1.1:993');
    expect(connectTimeoutError(ctx, 15_000).message).toContain('connect timeout of 15 s');
    expect(connectTimeoutError({ ...ctx, phase: 'tls' }, 250).message).toContain('TLS handshake with');
    expect(idleTimeoutError(ctx, 60_000)).toMatchObject({ kind: 'timeout', code: 'IDLE_TIMEOUT' });
    expect(idleTimeoutError(ctx, 60_000).message).toMatch(
      /^IMAP server 127\.0\.1\.1:993 sent nothing for 60 s/,
    );
  });

  it('a close carries the last line the server sent', () => {
    expect(closedError(ctx, '* BYE going down')).toMatchObject({
      kind: 'network',
      serverText: '* BYE going down',
    });
    expect(closedError(ctx, undefined).serverText).toBeUndefined();
  });
});
