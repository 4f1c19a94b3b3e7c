/**
 * One measured session of the message list: starts the built browser shell on a profile
 * (`node dist/web.js`; run `npm run build` first: the bench never rebuilds the dist/ that
 * others' e2e runs serve), opens it in Debian's Chromium, clicks the big folder, scrolls it,
 * and reads the renderer's heap and the shell process's RSS. Everything it starts, it stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';

const LINE = /^Mailwright web shell: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})$/;
const START_BUDGET_MS = 60_000;
const SCROLL_MS = 3000;

export interface SessionFigures {
  /** Click on the folder → the frame that paints its first rows. */
  clickToRowsMs: number;
  /** Frames per second while scrolling. */
  scrollFps: number;
  /** The longest gap between two frames while scrolling. */
  worstFrameMs: number;
  frames: number;
  /** Rows scrolled past, and whether the rows where the scroll ended arrived (paging). */
  rowsScrolled: number;
  rowsArrivedAtEnd: boolean;
  /** Renderer JS heap in use (CDP Runtime.getHeapUsage), after scrolling. */
  rendererHeapMB: number;
  /** The shell process's VmRSS and VmHWM (peak) after scrolling. */
  rssMB: number;
  peakRssMB: number;
}

function procStatusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (m?.[1] === undefined) throw new Error(`no ${field} for process ${pid}`);
  return Number(m[1]) / 1024;
}

async function startShell(
  home: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  for (const built of ['dist/web.js', 'dist-renderer/index.html']) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  }
  const child = spawn(process.execPath, ['dist/web.js'], {
    env: { ...env, MAILWRIGHT_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`the browser shell printed no address within ${START_BUDGET_MS / 1000} s`)),
        START_BUDGET_MS,
      );
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        const m = LINE.exec(line);
        if (m?.[1] !== undefined) ok(m[1]);
        else fail(new Error(`the browser shell's first line is not its address: ${JSON.stringify(line)}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the browser shell exited (${code}) before printing its address`));
      });
    });
    return { child, url };
  } catch (e) {
    await stopShell(child);
    throw e;
  }
}

async function stopShell(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function measureSession(home: string, expectedRows: number): Promise<SessionFigures> {
  // Chromium's profile and caches inside the project's ignored .tmp/, as the e2e run keeps them.
  const xdgConfig = resolve('.tmp/bench-ui/xdg-config');
  const xdgCache = resolve('.tmp/bench-ui/xdg-cache');
  mkdirSync(xdgConfig, { recursive: true });
  mkdirSync(xdgCache, { recursive: true });
  // Name lookups (there should be none: the account's server is an IP literal) may only
  // reach loopback.
  const dnsDir = await mkdtemp(join(resolve('.tmp/bench-ui'), 'dns-'));
  const resolvConf = join(dnsDir, 'resolv.conf');
  await writeFile(resolvConf, 'nameserver 127.0.0.1\n');
  const env = { ...process.env, MAILWRIGHT_DNS_LOOPBACK_ONLY: '1', MAILWRIGHT_RESOLV_CONF: resolvConf };

  const { child, url } = await startShell(home, env);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    env: { ...process.env, XDG_CONFIG_HOME: xdgConfig, XDG_CACHE_HOME: xdgCache },
    timeout: 60_000,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    // The account opens on its INBOX by itself: go to Sent (empty) first, so that the
    // click on INBOX below is what loads the big folder.
    await page.getByRole('treeitem', { name: /^Sent/ }).click();
    await page.getByRole('heading', { name: 'Sent' }).waitFor();
    await page.getByRole('treeitem', { name: /^INBOX/ }).waitFor();

    // Timed inside the page, so Playwright's own round trips are not counted: the click's
    // event → rows of INBOX in the DOM (not the "Loading" skeletons) → the next frame → the
    // task after it, which runs once that frame has been painted.
    // (No named functions inside evaluate: tsx would wrap them in a helper the page lacks.)
    const clickToRowsMs = await page.evaluate(async () => {
      const inbox = [...document.querySelectorAll<HTMLElement>('[role="treeitem"]')].find((e) =>
        e.getAttribute('aria-label')?.startsWith('INBOX'),
      );
      if (inbox === undefined) throw new Error('no INBOX in the folder tree');
      const start = performance.now();
      inbox.click();
      for (let i = 0; ; i++) {
        if (i > 1000 || performance.now() - start > 20_000)
          throw new Error('the rows of INBOX never appeared');
        const first = document.querySelector('[role="listbox"] [role="option"]');
        const title = document.querySelector('.list-title')?.textContent;
        if (first !== null && first.getAttribute('aria-label') !== 'Loading' && title === 'INBOX') break;
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise<void>((r) => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => r();
        requestAnimationFrame(() => ch.port2.postMessage(null));
      });
      return performance.now() - start;
    });
    const setSize = await page.getByRole('listbox').getByRole('option').first().getAttribute('aria-setsize');
    if (Number(setSize) !== expectedRows) {
      throw new Error(`the list shows ${setSize} messages, not the ${expectedRows} in the index`);
    }

    // Steady scrolling for SCROLL_MS, 30 rows a frame (about 1,800 rows a second at 60 Hz):
    // far past what one page of rows holds, so pages keep arriving from the main process.
    const scroll = await page.evaluate(async (ms) => {
      const box = document.querySelector<HTMLElement>('[role="listbox"]');
      if (box === null) throw new Error('no message list');
      const rowHeight = box.querySelector<HTMLElement>('[role="option"]')?.offsetHeight ?? 68;
      const intervals: number[] = [];
      const start = performance.now();
      let last = start;
      for (let i = 0; i < 10_000 && last - start < ms; i++) {
        box.scrollTop += 30 * rowHeight;
        const now = await new Promise<number>((r) => requestAnimationFrame(r));
        intervals.push(now - last);
        last = now;
      }
      return {
        frames: intervals.length,
        seconds: (last - start) / 1000,
        worst: Math.max(...intervals),
        rowsScrolled: Math.round(box.scrollTop / rowHeight),
      };
    }, SCROLL_MS);
    // Where the scroll ended, real rows replace the skeletons once their page arrives.
    const rowsArrivedAtEnd = await page
      .waitForFunction(
        () => {
          const opts = [...document.querySelectorAll('[role="listbox"] [role="option"]')];
          return opts.length > 0 && opts.every((o) => o.getAttribute('aria-label') !== 'Loading');
        },
        undefined,
        { timeout: 10_000 },
      )
      .then(() => true)
      .catch(() => false);

    const cdp = await page.context().newCDPSession(page);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    if (child.pid === undefined) throw new Error('the browser shell has no process id');
    return {
      clickToRowsMs,
      scrollFps: scroll.frames / scroll.seconds,
      worstFrameMs: scroll.worst,
      frames: scroll.frames,
      rowsScrolled: scroll.rowsScrolled,
      rowsArrivedAtEnd,
      rendererHeapMB: heap.usedSize / 1024 / 1024,
      rssMB: procStatusMB(child.pid, 'VmRSS'),
      peakRssMB: procStatusMB(child.pid, 'VmHWM'),
    };
  } finally {
    await browser.close();
    await stopShell(child);
    await rm(dnsDir, { recursive: true, force: true });
  }
}
