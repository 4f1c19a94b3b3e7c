/**
 * The mailbox service against the real servers from e2e/servers (Dovecot POP3 here):
 * accounts are added through the service, names resolve through our resolver on the test
 * DNS, passwords live in the session secret store (no keychain is needed, none is faked).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deliver, mailboxMessages, resetMailbox } from '../../e2e/servers/env';
import type { MessageListDiff } from '../model';
import { env, expectNoPasswordAnywhere, openHarness, testAccount, type Harness } from './testing/int-helpers';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('mailbox service, POP3', () => {
  it('keep mode fetches and leaves mail; switched to delete, the server ends empty and local mail stays', async () => {
    await resetMailbox('pop2', { seed: true });
    const onServer = (await mailboxMessages('pop2')).length;
    expect(onServer).toBeGreaterThan(2);
    h = await openHarness();
    const { service, seen } = h;
    const account = await service.addAccount(testAccount('pop2', 'pop3'));
    await service.setPassword(account.id, env.users.pop2.password);

    const [first] = await service.syncNow(account.id);
    expect(first).toMatchObject({ ok: true, downloaded: onServer, deletedOnServer: 0 });
    expect((await mailboxMessages('pop2')).length).toBe(onServer);
    const page = await service.pageMessages({ accountId: account.id, folder: 'INBOX', offset: 0, limit: 2 });
    expect(page.total).toBe(onServer);
    expect(page.messages).toHaveLength(2);
    expect(page.nextOffset).toBe(2);
    const diffs = seen('message-list-diff').filter((d) => d.folder === 'INBOX');
    expect(diffs.flatMap((d) => d.added)).toHaveLength(onServer);
    expect(seen('counts-changed').at(-1)).toMatchObject({ path: 'INBOX', counts: { total: onServer } });
    expect(seen('sync-progress').some((p) => p.phase === 'fetching-bodies')).toBe(true);

    const switched = await service.setPop3Mode(account.id, 'delete');
    expect(switched.incoming).toMatchObject({ protocol: 'pop3', pop3: { mode: 'delete' } });
    const [second] = await service.syncNow(account.id);
    expect(second).toMatchObject({ ok: true, downloaded: 0, deletedOnServer: onServer });
    expect(await mailboxMessages('pop2')).toEqual([]);
    const after = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 500,
    });
    expect(after.total).toBe(onServer);
    // Still readable: the whole message is here.
    const first1 = after.messages[0]!;
    const detail = await service.getMessage({ accountId: account.id, folder: 'INBOX', id: first1.id });
    expect(detail.summary.id).toBe(first1.id);
    expect(detail.headers.length).toBeGreaterThan(0);
    // The seed's big attachment: listed with the message, its bytes only on request.
    const withFile = after.messages.find((m) => m.hasAttachments)!;
    expect(withFile).toBeDefined();
    const opened = await service.getMessage({ accountId: account.id, folder: 'INBOX', id: withFile.id });
    const file = opened.attachments.find((a) => !a.inline)!;
    expect(file.size).toBeGreaterThan(1_000_000);
    const content = await service.getAttachment(
      { accountId: account.id, folder: 'INBOX', id: withFile.id },
      file.index,
    );
    expect(Buffer.from(content.base64, 'base64').length).toBe(file.size);
    await expect(
      service.getAttachment({ accountId: account.id, folder: 'INBOX', id: withFile.id }, 99),
    ).rejects.toMatchObject({ kind: 'not-found' });

    // A draft is kept in the local Drafts folder, flagged as a draft.
    const draft = await service.saveDraft(account.id, {
      to: ['someone@example.test'],
      cc: [],
      bcc: [],
      subject: 'Half written',
      text: 'to be continued',
    });
    expect(draft).toMatchObject({ folder: 'Drafts', subject: 'Half written', flags: { draft: true } });
    const drafts = await service.pageMessages({
      accountId: account.id,
      folder: 'Drafts',
      offset: 0,
      limit: 5,
    });
    expect(drafts.messages.map((m) => m.id)).toEqual([draft.id]);

    // The protocol log saw the session, without the password.
    const log = await service.protocolLog(account.id);
    expect(
      log.some((l) => l.protocol === 'pop3' && l.direction === 'client' && /^(RETR|DELE) /.test(l.text)),
    ).toBe(true);
    expect(seen('protocol-log').length).toBeGreaterThan(0);
    // The server's name went through our resolver, and the inspector shows it.
    expect(log.some((l) => l.protocol === 'dns' && l.text.startsWith(`${env.mail.hostname} A?`))).toBe(true);
    await expectNoPasswordAnywhere(h, [env.users.pop2.password]);
  });

  it('flags, moves to Trash, searches the index, and reports a missing password as an auth error', async () => {
    await resetMailbox('pop2');
    const token = `zebra${Date.now().toString(36)}`;
    await deliver(
      'pop2',
      `From: x@example.test\r\nTo: pop2@example.test\r\nSubject: hello\r\n\r\nthe word ${token} is here\r\n`,
    );
    await deliver(
      'pop2',
      'From: y@example.test\r\nTo: pop2@example.test\r\nSubject: other\r\n\r\nnothing\r\n',
    );
    h = await openHarness();
    const { service, seen } = h;
    const account = await service.addAccount(testAccount('pop2', 'pop3'));
    const [nopw] = await service.syncNow(account.id);
    expect(nopw).toMatchObject({ ok: false, error: { kind: 'auth', code: 'NO_PASSWORD' } });
    expect(seen('account-error').at(-1)).toMatchObject({ accountId: account.id, error: { kind: 'auth' } });

    await service.setPassword(account.id, env.users.pop2.password);
    expect((await service.syncNow(account.id))[0]).toMatchObject({ ok: true, downloaded: 2 });
    const found = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 10,
      search: token,
    });
    expect(found.messages.map((m) => m.subject)).toEqual(['hello']);
    const hit = found.messages[0]!;
    const ref = { accountId: account.id, folder: 'INBOX', ids: [hit.id] };
    const [flagged] = await service.setFlag(ref, 'flagged', true);
    expect(flagged?.flags.flagged).toBe(true);
    const onlyFlagged = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 10,
      filter: 'flagged',
    });
    expect(onlyFlagged.messages.map((m) => m.id)).toEqual([hit.id]);
    await service.deleteMessages(ref);
    service.flushEvents();
    const inbox = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 10,
    });
    expect(inbox.messages.map((m) => m.subject)).toEqual(['other']);
    const trash = await service.pageMessages({
      accountId: account.id,
      folder: 'Trash',
      offset: 0,
      limit: 10,
    });
    expect(trash.messages.map((m) => m.subject)).toEqual(['hello']);
    const diffs = seen('message-list-diff');
    expect(diffs.some((d: MessageListDiff) => d.folder === 'INBOX' && d.removed.includes(hit.id))).toBe(true);
    expect(
      diffs.some((d: MessageListDiff) => d.folder === 'Trash' && d.added.some((m) => m.id === hit.id)),
    ).toBe(true);
    expect(
      seen('counts-changed')
        .filter((c) => c.path === 'Trash')
        .at(-1)?.counts.total,
    ).toBe(1);
  });
});

describe('mailbox service, POP3 mail moved out of the INBOX', () => {
  async function deliverThree(): Promise<void> {
    await resetMailbox('pop2');
    for (const n of ['one', 'two', 'three'])
      await deliver('pop2', `From: m@example.test\r\nTo: pop2@example.test\r\nSubject: ${n}\r\n\r\n${n}\r\n`);
  }
  async function subjects(service: Harness['service'], accountId: string, folder: string) {
    const page = await service.pageMessages({ accountId, folder, offset: 0, limit: 50 });
    return page.messages.map((m) => m.subject).sort();
  }

  it('in Trash it is still stored: keep leaves it on the server, delete removes it there, nothing is downloaded twice', async () => {
    await deliverThree();
    h = await openHarness();
    const { service } = h;
    const account = await service.addAccount(testAccount('pop2', 'pop3'));
    await service.setPassword(account.id, env.users.pop2.password);
    expect((await service.syncNow(account.id))[0]).toMatchObject({ ok: true, downloaded: 3 });
    const two = (
      await service.pageMessages({ accountId: account.id, folder: 'INBOX', offset: 0, limit: 9 })
    ).messages.find((m) => m.subject === 'two')!;
    await service.deleteMessages({ accountId: account.id, folder: 'INBOX', ids: [two.id] });

    // Keep mode without "delete on the server when deleted locally": the server keeps it.
    expect((await service.syncNow(account.id))[0]).toMatchObject({
      ok: true,
      downloaded: 0,
      deletedOnServer: 0,
    });
    expect(await mailboxMessages('pop2')).toHaveLength(3);

    await service.setPop3Mode(account.id, 'delete');
    expect((await service.syncNow(account.id))[0]).toMatchObject({
      ok: true,
      downloaded: 0,
      deletedOnServer: 3,
    });
    expect(await mailboxMessages('pop2')).toEqual([]);
    expect(await subjects(service, account.id, 'INBOX')).toEqual(['one', 'three']);
    expect(await subjects(service, account.id, 'Trash')).toEqual(['two']);
  });

  it('keep mode with "delete on the server when deleted locally": moving to Trash deletes it there', async () => {
    await deliverThree();
    h = await openHarness();
    const { service } = h;
    const s = testAccount('pop2', 'pop3');
    if (s.incoming.protocol === 'pop3' && s.incoming.pop3.mode === 'keep')
      s.incoming.pop3.deleteWhenDeletedLocally = true;
    const account = await service.addAccount(s);
    await service.setPassword(account.id, env.users.pop2.password);
    expect((await service.syncNow(account.id))[0]).toMatchObject({ ok: true, downloaded: 3 });
    const two = (
      await service.pageMessages({ accountId: account.id, folder: 'INBOX', offset: 0, limit: 9 })
    ).messages.find((m) => m.subject === 'two')!;
    await service.deleteMessages({ accountId: account.id, folder: 'INBOX', ids: [two.id] });

    expect((await service.syncNow(account.id))[0]).toMatchObject({
      ok: true,
      downloaded: 0,
      deletedOnServer: 1,
    });
    const left = await mailboxMessages('pop2');
    expect(left.map((m) => /Subject: (\w+)/.exec(m.toString())?.[1]).sort()).toEqual(['one', 'three']);
    expect(await subjects(service, account.id, 'Trash')).toEqual(['two']);
  });
});

describe('mailbox service, POP3 headers only', () => {
  it('stores big mail as headers only, marks it partial, and fetches the rest on request', async () => {
    await resetMailbox('pop2', { seed: true });
    h = await openHarness();
    const { service, seen } = h;
    const s = testAccount('pop2', 'pop3');
    if (s.incoming.protocol === 'pop3') s.incoming.pop3.headersOnlyOverBytes = 1_000_000;
    const account = await service.addAccount(s);
    await service.setPassword(account.id, env.users.pop2.password);
    expect((await service.syncNow(account.id))[0]).toMatchObject({ ok: true });
    const page = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 100,
    });
    const partial = page.messages.filter((m) => m.partial);
    expect(partial).toHaveLength(1);
    const big = partial[0]!;
    expect(big.size).toBeGreaterThan(1_000_000);

    h.events.length = 0;
    const whole = await service.downloadFull({ accountId: account.id, folder: 'INBOX', id: big.id });
    expect(whole).toMatchObject({ partial: false, subject: big.subject });
    expect(whole.id).not.toBe(big.id);
    service.flushEvents();
    expect(
      seen('message-list-diff').some(
        (d) => d.removed.includes(big.id) && d.added.some((m) => m.id === whole.id),
      ),
    ).toBe(true);
    const opened = await service.getMessage({ accountId: account.id, folder: 'INBOX', id: whole.id });
    expect(opened.attachments.some((a) => a.size > 1_000_000)).toBe(true);
    const after = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 100,
    });
    expect(after.total).toBe(page.total);
    expect(after.messages.some((m) => m.partial)).toBe(false);
  });
});
