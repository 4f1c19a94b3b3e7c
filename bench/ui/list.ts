/**
 * bench/ui: the message list with a 100,000-message folder in the index, in Debian's
 * Chromium through the browser shell's server and the real mailbox service.
 *   - click on the folder → first rows painted (target < 200 ms)
 *   - frames per second while the list scrolls (target ≥ 50)
 *   - the renderer's JS heap; the main process's RSS (target < 200 MB)
 * Run: `npx tsx bench/ui/list.ts` (needs `npm run build` for dist-renderer/). No network:
 * the POP3 account points at a closed loopback port and never syncs. Prints JSON and
 * writes bench/ui/results.json. Not part of `npm run bench` (that one compares with peers).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { SessionSecretStore } from '../../src-main/accounts/secrets/secret-store';
import { Resolver } from '../../src-main/dns/resolver';
import { parseEndpoint } from '../../src-main/dns/endpoint';
import { createRouter } from '../../src-main/ipc/router';
import { createMailboxService } from '../../src-main/mailbox';
import { indexFile } from '../../src-main/mailbox/layout';
import { MessageIndex } from '../../src-main/store/index/message-index';
import { startWebShell } from '../../src-main/web/server';

const COUNT = 100_000;
process.env.MAILWRIGHT_DNS_LOOPBACK_ONLY = '1';

function openService(home: string) {
  return createMailboxService({
    home,
    secrets: new SessionSecretStore(),
    resolver: new Resolver({ servers: [parseEndpoint('127.0.0.1:9')], budgetMs: 1000 }),
    background: false,
  });
}

// `--serve HOME`: the main process alone (service + shell server), so its RSS is its own.
if (process.argv[2] === '--serve') {
  const home = process.argv[3] ?? '';
  const mailbox = await openService(home);
  const router = createRouter({
    appInfo: {
      name: 'Mailwright',
      version: 'bench',
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
  process.stdout.write(`${shell.url}\n`);
  process.once(
    'SIGTERM',
    () =>
      void shell
        .close()
        .then(() => mailbox.close())
        .then(() => process.exit(0)),
  );
  await new Promise(() => {});
}

const home = await mkdtemp(join(tmpdir(), 'mw-bench-ui-'));
const mailbox = await openService(home);
const server = {
  host: '127.0.0.1',
  port: 1,
  security: 'none' as const,
  user: 'bench',
  auth: 'auto' as const,
};
const account = await mailbox.addAccount(
  {
    address: 'bench@example.test',
    displayName: 'Bench',
    incoming: {
      protocol: 'pop3',
      server,
      pop3: { mode: 'keep', leaveDays: null, deleteWhenDeletedLocally: false, headersOnlyOverBytes: null },
    },
    outgoing: { kind: 'direct' },
    syncIntervalMinutes: 0,
  },
  'not-a-real-password',
);

const t0 = performance.now();
const index = MessageIndex.open(indexFile(home, account.id));
const base = Date.UTC(2020, 0, 1);
for (let i = 0; i < COUNT; i++) {
  index.put(
    'INBOX',
    { id: `bench-${i}`, path: join(home, 'none', `bench-${i}`), sub: 'cur', flags: i % 4 === 0 ? [] : ['S'] },
    {
      messageId: `bench-${i}@example.test`,
      date: base + i * 60_000,
      from: `Sender ${i % 997} <sender${i % 997}@example.test>`,
      to: 'Bench <bench@example.test>',
      subject: `Message number ${i} about topic ${i % 113}`,
      snippet: `The body of message ${i}, a few words to fill the second line.`,
      bodyText: `The body of message ${i}.`,
      hasAttachments: i % 17 === 0,
      size: 2000 + (i % 5000),
    },
  );
}
index.close();
const fillMs = performance.now() - t0;
await mailbox.close();

const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', home], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
});
const url = await new Promise<string>((ok, fail) => {
  const timer = setTimeout(() => fail(new Error('the shell printed no address within 60 s')), 60_000);
  createInterface({ input: child.stdout }).once('line', (line) => {
    clearTimeout(timer);
    ok(line.trim());
  });
  child.once('exit', (code) => fail(new Error(`the shell exited (${code})`)));
});
function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-precise-memory-info'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  // The account opens on its INBOX by itself; go to Sent first, so the click is measured.
  const sent = page.getByRole('treeitem', { name: /^Sent/ }).locator(':scope > .tree-row');
  await sent.click();
  await page.getByRole('heading', { name: 'Sent' }).waitFor();

  const clickToRows = await page.evaluate(async () => {
    const row = [...document.querySelectorAll('[role="treeitem"]')].find((e) =>
      e.getAttribute('aria-label')?.startsWith('INBOX'),
    );
    const target = row?.querySelector<HTMLElement>('.tree-row');
    if (target === undefined || target === null) throw new Error('no INBOX row');
    const start = performance.now();
    target.click();
    for (let i = 0; i < 600; i++) {
      const first = document.querySelector('[role="listbox"] [role="option"]');
      if (
        first !== null &&
        first.getAttribute('aria-label') !== 'Loading' &&
        document.querySelector('.list-title')?.textContent === 'INBOX'
      )
        break;
      await new Promise((r) => requestAnimationFrame(r));
    }
    // The frame after the rows exist is the one that paints them.
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - start;
  });

  const scroll = await page.evaluate(async () => {
    const box = document.querySelector<HTMLElement>('[role="listbox"]');
    if (box === null) throw new Error('no list');
    let frames = 0;
    const start = performance.now();
    // Two seconds of steady scrolling, 40 rows a frame (about 2,400 rows a second).
    while (performance.now() - start < 2000) {
      box.scrollTop += 40 * 68;
      await new Promise((r) => requestAnimationFrame(r));
      frames++;
    }
    const seconds = (performance.now() - start) / 1000;
    const heap =
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
    return {
      fps: frames / seconds,
      scrolledTo: box.scrollTop,
      heapMB: heap === null ? null : heap / 1024 / 1024,
    };
  });
  // Rows at the end of the scroll arrive from the main process (paging, never the whole folder).
  const rowsInDom = await page.locator('[role="listbox"] [role="option"]').count();

  const result = {
    date: new Date().toISOString(),
    messages: COUNT,
    indexFillSeconds: Math.round(fillMs / 100) / 10,
    clickToFirstRowsMs: Math.round(clickToRows),
    scrollFps: Math.round(scroll.fps * 10) / 10,
    rowsInDomAfterScroll: rowsInDom,
    rendererHeapMB: scroll.heapMB === null ? null : Math.round(scroll.heapMB * 10) / 10,
    // The process running the mailbox service and the shell's server (under tsx).
    mainProcessRssMB: child.pid === undefined ? null : rssMB(child.pid),
    targets: { clickToFirstRowsMs: 200, scrollFps: 50, mainProcessRssMB: 200 },
  };
  console.log(JSON.stringify(result, null, 2));
  await writeFile(new URL('./results.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await browser.close();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
  await rm(home, { recursive: true, force: true });
}
