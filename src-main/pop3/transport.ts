import type { TlsInfo } from '../net/types';

/**
 * What the POP3 client needs from a connection: the subset of net/connection's
 * `Connection` it uses. The real one is `Connection`; unit tests of the state machine
 * pass a scripted peer for behaviours the real Dovecot cannot show (no UIDL, LOGIN-DELAY,
 * garbage), the integration tests use the real server.
 */
export interface Pop3Transport {
  /** Between 1 and max bytes from the server, as soon as any arrive; the framer cuts them. */
  readAvailable(max: number): Promise<Buffer>;
  write(data: string | Buffer, options?: { secret?: boolean }): Promise<void>;
  startTls(): Promise<void>;
  readonly tls: TlsInfo | undefined;
  close(): Promise<void>;
  destroy(): void;
}
