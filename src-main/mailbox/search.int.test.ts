/**
 * Search in an IMAP folder through the service against the real Dovecot: after a sync
 * that opened no message (so no body is in the local index), a word only a body holds is
 * found, because the server is searched too; a word nowhere finds nothing; and with the
 * server out of reach the page holds local results, says so, and is no error.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resetMailbox, seededMessages } from '../../e2e/servers/env';
import { env, openHarness, testAccount, type Harness } from './testing/int-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function split(raw: Buffer): { head: string; body: string } {
  const text = raw.toString('utf8');
  const at = text.indexOf('\r\n\r\n');
  return { head: text.slice(0, at), body: text.slice(at + 4) };
}

/** A port on the mail host's address where nothing listens (taken, then let go). */
async function deadPort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mailbox service, IMAP search', () => {
  it('finds a word of a body never opened (the server is searched); offline, local results and localOnly', async () => {
    await resetMailbox('bob', { seed: true });
    const seeded = seededMessages();
    const heads = seeded.map((m) => split(m.raw).head.toLowerCase()).join('\n');
    // A word of the plain message's body that no seeded header holds: only a body search finds it.
    const plain = seeded.find((m) => m.name === '01-plain')!;
    const word = (split(plain.raw).body.match(/[A-Za-z]{5,}/g) ?? []).find(
      (w) => !heads.includes(w.toLowerCase()),
    );
    expect(word).toBeDefined();
    const holders = seeded
      .filter((m) => split(m.raw).body.toLowerCase().includes(word!.toLowerCase()))
      .map((m) => /^Message-ID: <([^>]+)>/im.exec(split(m.raw).head)![1])
      .sort();
    expect(holders).toContain('seed-01-plain@example.test');

    h = await openHarness();
    const { service } = h;
    const account = await service.addAccount(testAccount('bob', 'imap'));
    await service.setPassword(account.id, env.users.bob.password);
    const [summary] = await service.syncNow(account.id);
    expect(summary).toMatchObject({ ok: true });
    const page = (search: string, limit = 500, offset = 0) =>
      service.pageMessages({ accountId: account.id, folder: 'INBOX', offset, limit, search });

    const found = await page(word!);
    expect(found.localOnly).toBeUndefined();
    expect(found.messages.map((m) => m.messageId).sort()).toEqual(holders);
    expect(found.total).toBe(holders.length);

    // Paged like any page: one row at a time, every hit once.
    const first = await page(word!, 1);
    expect(first.messages).toHaveLength(1);
    expect(first.nextOffset).toBe(holders.length > 1 ? 1 : null);
    const rest = await page(word!, 500, 1);
    expect([...first.messages, ...rest.messages].map((m) => m.messageId).sort()).toEqual(holders);

    // Every word must occur; a non-ASCII body word goes as UTF-8 (CHARSET UTF-8, a literal).
    expect((await page(`${word} zqxwvnowhere`)).total).toBe(0);
    const utf8 = await page('smørrebrød');
    expect(utf8.localOnly).toBeUndefined();
    expect(utf8.messages.map((m) => m.messageId)).toEqual(['seed-03-utf8@example.test']);

    const nowhere = await page(`zqxw${Date.now().toString(36)}`);
    expect(nowhere).toMatchObject({ messages: [], total: 0, nextOffset: null });
    expect(nowhere.localOnly).toBeUndefined();

    // The server out of reach (a port where nothing listens): the header match still
    // finds the subject, the body-only word is not found, the page says localOnly.
    const settings = testAccount('bob', 'imap');
    if (settings.incoming.protocol !== 'imap') throw new Error('an IMAP account was asked for');
    const port = await deadPort(env.mail.host);
    await service.updateAccount(account.id, {
      ...settings,
      incoming: { ...settings.incoming, server: { ...settings.incoming.server, port } },
    });
    const bySubject = await page('Lunch Thursday');
    expect(bySubject.localOnly).toBe(true);
    expect(bySubject.messages.map((m) => m.messageId)).toContain('seed-01-plain@example.test');
    const offline = await page(word!);
    expect(offline).toMatchObject({ messages: [], total: 0, localOnly: true });
  });
});
