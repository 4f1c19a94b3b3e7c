import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, serverEnv } from '../../e2e/servers/env';
import { submit } from '../smtp/delivery';
import type { ImapClient } from './client';
import { noop } from './commands/capability';
import { uidFetch } from './commands/fetch';
import { idle, type IdleHandle } from './commands/idle';
import { createMailbox, deleteMailbox } from './commands/mailboxes';
import { select } from './commands/select';
import { openAs, sampleMessage, uniqueName } from './int-helpers';
import type { UntaggedData } from './types';

/** Resolves once the selected mailbox holds more than `known` messages; rejects after `ms`. */
function moreThan(client: ImapClient, known: number, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no EXISTS beyond ${known} within ${ms} ms`));
    }, ms);
    const check = (): void => {
      if ((client.mailbox?.exists ?? 0) > known) {
        clearTimeout(timer);
        off();
        resolve();
      }
    };
    const off = client.onUntagged(check);
    check(); // it may have arrived already (e.g. in the last FETCH's responses)
  });
}

describe('IMAP IDLE against Dovecot', () => {
  let carol: ImapClient;
  const folder = uniqueName('Idle');

  beforeAll(async () => {
    carol = await openAs('carol');
    await createMailbox(carol, folder);
  });
  afterAll(async () => {
    if (carol?.state === 'selected') await carol.execute('UNSELECT').catch(() => undefined);
    await deleteMailbox(carol, folder).catch(() => undefined);
    await carol?.logout();
  });

  it('sees a message delivered while idling, then leaves IDLE cleanly', async () => {
    await select(carol, folder);
    expect(carol.mailbox?.exists).toBe(0);
    let resolveExists!: (n: number) => void;
    const existsSeen = new Promise<number>((resolve) => (resolveExists = resolve));
    const handle = await idle(carol, (d: UntaggedData) => {
      if (d.type === 'exists' && d.count > 0) resolveExists(d.count);
    });
    await deliver('carol', sampleMessage('While idling'), folder);
    // A generous bound: the point is that it arrives without polling, not how fast.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no EXISTS within 10 s')), 10_000);
    });
    try {
      expect(await Promise.race([existsSeen, timeout])).toBe(1);
    } finally {
      clearTimeout(timer);
    }
    await handle.done();
    expect(carol.mailbox?.exists).toBe(1);
    // The session is usable after DONE.
    await noop(carol);
    expect(carol.state).toBe('selected');
  });

  // Mail submitted to Postfix (587, STARTTLS, SASL) and handed to Dovecot over LMTP reaches an
  // idling session as an unsolicited EXISTS: no NOOP, no poll. Other suites send mail to carol
  // too, so every EXISTS is checked by fetching what is new until our subject is among it.
  // How fast it arrives (the 2 s) is measured by bench/imap (idle.bench.ts), not here.
  it('reports a message delivered through Postfix while idling on INBOX', async () => {
    const env = serverEnv();
    const sent: string[] = [];
    const watcher = await openAs('carol', {
      transcript: (l) => {
        if (l.direction === 'client') sent.push(l.text);
      },
    });
    let handle: IdleHandle | null = null;
    try {
      const box = await select(watcher, 'INBOX', { readOnly: true });
      const firstNew = box.uidNext ?? 1;
      let known = box.exists;
      const subject = `idle via postfix ${randomUUID()}`;
      handle = await idle(watcher, () => {});
      const report = await submit(
        {
          envelope: { from: 'alice@example.test', to: ['carol@example.test'] },
          raw: sampleMessage(subject),
        },
        {
          host: env.mail.host,
          port: env.mail.submission,
          tls: 'starttls',
          servername: env.mail.hostname,
          ca: env.caPem,
          credentials: { user: env.users.alice.user, password: env.users.alice.password },
        },
      );
      expect(report.accepted).toEqual(['carol@example.test']);

      let found = false;
      // Bounded: at most 10 rounds of new mail, each waited for at most 10 s.
      for (let round = 0; round < 10 && !found; round++) {
        await moreThan(watcher, known, 10_000);
        // Pushed while idling, not polled: the last command we sent is still the IDLE.
        expect(sent.filter((t) => /^A\d+ /.test(t)).at(-1)).toMatch(/^A\d+ IDLE$/);
        await handle!.done(); // set before the loop and at the end of every round that goes on
        handle = null;
        known = watcher.mailbox?.exists ?? known;
        const fresh = await uidFetch(watcher, `${firstNew}:*`, ['ENVELOPE']);
        found = fresh.some((m) => m.attributes.envelope?.subject === subject);
        if (!found) handle = await idle(watcher, () => {});
      }
      expect(found).toBe(true);
    } finally {
      await handle?.done().catch(() => undefined);
      await watcher.logout();
    }
  }, 60_000);
});
