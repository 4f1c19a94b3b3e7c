/**
 * The installed command, not runCli: `npx mailwright` as a person types it, through
 * package.json's bin (bin/mailwright.js) and the bundle `npm run build` writes to dist/.
 * `npm test` builds first; run alone, this needs `npm run build` once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `npx --no-install`: the project's own bin, never a download from the registry. */
const npxMailwright = (...args: string[]) => run('npx', ['--no-install', 'mailwright', ...args]);
/** The same bin file without npx's start-up cost. */
const mailwright = (...args: string[]) => run(process.execPath, ['bin/mailwright.js', ...args]);

/** A loopback port that was just free: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npx mailwright (the built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(`${root}/dist/cli.js`))
      throw new Error('dist/cli.js is missing: run "npm run build" first');
  });

  it('--help lists the commands and exits 0', () => {
    const r = npxMailwright('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: mailwright <command>/);
    expect(r.out).toMatch(/^ {2}send {2,}/m);
    expect(r.out).toMatch(/^ {2}version {2,}/m);
    expect(r.err).toBe('');
  });

  it('an unknown command exits 2 with one line on stderr: mailwright: <what>: <why>', () => {
    const r = npxMailwright('nosuchcommand');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^mailwright: nosuchcommand: [^\n]+\n$/);
  });

  it('--json gives machine output', () => {
    const r = mailwright('version', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mailwright: expect.any(String), node: process.versions.node });
  });

  it('an operational failure exits 1 with one line (connection refused)', async () => {
    const port = await closedPort();
    const r = mailwright(
      'send',
      '--from',
      'alice@example.test',
      '--to',
      'bob@example.test',
      '--subject',
      'x',
      '--text',
      'x',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--tls',
      'none',
    );
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^mailwright: send: [^\n]+\n$/);
  });
});
