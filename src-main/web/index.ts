/**
 * `npm run web`: the browser shell. Serves the built renderer and the contract on
 * 127.0.0.1 and prints exactly one line: `Mailwright web shell: http://127.0.0.1:PORT/#token=T`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deferredMailboxService } from '../mailbox/deferred';
import { createMailboxService } from '../mailbox/mailbox-service';
import { packageVersion, profileHome } from '../mailbox/profile';
import { createRouter } from '../ipc/router';
import { startWebShell } from './server';

function fail(why: string, code: number): never {
  process.stderr.write(`mailwright web: ${why}\n`);
  process.exit(code);
}

let port = 0;
try {
  const { values } = parseArgs({ options: { port: { type: 'string' } }, strict: true });
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) {
      fail(`--port must be a number from 0 to 65535, not "${values.port}"`, 2);
    }
    port = Number(values.port);
  }
} catch (e) {
  fail(`${(e as Error).message}; usage: npm run web -- [--port N]`, 2);
}

const home = profileHome(process.env);
mkdirSync(home, { recursive: true });
// The real service on this profile: sync on each account's interval, IDLE, the outbox.
const mailbox = deferredMailboxService(createMailboxService({ home, background: true, env: process.env }));
const router = createRouter({
  appInfo: {
    name: 'Mailwright',
    version: packageVersion(import.meta.url),
    shell: 'web',
    platform: process.platform,
    profileHome: home,
  },
  mailbox,
});

const staticDir = fileURLToPath(new URL('../dist-renderer/', import.meta.url));
const token = randomBytes(32).toString('hex');

try {
  const shell = await startWebShell({ port, token, staticDir, router });
  const stop = () => {
    void shell
      .close()
      .then(() => mailbox.close?.())
      .finally(() => process.exit(0));
  };
  // Before the line: whoever reads it may stop us at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`Mailwright web shell: ${shell.url}\n`);
} catch (e) {
  const code = (e as NodeJS.ErrnoException).code;
  fail(
    code === 'EADDRINUSE'
      ? `port ${port} on 127.0.0.1 is in use; pick another with --port N or leave it out for a free one`
      : `cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`,
    1,
  );
}
