import { describe, expect, it } from 'vitest';
import { formatEndpoint, parseEndpoint } from './endpoint';

describe('parseEndpoint', () => {
  it.each([
    ['127.0.0.1', { address: '127.0.0.1', port: 53 }],
    ['127.0.53.53:5353', { address: '127.0.53.53', port: 5353 }],
    ['::1', { address: '::1', port: 53 }],
    ['[::1]', { address: '::1', port: 53 }],
    ['[::1]:5300', { address: '::1', port: 5300 }],
  ])('%s', (text, expected) => {
    expect(parseEndpoint(text)).toEqual(expected);
    expect(parseEndpoint(formatEndpoint(expected))).toEqual(expected);
  });

  it.each([
    '',
    'localhost',
    'dns.example:53',
    '127.0.0.1:0',
    '127.0.0.1:65536',
    '127.0.0.1:x',
    '[::1]:',
    '1.2.3',
  ])('refuses %j', (text) => {
    expect(() => parseEndpoint(text)).toThrow(/DNS server address|valid port/);
  });
});
