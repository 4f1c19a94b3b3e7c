import { describe, expect, it } from 'vitest';
import { heloCapabilities, parseEhloLines } from './ehlo';

describe('parseEhloLines', () => {
  it('reads the extensions Postfix announces', () => {
    const caps = parseEhloLines([
      'mail.example.test',
      'PIPELINING',
      'SIZE 10240000',
      'VRFY',
      'ETRN',
      'STARTTLS',
      'AUTH PLAIN LOGIN',
      'AUTH=PLAIN LOGIN',
      'ENHANCEDSTATUSCODES',
      '8BITMIME',
      'DSN',
      'SMTPUTF8',
      'CHUNKING',
    ]);
    expect(caps.serverName).toBe('mail.example.test');
    expect(caps.size).toBe(10240000);
    expect(caps.pipelining && caps.startTls && caps.eightBitMime && caps.smtpUtf8).toBe(true);
    expect(caps.enhancedStatusCodes && caps.dsn && caps.chunking).toBe(true);
    expect(caps.auth).toEqual(['PLAIN', 'LOGIN']);
    expect(caps.keywords.get('VRFY')).toEqual([]);
  });

  it('treats a missing or odd SIZE value as no fixed limit', () => {
    expect(parseEhloLines(['x', 'SIZE']).size).toBe(0);
    expect(parseEhloLines(['x', 'SIZE banana']).size).toBe(0);
    expect(parseEhloLines(['x']).size).toBeUndefined();
  });

  it('is case-insensitive and ignores garbage lines', () => {
    const caps = parseEhloLines(['x greets you', 'starttls', 'auth xoauth2 plain', '', '!!!', 'Size 100']);
    expect(caps.serverName).toBe('x');
    expect(caps.startTls).toBe(true);
    expect(caps.auth).toEqual(['XOAUTH2', 'PLAIN']);
    expect(caps.size).toBe(100);
    expect([...caps.keywords.keys()]).toEqual(['STARTTLS', 'AUTH', 'SIZE']);
  });

  it('knows nothing about a HELO server', () => {
    const caps = heloCapabilities('old.example');
    expect(caps.pipelining || caps.startTls || caps.eightBitMime).toBe(false);
    expect(caps.auth).toEqual([]);
  });
});
