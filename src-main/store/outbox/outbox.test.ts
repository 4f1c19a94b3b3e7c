/**
 * The outbox over real files in a temporary folder, sending through our real SMTP client
 * to a scripted loopback peer (scripted-peer.ts) that can refuse for a while or drop the
 * connection after the final "." — behaviour a real Postfix does not show on demand.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { submit } from '../../smtp/delivery';
import { startPeer, type PeerOptions, type ScriptedPeer } from '../../smtp/scripted-peer';
import { Outbox, type Sender } from './outbox';
import type { OutboxEntry } from './state';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(peerOpts: PeerOptions = {}): Promise<{ dir: string; peer: ScriptedPeer; send: Sender }> {
  const dir = mkdtempSync(join(tmpdir(), 'mw-outbox-'));
  const peer = await startPeer(peerOpts);
  cleanup.push(async () => {
    await peer.close();
    await rm(dir, { recursive: true, force: true });
  });
  const send: Sender = (m) =>
    submit(m, { host: '127.0.0.1', port: peer.port, tls: 'none', connectTimeoutMs: 5_000 });
  return { dir, peer, send };
}

const RAW = Buffer.from('Subject: queued\r\nMessage-ID: <q@example.test>\r\n\r\nbody\r\n');
const message = (to: string[]) => ({
  envelope: { from: 'a@example.test', to },
  raw: RAW,
  messageId: '<q@example.test>',
});

describe('Outbox', () => {
  it('stores the message before any attempt, sends it and moves it to Sent', async () => {
    const { dir, peer, send } = await setup();
    const outbox = await Outbox.open(join(dir, 'outbox'), join(dir, 'Sent'));
    const queued = await outbox.enqueue(message(['b@example.test']));
    expect(queued.status).toBe('queued');
    expect(readdirSync(join(dir, 'outbox/mail/new'))).toEqual([queued.id]);
    expect(peer.connections).toBe(0);
    const [done] = await outbox.processDue(send);
    expect(done?.status).toBe('sent');
    expect(readdirSync(join(dir, 'outbox/mail/new'))).toEqual([]);
    const sent = readdirSync(join(dir, 'Sent/new'));
    expect(sent).toHaveLength(1);
    expect(readFileSync(join(dir, 'Sent/new', sent[0] ?? '')).equals(RAW)).toBe(true);
  });

  it('retries only the recipients that got a 4xx, after the back-off, and survives a restart', async () => {
    let refusals = 1;
    const { dir, peer, send } = await setup({
      rcpt: (a) => (a.startsWith('c') && refusals-- > 0 ? '451 4.3.0 Try later\r\n' : '250 2.1.5 Ok\r\n'),
    });
    const outbox = await Outbox.open(join(dir, 'outbox'), join(dir, 'Sent'));
    const e = await outbox.enqueue(message(['b@example.test', 'c@example.test']), 0);
    const [first] = await outbox.processDue(send, 0);
    expect(first?.status).toBe('queued');
    expect(first?.recipients.map((r) => r.status)).toEqual(['accepted', 'pending']);
    expect(await outbox.processDue(send, 1)).toEqual([]); // not due yet

    const reopened = await Outbox.open(join(dir, 'outbox'), join(dir, 'Sent'));
    const [second] = await reopened.processDue(send, first?.nextAttemptAt ?? 0);
    expect(second?.status).toBe('sent');
    expect(second?.attempts).toBe(2);
    const rcpts = peer.commands.filter((l) => l.startsWith('RCPT'));
    expect(rcpts).toEqual([
      'RCPT TO:<b@example.test>',
      'RCPT TO:<c@example.test>',
      'RCPT TO:<c@example.test>',
    ]);
    expect((await reopened.get(e.id))?.status).toBe('sent');
  });

  it('keeps a 5xx refusal with the server words for the person', async () => {
    const { dir, send } = await setup({ rcpt: () => '550 5.1.1 <b@example.test>: no such user\r\n' });
    const outbox = await Outbox.open(join(dir, 'outbox'), join(dir, 'Sent'));
    await outbox.enqueue(message(['b@example.test']));
    const [done] = await outbox.processDue(send);
    expect(done?.status).toBe('failed');
    expect(done?.recipients[0]).toMatchObject({
      status: 'rejected',
      code: 550,
      text: '<b@example.test>: no such user',
    });
    expect(readdirSync(join(dir, 'outbox/mail/new'))).toHaveLength(1);
  });

  it('marks delivery unknown when the connection breaks after the final dot, and does not resend by itself', async () => {
    const { dir, peer, send } = await setup({ afterData: () => 'drop' });
    const outbox = await Outbox.open(join(dir, 'outbox'), join(dir, 'Sent'));
    const e = await outbox.enqueue(message(['b@example.test']));
    const [done] = await outbox.processDue(send);
    expect(done?.status).toBe('unknown');
    expect(done?.lastError?.code).toBe('DELIVERY_UNKNOWN');
    expect(await outbox.processDue(send, Date.now() + 10 * 86_400_000)).toEqual([]);
    expect(peer.messages).toHaveLength(1);
    const again = await outbox.retry(e.id);
    expect(again.status).toBe('queued');
  });

  it('turns an attempt interrupted by a crash into delivery unknown on reopening', async () => {
    const { dir } = await setup();
    const outbox = await Outbox.open(join(dir, 'outbox'), join(dir, 'Sent'));
    const e = await outbox.enqueue(message(['b@example.test']));
    // A sender that never returns stands for the process dying mid-attempt.
    let started!: () => void;
    const began = new Promise<void>((r) => (started = r));
    void outbox.processDue(() => {
      started();
      return new Promise(() => {});
    });
    await began;
    const state = JSON.parse(readFileSync(join(dir, 'outbox/state', `${e.id}.json`), 'utf8')) as OutboxEntry;
    expect(state.status).toBe('sending');
    const reopened = await Outbox.open(join(dir, 'outbox'), join(dir, 'Sent'));
    expect((await reopened.get(e.id))?.status).toBe('unknown');
  });
});
