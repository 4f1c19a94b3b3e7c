/**
 * The browser shell with the real mailbox service: over its WebSocket (the `ws` client,
 * the token subprotocol, our origin) a POP3 account is added, given its password, synced
 * against the real Dovecot and listed; the state events arrive on the same socket, and
 * the password never comes back on it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { deliver, resetMailbox } from '../../e2e/servers/env';
import { createRouter } from '../ipc/router';
import type { Account, MessagePage } from '../model';
import { startWebShell, type WebShell } from '../web/server';
import { env, openHarness, testAccount, type Harness } from './testing/int-helpers';

const TOKEN = 'e'.repeat(64);
let shell: WebShell;
let h: Harness;
let staticDir: string;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'mw-web-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  h = await openHarness();
  const router = createRouter({
    appInfo: { name: 'Mailwright', version: '0', shell: 'web', platform: 'linux', profileHome: h.home },
    mailbox: h.service,
  });
  shell = await startWebShell({ port: 0, token: TOKEN, staticDir, router });
});

afterAll(async () => {
  await shell.close();
  await h.close();
  rmSync(staticDir, { recursive: true, force: true });
});

interface Frame {
  id?: number;
  result?: { ok: boolean; value?: unknown; error?: unknown };
  event?: string;
  payload?: unknown;
}

function connect(): Promise<{ ws: WebSocket; frames: Frame[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${shell.port}/api`, ['mailwright.v1', `token.${TOKEN}`], {
      headers: { Origin: `http://127.0.0.1:${shell.port}` },
      handshakeTimeout: 5000,
    });
    const frames: Frame[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Frame));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('error', reject);
  });
}

let nextId = 1;
/** One call; waits (bounded: 30 s, for a sync) for the reply with its id. */
function call(ws: WebSocket, channel: string, arg?: unknown): Promise<Frame['result']> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${channel} within 30 s`)), 30_000);
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString()) as Frame;
      if (m.id === id && m.result !== undefined) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(m.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, ...(arg === undefined ? {} : { arg }) }));
  });
}

describe('browser shell with the real mailbox service', () => {
  it('answers accounts.list, adds and syncs an account, and pushes the events', async () => {
    await resetMailbox('pop4');
    await deliver('pop4', 'From: web@example.test\r\nSubject: over the socket\r\n\r\nhello\r\n');
    const { ws, frames } = await connect();
    try {
      expect(await call(ws, 'accounts.list')).toEqual({ ok: true, value: [] });
      const added = await call(ws, 'accounts.add', testAccount('pop4', 'pop3'));
      expect(added?.ok).toBe(true);
      const account = added?.value as Account;
      expect(
        await call(ws, 'accounts.setPassword', { accountId: account.id, password: env.users.pop4.password }),
      ).toEqual({
        ok: true,
        value: null,
      });
      const synced = await call(ws, 'sync.now', { accountId: account.id });
      expect(synced).toMatchObject({ ok: true, value: [{ ok: true, downloaded: 1 }] });
      const page = await call(ws, 'messages.page', {
        accountId: account.id,
        folder: 'INBOX',
        offset: 0,
        limit: 50,
      });
      expect((page!.value as MessagePage).messages.map((m) => m.subject)).toEqual(['over the socket']);
      const listed = await call(ws, 'accounts.list');
      expect((listed!.value as Account[]).map((a) => a.id)).toEqual([account.id]);

      const events = new Set(frames.filter((f) => f.event !== undefined).map((f) => f.event));
      for (const e of [
        'accounts-changed',
        'folders-changed',
        'message-list-diff',
        'counts-changed',
        'sync-progress',
      ]) {
        expect(events.has(e), e).toBe(true);
      }
      expect(JSON.stringify(frames)).not.toContain(env.users.pop4.password);
    } finally {
      ws.close();
    }
  });
});
