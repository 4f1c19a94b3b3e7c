/**
 * The connection layer's vocabulary, shared by SMTP, POP3 and IMAP clients.
 * `connection.ts` re-exports all of it; import from there (or from `net/index`).
 */

/** How a protocol session gets TLS. The same union as the CLI's `--tls` flag (net cannot import cli). */
export type TlsMode = 'implicit' | 'starttls' | 'none';

/** One protocol-log record. Client lines are already redacted when they reach a sink. */
export interface TranscriptLine {
  direction: 'client' | 'server' | 'info';
  text: string;
  /** Date.now() when the line was sent, received or noted. */
  time: number;
}

export interface TranscriptSink {
  (line: TranscriptLine): void;
}

/** Resolves a host name to addresses, tried in order. Our own DNS resolver will provide one. */
export type LookupFn = (host: string) => Promise<string[]>;

export interface ConnectOptions {
  /** An IP address or a host name. */
  host: string;
  port: number;
  /** Implicit TLS at connect (IMAPS 993, POP3S 995, submissions 465). */
  tls: boolean;
  /**
   * The name the certificate must carry; also sent as SNI when it is a name (never an IP).
   * Default: `host` if it is a name. Lets tests connect to 127.0.1.1 and verify mail.example.test.
   */
  servername?: string;
  /** Extra trusted CA (PEM), added to the system CAs (tls.rootCertificates), not replacing them. */
  ca?: string;
  /**
   * Default true. False only for opportunistic TLS (MX delivery): the handshake then succeeds
   * with any certificate and `tls.authorized` / `tls.authorizationError` record the truth.
   */
  verify?: boolean;
  /** TCP connect plus TLS handshake budget. Default 15 000 ms. */
  connectTimeoutMs?: number;
  /** How long a read may wait with no byte from the peer. Default 60 000 ms. */
  idleTimeoutMs?: number;
  /** Longest line accepted from the peer, without its CRLF. Default 64 KiB. */
  maxLineLength?: number;
  transcript?: TranscriptSink;
  /** 'imap' | 'pop3' | 'smtp' | ...: names the protocol in errors and selects redaction rules. */
  protocol?: string;
  /**
   * Resolves `host` when it is a name; the addresses are tried in order within the connect
   * budget. Without it, node:net resolves (callers normally pass IPs they resolved themselves).
   */
  lookup?: LookupFn;
}

export interface TlsInfo {
  /** e.g. 'TLSv1.3' */
  protocol: string;
  /** OpenSSL cipher name, e.g. 'TLS_AES_256_GCM_SHA384' */
  cipher: string;
  /** The certificate chain and name were verified. */
  authorized: boolean;
  /** Why not, when `authorized` is false (only possible with verify: false). */
  authorizationError?: string;
  /** The leaf certificate's subject CN (or the whole subject when it has no CN). */
  peerCertificateSubject?: string;
}

export interface WriteOptions {
  /**
   * The data carries a secret (a SASL response, a password literal): the transcript records
   * only that a secret of N bytes was sent.
   */
  secret?: boolean;
}
