/**
 * The browser shell's own server (src-main/web/server.ts) over the REAL mailbox service,
 * configured for the test servers: our resolver asks only the test DNS (Unbound on
 * loopback), passwords stay in the per-process session store, the profile is a fresh
 * temporary folder. Same code as `npm run web`, with the settings a test needs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SessionSecretStore } from '../../src-main/accounts/secrets/secret-store';
import { parseEndpoint } from '../../src-main/dns/endpoint';
import { LOOPBACK_ONLY_ENV } from '../../src-main/dns/guard';
import { Resolver } from '../../src-main/dns/resolver';
import { createRouter } from '../../src-main/ipc/router';
import { createMailboxService } from '../../src-main/mailbox';
import { startWebShell } from '../../src-main/web/server';
import { serverEnv } from '../servers/env';

export interface MailShell {
  url: string;
  home: string;
  close(): Promise<void>;
}

export async function startMailShell(): Promise<MailShell> {
  // No lookup in this process may leave loopback.
  process.env[LOOPBACK_ONLY_ENV] = '1';
  const env = serverEnv();
  const home = await mkdtemp(join(tmpdir(), 'mw-e2e-mail-'));
  const resolver = new Resolver({
    servers: [parseEndpoint(`${env.dns.recursive}:${env.dns.port}`)],
    timeoutMs: 2000,
    attempts: 2,
    budgetMs: 8000,
  });
  const mailbox = await createMailboxService({
    home,
    secrets: new SessionSecretStore(),
    resolver,
    background: true,
    timeoutMs: 15_000,
  });
  const router = createRouter({
    appInfo: {
      name: 'Mailwright',
      version: 'e2e',
      shell: 'web',
      platform: process.platform,
      profileHome: home,
    },
    mailbox,
  });
  const shell = await startWebShell({
    port: 0,
    token: randomBytes(32).toString('hex'),
    staticDir: resolve('dist-renderer'),
    router,
  });
  return {
    url: shell.url,
    home,
    async close() {
      await shell.close();
      await mailbox.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
