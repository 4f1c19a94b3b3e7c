import { describe, expect, it } from 'vitest';
import { runCli } from '../main';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env: { PW: 'x' } });
  return { code, out, err };
}

// Usage mistakes are caught before any connection is made: exit code 2, one line on stderr.
describe('mailwright imap usage errors', () => {
  const conn = ['--host', '127.0.0.1', '--port', '9', '--user', 'u', '--password-env', 'PW'];
  const cases: [string[], RegExp][] = [
    [['imap', 'folders'], /--host is required/],
    [['imap', 'folders', '--host', '127.0.0.1'], /--user is required/],
    [['imap', 'list', ...conn], /--folder is required/],
    [['imap', 'list', '--folder', 'INBOX', '--limit', '0', ...conn], /--limit must be a positive/],
    [['imap', 'fetch', '--folder', 'INBOX', ...conn], /--uid is required/],
    [['imap', 'fetch', '--folder', 'INBOX', '--uid', '1:5', ...conn], /single UID/],
    [['imap', 'flag', '--folder', 'INBOX', '--uid', '0', '--add', '\\Seen', ...conn], /--uid must be/],
    [['imap', 'flag', '--folder', 'INBOX', '--uid', '1', ...conn], /--add FLAG or --remove FLAG/],
    [['imap', 'move', '--folder', 'INBOX', '--uid', '1', ...conn], /--to is required/],
    [['imap', 'rename', 'only-one', ...conn], /wrong number of arguments/],
    [['imap', 'append', '--folder', 'INBOX', '--file', '/nonexistent/file', ...conn], /cannot be read/],
  ];
  for (const [argv, message] of cases) {
    it(argv.slice(0, 4).join(' '), async () => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('a refused connection is an operational failure (exit 1)', async () => {
    const r = await run([
      'imap',
      'folders',
      '--host',
      '127.0.0.1',
      '--port',
      '1',
      '--tls',
      'none',
      '--user',
      'u',
      '--password-env',
      'PW',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^mailwright: imap folders: /);
  });
});
