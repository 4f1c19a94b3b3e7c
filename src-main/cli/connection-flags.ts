import { readFileSync } from 'node:fs';
import type { TlsMode } from '../net/types';
import { UsageError, type OptionSpecs, type ParsedCommand, type CliIO } from './command';

/** The connection flags every protocol command shares. */
export const connectionOptions: OptionSpecs = {
  host: { type: 'string' },
  port: { type: 'string' },
  tls: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  ca: { type: 'string' },
  // The certificate name when --host is an IP address (e.g. 127.0.1.1 serving mail.example.test).
  servername: { type: 'string' },
  'allow-plaintext-auth': { type: 'boolean' },
};

export type { TlsMode };

export const connectionUsage =
  '--host HOST [--port N] [--tls implicit|starttls|none] [--user USER] [--password-env VAR] [--ca FILE] [--servername NAME] [--allow-plaintext-auth]';

export interface ConnectionFlags {
  host: string;
  /** Undefined when the flag was absent: the protocol picks its default for the TLS mode. */
  port: number | undefined;
  tls: TlsMode;
  user: string | undefined;
  /** Read from the environment variable named by --password-env, never from argv. */
  password: string | undefined;
  /** PEM text of an extra trusted CA. */
  ca: string | undefined;
  /** The name the server's certificate must carry, when it differs from --host. */
  servername: string | undefined;
  allowPlaintextAuth: boolean;
}

export function parsePort(text: string, flag: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new UsageError(`${flag} must be a port number from 1 to 65535, not "${text}"`);
  }
  return Number(text);
}

export function parseTlsMode(text: string): TlsMode {
  if (text === 'implicit' || text === 'starttls' || text === 'none') return text;
  throw new UsageError(`--tls must be implicit, starttls or none, not "${text}"`);
}

/** Reads the shared connection flags; `defaultTls` applies when --tls is absent. */
export function readConnectionFlags(cmd: ParsedCommand, io: CliIO, defaultTls: TlsMode): ConnectionFlags {
  const v = cmd.values;
  const host = v.host;
  if (typeof host !== 'string' || host === '') throw new UsageError('--host is required');
  const port = typeof v.port === 'string' ? parsePort(v.port, '--port') : undefined;
  const tls = typeof v.tls === 'string' ? parseTlsMode(v.tls) : defaultTls;
  let password: string | undefined;
  if (typeof v['password-env'] === 'string') {
    const name = v['password-env'];
    password = io.env[name];
    if (password === undefined) throw new UsageError(`--password-env names ${name}, which is not set`);
  }
  let ca: string | undefined;
  if (typeof v.ca === 'string') {
    try {
      ca = readFileSync(v.ca, 'utf8');
    } catch (e) {
      throw new UsageError(`--ca ${v.ca} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  return {
    host,
    port,
    tls,
    user: typeof v.user === 'string' ? v.user : undefined,
    password,
    ca,
    servername: typeof v.servername === 'string' ? v.servername : undefined,
    allowPlaintextAuth: v['allow-plaintext-auth'] === true,
  };
}

/** The user and password a login needs, or a usage error naming the missing flag. */
export function requireCredentials(flags: ConnectionFlags): { user: string; password: string } {
  if (flags.user === undefined) throw new UsageError('--user is required');
  if (flags.password === undefined) {
    throw new UsageError('--password-env is required (the password is read from that variable)');
  }
  return { user: flags.user, password: flags.password };
}
