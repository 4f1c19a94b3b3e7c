import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { TlsInfo } from './types';

export interface TlsSettings {
  /** Where we connect (an IP or a name). */
  host: string;
  servername?: string;
  ca?: string;
  verify?: boolean;
}

/** The name the certificate must carry: the explicit servername, else the host. */
export function verifyName(s: TlsSettings): string {
  return s.servername ?? s.host;
}

/**
 * tls.connect options for our policy: TLS 1.2+, chain and name verified by default, the extra
 * CA added to (not replacing) the system roots, SNI only for names (RFC 6066 forbids IPs there,
 * and Node warns), and the name check done against `servername` even when we dial an IP.
 */
export function buildTlsOptions(s: TlsSettings): tls.ConnectionOptions {
  const name = verifyName(s);
  return {
    minVersion: 'TLSv1.2',
    rejectUnauthorized: s.verify !== false,
    ...(s.ca === undefined ? {} : { ca: [...tls.rootCertificates, s.ca] }),
    ...(isIP(name) === 0 ? { servername: name } : {}),
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(name, cert),
  };
}

/** What a caller (and the UI's padlock) needs to know about an established TLS session. */
export function describeTls(socket: tls.TLSSocket): TlsInfo {
  const cipher = socket.getCipher();
  const cert = socket.getPeerCertificate();
  const subject = cert && typeof cert === 'object' ? cert.subject : undefined;
  const cn = subject?.CN;
  const subjectText =
    typeof cn === 'string'
      ? cn
      : Array.isArray(cn)
        ? cn.join(', ')
        : subject
          ? Object.entries(subject)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(', ')
          : undefined;
  const authError = socket.authorizationError as unknown;
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: cipher?.name ?? 'unknown',
    authorized: socket.authorized,
    ...(authError === undefined || authError === null
      ? {}
      : { authorizationError: authError instanceof Error ? authError.message : String(authError) }),
    ...(subjectText === undefined || subjectText === '' ? {} : { peerCertificateSubject: subjectText }),
  };
}
