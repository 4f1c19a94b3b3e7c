import * as tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { buildTlsOptions, verifyName } from './tls-options';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('buildTlsOptions', () => {
  it('requires TLS 1.2+ and verification by default', () => {
    const o = buildTlsOptions({ host: 'mail.example.test' });
    expect(o.minVersion).toBe('TLSv1.2');
    expect(o.rejectUnauthorized).toBe(true);
    expect(o.ca).toBeUndefined(); // Node's default: the system roots
    expect(o.servername).toBe('mail.example.test');
  });

  it('adds an extra CA to the system roots instead of replacing them', () => {
    const o = buildTlsOptions({ host: 'mail.example.test', ca: PEM });
    expect(o.ca).toEqual([...tls.rootCertificates, PEM]);
  });

  it('sends no SNI for an IP, but verifies against the given servername', () => {
    expect(buildTlsOptions({ host: '127.0.1.1' }).servername).toBeUndefined();
    expect(buildTlsOptions({ host: '::1' }).servername).toBeUndefined();
    expect(buildTlsOptions({ host: '127.0.1.1', servername: 'mail.example.test' }).servername).toBe(
      'mail.example.test',
    );
    expect(verifyName({ host: '127.0.1.1', servername: 'mail.example.test' })).toBe('mail.example.test');
    expect(verifyName({ host: '127.0.1.1' })).toBe('127.0.1.1');
  });

  it('checks the certificate name against servername, not the dialled address', () => {
    const o = buildTlsOptions({ host: '127.0.1.1', servername: 'mail.example.test' });
    const cert = {
      subject: { CN: 'mail.example.test' },
      subjectaltname: 'DNS:mail.example.test',
    } as tls.PeerCertificate;
    expect(o.checkServerIdentity?.('127.0.1.1', cert)).toBeUndefined();
    const other = { subject: { CN: 'other.test' }, subjectaltname: 'DNS:other.test' } as tls.PeerCertificate;
    expect(o.checkServerIdentity?.('127.0.1.1', other)).toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('verify: false lets the handshake finish (the result is still recorded by the socket)', () => {
    expect(buildTlsOptions({ host: 'mx.example.test', verify: false }).rejectUnauthorized).toBe(false);
  });
});
