import { describe, expect, it } from 'vitest';
import { parseResolvConf, readResolvConf } from './resolv-conf';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe("resolv.conf (fixture files only: this machine's own file is never read by tests)", () => {
  it('reads nameservers (at most 3, as glibc), comments of both kinds, and options', () => {
    const conf = readResolvConf(fixture('resolv-full.conf'));
    expect(conf.servers).toEqual([
      { address: '192.0.2.53', port: 53 },
      { address: '2001:db8::53', port: 53 },
      { address: 'fe80::1%eth0', port: 53 },
    ]);
    expect(conf.timeoutMs).toBe(3000);
    expect(conf.attempts).toBe(4);
  });

  it('clamps options to glibc limits; a later line wins', () => {
    const conf = readResolvConf(fixture('resolv-limits.conf'));
    expect(conf.timeoutMs).toBe(30_000);
    expect(conf.attempts).toBe(5);
  });

  it('handles CRLF and the systemd-resolved stub file', () => {
    const conf = readResolvConf(fixture('resolv-systemd.conf'));
    expect(conf.servers).toEqual([{ address: '127.0.0.53', port: 53 }]);
    expect(conf.timeoutMs).toBe(5000);
    expect(conf.attempts).toBe(2);
  });

  it('falls back to the local machine with defaults for an empty or missing file', () => {
    expect(parseResolvConf('')).toEqual({
      servers: [{ address: '127.0.0.1', port: 53 }],
      timeoutMs: 5000,
      attempts: 2,
    });
    expect(readResolvConf(fixture('does-not-exist.conf')).servers).toEqual([
      { address: '127.0.0.1', port: 53 },
    ]);
  });

  it('ignores malformed lines', () => {
    const conf = parseResolvConf(
      'nameserver\noptions timeout:x attempts:\nnameserver 300.1.1.1\nnameserver 127.0.0.2',
    );
    expect(conf.servers).toEqual([{ address: '127.0.0.2', port: 53 }]);
    expect(conf.timeoutMs).toBe(5000);
  });
});
