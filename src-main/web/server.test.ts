/**
 * The browser shell against real peers on loopback: node's HTTP client and the `ws`
 * client. No mocks: a real server on 127.0.0.1, a real static folder.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryMailboxService } from '../mailbox/memory';
import { sampleImapAccount } from '../ipc/fixtures';
import { createRouter } from '../ipc/router';
import { startWebShell, type WebShell } from './server';

const TOKEN = 'f'.repeat(64);
let shell: WebShell;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailwright-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(dir, '..', 'outside-secret.txt'), 'no');
  const router = createRouter({
    appInfo: { name: 'Mailwright', version: '0', shell: 'web', platform: 'linux', profileHome: dir },
    mailbox: createMemoryMailboxService(),
  });
  shell = await startWebShell({ port: 0, token: TOKEN, staticDir: dir, router });
});

afterAll(async () => {
  await shell.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(dir, '..', 'outside-secret.txt'), { force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: shell.port, path, method, headers, timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with the open socket or the HTTP status it was refused with. */
function openSocket(
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api`, protocols, {
      headers,
      handshakeTimeout: 5000,
    });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Sends one frame and waits (bounded) for the reply with that id. */
function call(ws: WebSocket, text: string, id: number | null): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply within 5 s')), 5000);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString()) as { id?: number | null; result?: unknown };
      if ('result' in message && message.id === id) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(message.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(text);
  });
}

const origin = () => `http://127.0.0.1:${shell.port}`;

describe('static files', () => {
  it('serves the page with the strict CSP, no token needed', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`ws://127.0.0.1:${shell.port}`);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const js = await get('/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('export {};');
  });

  it('refuses foreign hosts and origins, the API over HTTP, traversal and writes', async () => {
    expect((await get('/', { Host: `evil.example:${shell.port}` })).status).toBe(403);
    expect((await get('/', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/api')).status).toBe(403);
    expect((await get('/../outside-secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/outside-secret.txt')).status).toBe(404);
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });
});

describe('the /api WebSocket', () => {
  it('refuses a socket without the token, with a wrong one, or from a foreign origin', async () => {
    expect(await openSocket(['mailwright.v1'])).toEqual({ refused: 403 });
    expect(await openSocket(['mailwright.v1', `token.${'0'.repeat(64)}`])).toEqual({ refused: 403 });
    expect(await openSocket(['mailwright.v1', `token.${TOKEN}`], { Origin: 'http://evil.example' })).toEqual({
      refused: 403,
    });
    expect(
      await openSocket(['mailwright.v1', `token.${TOKEN}`], { Origin: `http://127.0.0.1:${shell.port + 1}` }),
    ).toEqual({ refused: 403 });
  });

  it('carries the contract with the token, and never echoes the token', async () => {
    const opened = await openSocket(['mailwright.v1', `token.${TOKEN}`], { Origin: origin() });
    if (!('ws' in opened)) throw new Error(`refused with ${opened.refused}`);
    const { ws } = opened;
    try {
      expect(ws.protocol).toBe('mailwright.v1');
      expect(await call(ws, JSON.stringify({ id: 1, channel: 'app.info' }), 1)).toMatchObject({
        ok: true,
        value: { name: 'Mailwright', shell: 'web' },
      });
      const events: unknown[] = [];
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { event?: string };
        if (m.event !== undefined) events.push(m);
      });
      const added = await call(
        ws,
        JSON.stringify({ id: 2, channel: 'accounts.add', arg: sampleImapAccount() }),
        2,
      );
      expect(added).toMatchObject({ ok: true, value: { address: 'ada@example.test' } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ event: 'accounts-changed' });
      expect(await call(ws, JSON.stringify({ id: 3, channel: 'accounts.list', arg: { x: 1 } }), 3)).toEqual({
        ok: false,
        error: {
          kind: 'bad-input',
          message: 'accounts.list: argument must be empty: this request takes no argument.',
        },
      });
      expect(await call(ws, 'not json', null)).toEqual({
        ok: false,
        error: { kind: 'bad-input', message: 'The message is not JSON.' },
      });
    } finally {
      ws.close();
    }
  });
});
