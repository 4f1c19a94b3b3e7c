import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
