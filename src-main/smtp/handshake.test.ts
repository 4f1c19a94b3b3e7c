/**
 * The opening's STARTTLS rule (RFC 3207 §4.2): what the server said before the upgrade is
 * forgotten and EHLO is sent again. Driven through an in-memory SmtpTransport because the
 * point is which capabilities survive, not TLS itself (the real upgrade against Postfix is
 * in submission.int.test.ts, the injection refusal against a socket in client.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { TlsInfo } from '../net/types';
import { handshake } from './handshake';
import type { SmtpTransport } from './transport';

/** Answers each command line from a script; startTls flips to "encrypted". */
function scripted(answers: (line: string, tls: boolean) => string): SmtpTransport & { sent: string[] } {
  const lines: Buffer[] = [Buffer.from('220 peer ESMTP')];
  const sent: string[] = [];
  let tls: TlsInfo | undefined;
  const queue = (text: string) => {
    for (const l of text.split('\r\n').filter((x) => x !== '')) lines.push(Buffer.from(l));
  };
  return {
    sent,
    readLine: async () => {
      const l = lines.shift();
      if (l === undefined) throw new Error('the script has no more lines');
      return l;
    },
    write: async (data) => {
      const line = data.toString().replace(/\r\n$/, '');
      sent.push(line);
      queue(answers(line, tls !== undefined));
    },
    startTls: async () => {
      tls = { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true };
    },
    get tls() {
      return tls;
    },
    buffered: 0,
    close: async () => undefined,
    destroy: () => undefined,
  };
}

const opts = { clientName: 'client.example.test', starttls: true, requireTls: true, where: 'peer:587' };

describe('handshake', () => {
  it('forgets the plaintext EHLO after STARTTLS and keeps only what the server says over TLS', async () => {
    const t = scripted((line, tls) => {
      if (line.startsWith('EHLO') && !tls)
        return '250-peer\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250-PIPELINING\r\n250 SIZE 100\r\n';
      if (line.startsWith('EHLO')) return '250-peer\r\n250-AUTH XOAUTH2\r\n250 SIZE 5000\r\n';
      if (line === 'STARTTLS') return '220 2.0.0 Ready\r\n';
      return '502 unexpected\r\n';
    });
    const r = await handshake(t, opts);
    expect(t.sent).toEqual(['EHLO client.example.test', 'STARTTLS', 'EHLO client.example.test']);
    expect(r.capabilities.auth).toEqual(['XOAUTH2']);
    expect(r.capabilities.size).toBe(5000);
    expect(r.capabilities.pipelining).toBe(false);
    expect(r.capabilities.startTls).toBe(false);
  });

  it('refuses to go on when STARTTLS is refused and TLS is required', async () => {
    const t = scripted((line) =>
      line === 'STARTTLS' ? '454 4.7.0 TLS not available\r\n' : '250-peer\r\n250 STARTTLS\r\n',
    );
    await expect(handshake(t, opts)).rejects.toMatchObject({ kind: 'tls', serverText: 'TLS not available' });
    expect(t.sent).toEqual(['EHLO client.example.test', 'STARTTLS']);
  });
});
