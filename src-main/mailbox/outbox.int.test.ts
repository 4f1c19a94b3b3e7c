/**
 * Sending through the service's outbox with Postfix's submission port unreachable, then
 * reachable: the message waits on disk (queued, with the network error), goes once the
 * account points at the real submission port, arrives once in the recipient's Dovecot
 * INBOX, and a further sync sends nothing again. Real Postfix and Dovecot; the
 * unreachable server is a closed port on the mail host.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mailboxMessages } from '../../e2e/servers/env';
import {
  env,
  eventually,
  expectNoPasswordAnywhere,
  openHarness,
  testAccount,
  type Harness,
} from './testing/int-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A port on 127.0.1.1 that nothing listens on: bound once by us, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, env.mail.host, resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function copiesOf(token: string): Promise<number> {
  return (await mailboxMessages('carol')).filter((m) => m.includes(token)).length;
}

describe('mailbox service, outbox', () => {
  it('queued while the server is unreachable, delivered exactly once when it is back', async () => {
    h = await openHarness();
    const { service, seen } = h;
    const down = await closedPort();
    const account = await service.addAccount(testAccount('alice', 'pop3', down));
    await service.setPassword(account.id, env.users.alice.password);
    const token = `outbox-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

    const queued = await service.send(account.id, {
      to: ['Carol <carol@example.test>'],
      cc: [],
      bcc: [],
      subject: `Subject ${token}`,
      text: `Body ${token}\n`,
    });
    expect(queued).toMatchObject({ status: 'queued', attempts: 0 });
    // The background attempt fails on the closed port; the message stays, queued, with the reason.
    const afterTry = await eventually(
      () => service.listOutbox(account.id),
      (list) => list[0]?.attempts === 1,
    );
    expect(afterTry).toHaveLength(1);
    expect(afterTry[0]).toMatchObject({ status: 'queued', attempts: 1, lastError: { kind: 'network' } });
    expect(afterTry[0]?.nextAttemptAt).not.toBeNull();
    service.flushEvents();
    expect(seen('account-error').some((e) => e.error.kind === 'network')).toBe(true);
    expect(await copiesOf(token)).toBe(0);

    // The server is "back": the account points at the real submission port.
    const { id: _id, ...s } = account;
    await service.updateAccount(account.id, { ...s, outgoing: testAccount('alice', 'pop3').outgoing });
    const [sync] = await service.syncNow(account.id);
    expect(sync).toMatchObject({ sent: 1 });
    const outbox = await service.listOutbox(account.id);
    expect(outbox.map((e) => e.status)).toEqual(['sent']);
    expect(outbox[0]?.recipients).toEqual([{ address: 'carol@example.test', status: 'accepted' }]);
    expect(
      await eventually(
        () => copiesOf(token),
        (n) => n >= 1,
      ),
    ).toBe(1);

    // Sent mail is in the account's Sent folder; another sync sends nothing again.
    const sent = await service.pageMessages({ accountId: account.id, folder: 'Sent', offset: 0, limit: 10 });
    expect(sent.messages.map((m) => m.subject)).toEqual([`Subject ${token}`]);
    const [again] = await service.syncNow(account.id);
    expect(again).toMatchObject({ sent: 0 });
    expect(await copiesOf(token)).toBe(1);
    await expectNoPasswordAnywhere(h, [env.users.alice.password]);
  });
});
