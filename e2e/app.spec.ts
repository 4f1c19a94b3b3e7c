// The page.evaluate bodies run in the browser.
/// <reference lib="dom" />
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { webShell } from './support/shell';

const SHOTS = 'test-results/screenshots';

test.describe('with the token', () => {
  test('shows the empty state and opens the Add account dialog', async ({ page }) => {
    const { url } = webShell();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Mailwright');
    await page.screenshot({ path: `${SHOTS}/empty-state-light.png` });

    await page.getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an account' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { name: 'Add an account' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/add-account-dialog-light.png` });

    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/add-account-dialog-dark.png` });
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.screenshot({ path: `${SHOTS}/empty-state-dark.png` });
    // Focus is visible and reachable by keyboard.
    await expect(page.getByRole('button', { name: 'Add account' })).toBeFocused();
  });

  test('talks to the main process through the contract', async ({ page }) => {
    const { url } = webShell();
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
    // The page's own client carried accounts.list; app.info answers over the same socket.
    const info = await page.evaluate(async (token) => {
      const ws = new WebSocket(`ws://${location.host}/api`, ['mailwright.v1', `token.${token}`]);
      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer')), 5000);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: 'app.info' }));
        ws.onmessage = (e) => {
          clearTimeout(timer);
          resolve(JSON.parse(String(e.data)));
          ws.close();
        };
      });
    }, webShell().token);
    expect(info).toMatchObject({ id: 1, result: { ok: true, value: { name: 'Mailwright', shell: 'web' } } });
  });
});

test.describe('refusals', () => {
  test('without the token the page says so and the socket is refused', async ({ page, request }) => {
    const { origin } = webShell();
    await page.goto(`${origin}/`);
    await expect(page.getByRole('alert')).toContainText('This address is missing its key');
    await expect(page.getByRole('heading', { name: 'No accounts yet' })).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/no-token.png` });

    // From the page itself: a socket with no token, and one with a wrong token, never open.
    const outcomes = await page.evaluate(async () => {
      const attempt = (protocols: string[]) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/api`, protocols);
          const timer = setTimeout(() => resolve('timeout'), 5000);
          ws.onopen = () => {
            clearTimeout(timer);
            resolve('open');
          };
          ws.onclose = () => {
            clearTimeout(timer);
            resolve('refused');
          };
        });
      return [await attempt(['mailwright.v1']), await attempt(['mailwright.v1', `token.${'0'.repeat(64)}`])];
    });
    expect(outcomes).toEqual(['refused', 'refused']);
    expect((await request.get(`${origin}/api`)).status()).toBe(403);
  });

  test('a wrong token shows the refusal', async ({ page }) => {
    const { origin } = webShell();
    await page.goto(`${origin}/#token=${'0'.repeat(64)}`);
    await expect(page.getByRole('alert')).toContainText('Mailwright refused the connection');
  });

  test('a non-loopback Origin or Host is refused, even with the token', async ({ request }) => {
    const { origin, port, token } = webShell();
    expect((await request.get(`${origin}/`, { headers: { Origin: 'http://evil.example' } })).status()).toBe(
      403,
    );
    expect((await request.get(`${origin}/`, { headers: { Host: `evil.example:${port}` } })).status()).toBe(
      403,
    );
    const status = await new Promise<number | 'open'>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['mailwright.v1', `token.${token}`], {
        headers: { Origin: 'http://evil.example' },
        handshakeTimeout: 5000,
      });
      ws.once('open', () => {
        ws.close();
        resolve('open');
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      });
      ws.once('error', reject);
    });
    expect(status).toBe(403);
  });

  test('a page on another origin cannot open the socket, even knowing the token', async ({ page }) => {
    const { port, token } = webShell();
    // A real cross-origin page in the real browser: another loopback port.
    const other: Server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>other</title>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    try {
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      const outcome = await page.evaluate(
        ({ port, token }) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, ['mailwright.v1', `token.${token}`]);
            const timer = setTimeout(() => resolve('timeout'), 5000);
            ws.onopen = () => {
              clearTimeout(timer);
              resolve('open');
            };
            ws.onclose = () => {
              clearTimeout(timer);
              resolve('refused');
            };
          }),
        { port, token },
      );
      expect(outcome).toBe('refused');
    } finally {
      other.closeAllConnections();
      await new Promise((r) => other.close(r));
    }
  });
});

test.describe('content security policy', () => {
  test('an injected inline script, inline handler and eval do not run', async ({ page }) => {
    const { url } = webShell();
    await page.goto(url);
    await expect(page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible();
    const result = await page.evaluate(async () => {
      const w = window as unknown as Record<string, unknown>;
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true;';
      document.body.append(script);
      const holder = document.createElement('div');
      holder.innerHTML =
        '<img src="data:," onerror="window.__handler = true" onload="window.__handler = true">';
      document.body.append(holder);
      // A string timer is compiled as page code when it fires, so CSP's eval rule
      // applies to it (a direct eval here would run under DevTools' exemption).
      (setTimeout as unknown as (code: string, ms: number) => number)('window.__eval = true', 0);
      // Bounded wait for the violation reports (they are dispatched asynchronously).
      for (let i = 0; i < 50 && violations.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      return {
        injected: w.__injected === true,
        handler: w.__handler === true,
        evaluated: w.__eval === true,
        violations,
      };
    });
    expect(result.injected).toBe(false);
    expect(result.handler).toBe(false);
    expect(result.evaluated).toBe(false);
    expect(result.violations).toContain('script-src-elem');
  });
});
