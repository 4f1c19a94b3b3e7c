/**
 * One download-and-keep fetch of the bench user's mailbox into a fresh Maildir, exactly as the
 * benchmark's "ours" does it. Run as a program (`node --import tsx bench/pop3/keep-once.ts
 * DIR [--baseline]`) it prints {"downloaded", "maxRssKb"}: the peak RSS of a process that did
 * only this (with --baseline, of one that loaded the same modules and fetched nothing).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverEnv } from '../../e2e/servers/env';
import { fetchMail } from '../../src-main/pop3/retrieval/fetch';
import { Ledger } from '../../src-main/pop3/retrieval/ledger';
import { openPop3 } from '../../src-main/pop3/session';
import { Maildir } from '../../src-main/store/maildir/maildir';

export const BENCH_USER = 'pop3' as const;

export async function fetchKeepOnce(dir: string): Promise<number> {
  const env = serverEnv();
  const maildir = await Maildir.open(join(dir, 'Mail'));
  const ledger = Ledger.open(join(dir, 'ledger.sqlite'), 'bench');
  try {
    const client = await openPop3({
      host: env.mail.host,
      port: env.mail.pop3s,
      tls: 'implicit',
      servername: env.mail.hostname,
      ca: env.caPem,
      user: env.users[BENCH_USER].user,
      password: env.users[BENCH_USER].password,
    });
    return (await fetchMail(client, { mode: 'keep', maildir, ledger })).downloaded;
  } finally {
    ledger.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (dir === undefined) throw new Error('usage: keep-once.ts DIR [--baseline]');
  const downloaded = process.argv.includes('--baseline') ? 0 : await fetchKeepOnce(dir);
  process.stdout.write(`${JSON.stringify({ downloaded, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}
