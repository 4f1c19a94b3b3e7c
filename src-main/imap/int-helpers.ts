/** Shared set-up for the IMAP integration tests: sessions against the real Dovecot. */
import { serverEnv, type UserName } from '../../e2e/servers/env';
import type { ImapClient } from './client';
import { connectImap, type ImapConnectOptions } from './connect';

export function imapOptions(user: UserName, extra: Partial<ImapConnectOptions> = {}): ImapConnectOptions {
  const env = serverEnv();
  return {
    host: env.mail.host,
    tls: 'implicit',
    servername: env.mail.hostname,
    ca: env.caPem,
    user: env.users[user].user,
    password: env.users[user].password,
    connectTimeoutMs: 10_000,
    idleTimeoutMs: 20_000,
    ...extra,
  };
}

export function openAs(user: UserName, extra: Partial<ImapConnectOptions> = {}): Promise<ImapClient> {
  return connectImap(imapOptions(user, extra));
}

/** The CLI's connection flags for `user`; the password is read from the variable PW. */
export function cliFlags(user: UserName): string[] {
  const env = serverEnv();
  return [
    '--host',
    env.mail.host,
    '--servername',
    env.mail.hostname,
    '--ca',
    env.caFile,
    '--user',
    env.users[user].user,
    '--password-env',
    'PW',
  ];
}

/** A folder name no other test run uses, so runs never see each other's state. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}`;
}

/** A small RFC 5322 message. */
export function sampleMessage(subject: string, body = 'Hello.\r\n'): Buffer {
  return Buffer.from(
    `From: Bob Example <bob@example.test>\r\nTo: Carol <carol@example.test>\r\nSubject: ${subject}\r\n` +
      `Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '')}-${Date.now()}@example.test>\r\n` +
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`,
  );
}
