import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, formatAddress, messageDate, parseInternalDate } from './display';

describe('display helpers', () => {
  it('decodes RFC 2047 B and Q words, joining adjacent ones', () => {
    expect(decodeEncodedWords('=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=')).toBe('Überweisung');
    expect(decodeEncodedWords('=?iso-8859-1?Q?caf=E9_au_lait?= ok')).toBe('café au lait ok');
    expect(decodeEncodedWords('=?utf-8?q?a?= =?utf-8?q?b?=')).toBe('ab');
    expect(decodeEncodedWords('plain text')).toBe('plain text');
    expect(decodeEncodedWords('=?x-unknown?q?a?=')).toBe('=?x-unknown?q?a?=');
  });

  it('formats addresses', () => {
    expect(formatAddress({ name: 'Terry Gray', adl: null, mailbox: 'gray', host: 'example.test' })).toBe(
      'Terry Gray <gray@example.test>',
    );
    expect(formatAddress({ name: null, adl: null, mailbox: 'x', host: 'y.test' })).toBe('x@y.test');
  });

  it('parses dates', () => {
    expect(parseInternalDate('17-Jul-1996 02:44:25 -0700')?.toISOString()).toBe('1996-07-17T09:44:25.000Z');
    expect(parseInternalDate(' 1-Jan-2026 00:00:00 +0100')?.toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(parseInternalDate('garbage')).toBeNull();
    expect(messageDate('Wed, 17 Jul 1996 02:23:25 -0700 (PDT)', undefined)).toBe('1996-07-17T09:23:25.000Z');
    expect(messageDate('not a date', '17-Jul-1996 02:44:25 -0700')).toBe('1996-07-17T09:44:25.000Z');
    expect(messageDate(null, undefined)).toBeNull();
  });
});
