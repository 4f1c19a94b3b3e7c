import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../e2e/servers/env';
import type { ImapClient } from './client';
import { noop } from './commands/capability';
import { idle } from './commands/idle';
import { createMailbox, deleteMailbox } from './commands/mailboxes';
import { select } from './commands/select';
import { openAs, sampleMessage, uniqueName } from './int-helpers';
import type { UntaggedData } from './types';

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
});
