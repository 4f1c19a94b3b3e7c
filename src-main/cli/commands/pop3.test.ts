import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDEX_FILE, MessageIndex } from '../../store/index/message-index';
import { Maildir } from '../../store/maildir/maildir';
import { runCli } from '../main';
import type { CliIO } from '../command';

// Usage errors are decided before any connection: no server is needed (exit code 2).
function io(env: Record<string, string> = {}): CliIO & { err_: () => string } {
  let err = '';
  return { out: () => undefined, err: (t) => (err += t), env, err_: () => err };
}

describe('pop3 and index commands: usage', () => {
  it.each([
    [['pop3', 'fetch', '--maildir', '/tmp/x', '--host', 'h', '--user', 'u', '--password-env', 'P'], /--mode/],
    [['pop3', 'fetch', '--mode', 'keep', '--host', 'h', '--user', 'u', '--password-env', 'P'], /--maildir/],
    [['pop3', 'list', '--host', 'h', '--password-env', 'P'], /--user is required/],
    [['pop3', 'list', '--host', 'h', '--user', 'u'], /--password-env is required/],
    [['pop3', 'list', '--host', 'h', '--user', 'u', '--password-env', 'NOPE'], /not set/],
    [
      ['pop3', 'list', '--host', 'h', '--user', 'u', '--password-env', 'P', '--auth', 'kerberos'],
      /--auth must be/,
    ],
    [
      [
        'pop3',
        'fetch',
        '--mode',
        'keep',
        '--maildir',
        'd',
        '--host',
        'h',
        '--user',
        'u',
        '--password-env',
        'P',
        '--delete-after-days',
        'soon',
      ],
      /whole number/,
    ],
    [['index', 'rebuild'], /--maildir/],
  ])('%j → exit 2 with a clear line', async (argv, message) => {
    const o = io({ P: 'secret' });
    expect(await runCli(argv, o)).toBe(2);
    expect(o.err_()).toMatch(message);
    expect(o.err_()).not.toContain('secret');
  });

  it('index rebuild on a folder that is not a Maildir is a not-found failure (exit 1)', async () => {
    const o = io();
    expect(await runCli(['index', 'rebuild', '--maildir', '/nonexistent/mailwright-test'], o)).toBe(1);
    expect(o.err_()).toMatch(/is not a Maildir/);
  });

  it('index rebuild replaces a corrupt index from the Maildir alone (exit 0)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-cli-index-'));
    try {
      const md = await Maildir.open(dir);
      await md.add(Buffer.from('Subject: kumquat season\r\n\r\nRipe now.\r\n'));
      await writeFile(join(dir, INDEX_FILE), 'not a database '.repeat(100));
      let out = '';
      const o = { ...io(), out: (t: string) => (out += t) };
      expect(await runCli(['index', 'rebuild', '--maildir', dir, '--json'], o)).toBe(0);
      expect(o.err_()).toBe('');
      expect(JSON.parse(out)).toEqual({ indexed: 1 });
      const index = MessageIndex.open(join(dir, INDEX_FILE));
      expect(index.search('kumquat').map((m) => m.subject)).toEqual(['kumquat season']);
      index.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A POP3 server without UIDL on loopback, speaking RFC 1939 only: Dovecot always offers UIDL,
 * so this scripted peer is the one way to see what the CLI says on such a server.
 */
async function serverWithoutUidl(message: string): Promise<{ port: number; close: () => Promise<void> }> {
  const headers = message.slice(0, message.indexOf('\r\n\r\n') + 4);
  const answers: Record<string, string> = {
    CAPA: '-ERR unknown command\r\n',
    USER: '+OK\r\n',
    PASS: '+OK logged in\r\n',
    LIST: `+OK\r\n1 ${Buffer.byteLength(message)}\r\n.\r\n`,
    UIDL: '-ERR unknown command\r\n',
    TOP: `+OK\r\n${headers}.\r\n`,
    RETR: `+OK\r\n${message}.\r\n`,
    QUIT: '+OK bye\r\n',
  };
  const server = createServer((socket) => {
    socket.write('+OK fake POP3 ready\r\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n'); end >= 0; end = pending.indexOf('\r\n')) {
        const verb = pending.slice(0, end).split(' ')[0]?.toUpperCase() ?? '';
        pending = pending.slice(end + 2);
        socket.write(answers[verb] ?? '-ERR unknown command\r\n');
        if (verb === 'QUIT') socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('pop3 fetch on a server without UIDL', () => {
  it('keeps mail apart by fingerprint, says so on stderr, and downloads nothing the second time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-cli-nouidl-'));
    const message =
      'Message-ID: <one@example.test>\r\nDate: Thu, 26 Nov 2026 12:00:00 +0000\r\nSubject: hi\r\n\r\nbody\r\n';
    const server = await serverWithoutUidl(message);
    try {
      const argv = [
        'pop3',
        'fetch',
        '--mode',
        'keep',
        '--maildir',
        dir,
        '--host',
        '127.0.0.1',
        '--port',
        String(server.port),
      ];
      const flags = [
        '--tls',
        'none',
        '--allow-plaintext-auth',
        '--user',
        'u',
        '--password-env',
        'P',
        '--json',
      ];
      const fetch = async () => {
        let out = '';
        const o = { ...io({ P: 'secret' }), out: (t: string) => (out += t) };
        expect(await runCli([...argv, ...flags], o)).toBe(0);
        expect(o.err_()).toMatch(
          /the server has no UIDL; messages were told apart by Message-ID, Date and size/,
        );
        return JSON.parse(out) as unknown;
      };
      expect(await fetch()).toEqual({ downloaded: 1, deletedOnServer: 0, alreadyHad: 0 });
      expect(await fetch()).toEqual({ downloaded: 0, deletedOnServer: 0, alreadyHad: 1 });
      const md = await Maildir.open(dir, { create: false });
      expect((await Promise.all((await md.list()).map((e) => md.read(e.id)))).map(String)).toEqual([message]);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
