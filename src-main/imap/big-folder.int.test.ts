import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnv } from '../../e2e/servers/env';
import { runCli } from '../cli/main';
import type { ImapClient } from './client';
import { appendMany } from './commands/append';
import { uidFetch } from './commands/fetch';
import { createMailbox, deleteMailbox } from './commands/mailboxes';
import { select } from './commands/select';
import { cliFlags, openAs, uniqueName } from './int-helpers';

const COUNT = 10_000;

describe('a 10,000-message folder', () => {
  let carol: ImapClient;
  const folder = uniqueName('Big');

  beforeAll(async () => {
    carol = await openAs('carol');
    await createMailbox(carol, folder);
    // Fill it fast: MULTIAPPEND batches of 1,000 (one server transaction each), pipelined.
    const batches: Promise<string | null>[] = [];
    for (let start = 1; start <= COUNT; start += 1000) {
      const batch: Buffer[] = [];
      for (let i = start; i < start + 1000 && i <= COUNT; i++) {
        batch.push(
          Buffer.from(
            `From: Sender ${i} <s${i}@example.test>\r\nTo: carol@example.test\r\nSubject: Message ${i}\r\n` +
              `Date: Thu, 26 Nov 2026 12:00:00 +0000\r\nMessage-ID: <big-${i}@example.test>\r\n\r\nBody ${i}\r\n`,
          ),
        );
      }
      batches.push(appendMany(carol, folder, batch));
    }
    await Promise.all(batches);
  }, 120_000);

  afterAll(async () => {
    if (carol?.state === 'selected') await carol.execute('UNSELECT').catch(() => undefined);
    await deleteMailbox(carol, folder).catch(() => undefined);
    await carol?.logout();
  }, 60_000);

  it('fetches UID, FLAGS, ENVELOPE, RFC822.SIZE, BODYSTRUCTURE of all with no hole or duplicate', async () => {
    const box = await select(carol, folder, { readOnly: true });
    expect(box.exists).toBe(COUNT);
    const all = await uidFetch(carol, '1:*', ['UID', 'FLAGS', 'ENVELOPE', 'RFC822.SIZE', 'BODYSTRUCTURE']);
    expect(all).toHaveLength(COUNT);
    const subjects = new Set(all.map((m) => m.attributes.envelope?.subject));
    expect(subjects.size).toBe(COUNT);
    expect(subjects.has('Message 1')).toBe(true);
    expect(subjects.has(`Message ${COUNT}`)).toBe(true);
    expect(
      all.every((m) => m.attributes.bodyStructure?.type === 'single' && (m.attributes.rfc822Size ?? 0) > 0),
    ).toBe(true);
    // Streaming: the same messages, handed over one by one, none kept by uidFetch.
    const streamed = new Set<number>();
    const kept = await uidFetch(carol, '1:*', ['UID', 'FLAGS'], { onMessage: (m) => streamed.add(m.uid) });
    expect(kept).toEqual([]);
    expect(streamed.size).toBe(COUNT);
  }, 60_000);

  it('mailwright imap list shows the newest first, whole or limited', async () => {
    const env = serverEnv();
    const out: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => out.push(t),
      env: { PW: env.users.carol.password },
    };
    const conn = cliFlags('carol');
    expect(await runCli(['imap', 'list', '--folder', folder, '--limit', '25', '--json', ...conn], io)).toBe(
      0,
    );
    const limited = JSON.parse(out.join('')) as {
      uid: number;
      subject: string;
      from: string;
      size: number;
      date: string;
    }[];
    expect(limited).toHaveLength(25);
    expect(limited[0]).toMatchObject({
      subject: `Message ${COUNT}`,
      from: `Sender ${COUNT} <s${COUNT}@example.test>`,
      date: '2026-11-26T12:00:00.000Z',
    });
    expect(limited.map((r) => r.uid)).toEqual(limited.map((r) => r.uid).sort((a, b) => b - a));
    out.length = 0;
    expect(await runCli(['imap', 'list', '--folder', folder, '--json', ...conn], io)).toBe(0);
    const whole = JSON.parse(out.join('')) as { uid: number }[];
    expect(whole).toHaveLength(COUNT);
    expect(new Set(whole.map((r) => r.uid)).size).toBe(COUNT);
  }, 60_000);
});
