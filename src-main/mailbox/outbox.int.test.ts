/**
 * Sending through the service's outbox while Postfix's submission service is down, then
 * up again, with the account's settings unchanged throughout: the account points at a
 * small gate on the mail host that is first closed (connection refused), then answers
 * "421 4.3.2" as a Postfix shutting down does, then passes every byte to the real Postfix
 * submission port. The message waits on disk (queued, with the reason) through both
 * failures, goes once the gate opens, arrives once in the recipient's Dovecot INBOX, and a
 * further sync sends nothing again. The gate stands in only for "the server is down": the
 * real Postfix cannot be stopped here (other test runs share it).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
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
let gate: Gate | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await gate?.close();
  gate = undefined;
});

/**
 * The submission service as the account sees it, on one fixed port of the mail host:
 * 'refused' (nothing listens), '421' (greets with a temporary refusal and hangs up), or
 * 'up' (a byte pipe to the real Postfix submission port; STARTTLS and the certificate
 * check pass through untouched).
 */
interface Gate {
  port: number;
  set(state: 'refused' | '421' | 'up'): Promise<void>;
  close(): Promise<void>;
}

async function openGate(): Promise<Gate> {
  let state: 'refused' | '421' | 'up' = 'refused';
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    return s;
  };
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const srv = createServer((client) => {
        track(client);
        if (state === '421') {
          client.end('421 4.3.2 mail.example.test Service shutting down, try again later\r\n');
          return;
        }
        const upstream = track(connect({ host: env.mail.host, port: env.mail.submission }));
        client.pipe(upstream).pipe(client);
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      srv.once('error', reject);
      srv.listen(port, env.mail.host, () => resolve(srv));
    });
  const stop = async () => {
    for (const s of sockets) s.destroy();
    if (server !== undefined) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  };
  // A free port: bound once to learn it, then left closed ('refused').
  const probe = await listen(0);
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return {
    port,
    async set(next) {
      state = next;
      if (next === 'refused') await stop();
      else server ??= await listen(port);
    },
    close: stop,
  };
}

async function copiesOf(token: string): Promise<number> {
  return (await mailboxMessages('carol')).filter((m) => m.includes(token)).length;
}

describe('mailbox service, outbox', () => {
  it('queued while the server refuses connections, then answers 421; delivered exactly once when it is back', async () => {
    gate = await openGate();
    h = await openHarness();
    const { service, seen } = h;
    const account = await service.addAccount(testAccount('alice', 'pop3', gate.port));
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
    // Connection refused: the background attempt fails; the message stays, queued, with the reason.
    const afterTry = await eventually(
      () => service.listOutbox(account.id),
      // attempts counts from the start of an attempt: wait until it has ended, too.
      (list) => list[0]?.status === 'queued' && list[0].attempts >= 1,
    );
    expect(afterTry).toHaveLength(1);
    expect(afterTry[0]).toMatchObject({ status: 'queued', lastError: { kind: 'network' } });
    expect(afterTry[0]?.nextAttemptAt).not.toBeNull();
    service.flushEvents();
    expect(seen('account-error').some((e) => e.error.kind === 'network')).toBe(true);

    // A 4xx greeting (the server is going down): still queued, with the server's own words.
    await gate.set('421');
    const [refused] = await service.syncNow(account.id);
    expect(refused).toMatchObject({ ok: false, sent: 0 });
    const after421 = await service.listOutbox(account.id);
    expect(after421).toHaveLength(1);
    expect(after421[0]).toMatchObject({ status: 'queued', lastError: { kind: 'server-said-no' } });
    expect(after421[0]?.lastError?.serverText).toContain('Service shutting down');
    expect(after421[0]!.attempts).toBeGreaterThan(afterTry[0]!.attempts);
    expect(await copiesOf(token)).toBe(0);

    // The server is back, the settings unchanged: a sync sends it.
    await gate.set('up');
    const [sync] = await service.syncNow(account.id);
    expect(sync).toMatchObject({ ok: true, sent: 1 });
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
