import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, type CliIO, type ParsedCommand } from './command';
import { parsePort, parseTlsMode, readConnectionFlags } from './connection-flags';

const io = (env: Record<string, string> = {}): CliIO => ({ out: () => {}, err: () => {}, env });
const cmd = (values: ParsedCommand['values']): ParsedCommand => ({ values, positionals: [], json: false });

describe('connection flags', () => {
  it('reads host, port, tls, user, the password from the named variable, and the CA file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-flags-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n');
    const flags = readConnectionFlags(
      cmd({
        host: 'mail.example.test',
        port: '993',
        tls: 'implicit',
        user: 'alice',
        'password-env': 'PW',
        ca: caFile,
      }),
      io({ PW: 'sëcret' }),
      'starttls',
    );
    expect(flags).toEqual({
      host: 'mail.example.test',
      port: 993,
      tls: 'implicit',
      user: 'alice',
      password: 'sëcret',
      ca: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n',
      allowPlaintextAuth: false,
    });
  });

  it('applies the default TLS mode and leaves the port to the protocol', () => {
    const flags = readConnectionFlags(cmd({ host: 'h', 'allow-plaintext-auth': true }), io(), 'starttls');
    expect(flags.tls).toBe('starttls');
    expect(flags.port).toBeUndefined();
    expect(flags.allowPlaintextAuth).toBe(true);
  });

  it('refuses bad values as usage errors', () => {
    expect(() => readConnectionFlags(cmd({}), io(), 'none')).toThrow(UsageError);
    expect(() => readConnectionFlags(cmd({ host: 'h', 'password-env': 'UNSET' }), io(), 'none')).toThrow(
      /UNSET, which is not set/,
    );
    expect(() => readConnectionFlags(cmd({ host: 'h', ca: '/nonexistent/ca.pem' }), io(), 'none')).toThrow(
      /cannot be read: ENOENT/,
    );
    expect(() => parsePort('0', '--port')).toThrow(UsageError);
    expect(() => parsePort('65536', '--port')).toThrow(UsageError);
    expect(() => parsePort('25a', '--port')).toThrow(UsageError);
    expect(parsePort('65535', '--port')).toBe(65535);
    expect(() => parseTlsMode('ssl')).toThrow(/implicit, starttls or none/);
  });
});
