import { describe, expect, it } from 'vitest';
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
});
