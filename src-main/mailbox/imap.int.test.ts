/**
 * An IMAP account through the service against the real Dovecot: add → sync → list →
 * flag → move, with the diffs and counts arriving as (batched) events, the server really
 * changed, and no password in the profile or the events.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deliver, mailboxMessages, resetMailbox, seededMessages } from '../../e2e/servers/env';
import type { Folder } from '../model';
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

/**
 * The flags Dovecot keeps for a message of a user's INBOX, read from its Maildir file name
 * (":2,FLAGS"), found by Message-ID; undefined when no file holds it. A file renamed while
 * we look is skipped (the caller asks again).
 */
function serverFlags(user: string, messageId: string): string | undefined {
  const dir = join(env.mailDir, user, 'Maildir');
  for (const sub of ['cur', 'new']) {
    for (const file of readdirSync(join(dir, sub))) {
      let raw: string;
      try {
        raw = readFileSync(join(dir, sub, file), 'latin1');
      } catch {
        continue;
      }
      if (raw.includes(`<${messageId}>`))
        return file.includes(':2,') ? file.slice(file.indexOf(':2,') + 3) : '';
    }
  }
  return undefined;
}

function flat(folders: readonly Folder[]): Folder[] {
  return folders.flatMap((f) => [f, ...flat(f.children)]);
}

describe('mailbox service, IMAP', () => {
  it('add → sync → list → flag → move: the counts and diffs arrive as events', async () => {
    await resetMailbox('bob', { seed: true });
    const seeded = seededMessages().length;
    h = await openHarness();
    const { service, seen } = h;
    const account = await service.addAccount(testAccount('bob', 'imap'));
    await service.setPassword(account.id, env.users.bob.password);

    const [summary] = await service.syncNow(account.id);
    expect(summary).toMatchObject({ ok: true });
    const folders = flat(await service.listFolders(account.id));
    const inbox = folders.find((f) => f.specialUse === 'inbox' || f.path === 'INBOX');
    expect(inbox?.counts?.total).toBe(seeded);
    expect(seen('folders-changed').at(-1)?.accountId).toBe(account.id);
    const added = seen('message-list-diff')
      .filter((d) => d.folder === 'INBOX')
      .flatMap((d) => d.added);
    expect(added).toHaveLength(seeded);

    const page = await service.pageMessages({ accountId: account.id, folder: 'INBOX', offset: 0, limit: 3 });
    expect(page).toMatchObject({ total: seeded, nextOffset: 3 });

    // Search before any body was opened: the headers every cached row has are searched too.
    const all = await service.pageMessages({ accountId: account.id, folder: 'INBOX', offset: 0, limit: 500 });
    const sample = all.messages.find((m) => /\p{L}{4,}/u.test(m.subject))!;
    const word = /\p{L}{4,}/u.exec(sample.subject)![0];
    const found = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 500,
      search: word.toUpperCase(),
    });
    expect(found.messages.map((m) => m.id)).toContain(sample.id);
    expect(found.total).toBeLessThan(seeded);
    const target = page.messages.find((m) => !m.flags.flagged && m.messageId !== null)!;
    expect(target).toBeDefined();
    expect(serverFlags('bob', target.messageId!)).not.toContain('F');

    // Flag: the cache changes at once, the server too, and an 'updated' diff goes out.
    h.events.length = 0;
    const [flagged] = await service.setFlag(
      { accountId: account.id, folder: 'INBOX', ids: [target.id] },
      'flagged',
      true,
    );
    expect(flagged?.flags.flagged).toBe(true);
    const flagsOnServer = await eventually(
      async () => serverFlags('bob', target.messageId!),
      (flags) => flags?.includes('F') === true,
    );
    expect(flagsOnServer).toContain('F');
    service.flushEvents();
    expect(
      seen('message-list-diff').some(
        (d) => d.folder === 'INBOX' && d.updated.some((m) => m.id === target.id),
      ),
    ).toBe(true);

    const onlyFlagged = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 500,
      filter: 'flagged',
    });
    expect(onlyFlagged.messages.map((m) => m.id)).toContain(target.id);
    expect(onlyFlagged.messages.every((m) => m.flags.flagged)).toBe(true);
    const bySubject = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 500,
      sort: { by: 'subject', direction: 'asc' },
    });
    expect(bySubject.total).toBe(seeded);
    const subjects = bySubject.messages.map((m) => m.subject);
    expect(subjects).toEqual(
      [...subjects].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })),
    );

    // Open it (the body comes on demand), then move it to another folder.
    const detail = await service.getMessage({ accountId: account.id, folder: 'INBOX', id: target.id });
    expect(detail.summary.subject).toBe(target.subject);
    const dest =
      folders.find((f) => f.selectable && f.path !== 'INBOX' && f.specialUse === null) ??
      folders.find((f) => f.selectable && f.path !== 'INBOX');
    expect(dest).toBeDefined();
    h.events.length = 0;
    await service.moveMessages({ accountId: account.id, folder: 'INBOX', ids: [target.id] }, dest!.path);
    service.flushEvents();
    const diffs = seen('message-list-diff');
    expect(diffs.some((d) => d.folder === 'INBOX' && d.removed.includes(target.id))).toBe(true);
    expect(
      diffs.some((d) => d.folder === dest!.path && d.added.some((m) => m.subject === target.subject)),
    ).toBe(true);
    const counts = seen('counts-changed');
    expect(counts.some((c) => c.path === 'INBOX' && c.counts.total === seeded - 1)).toBe(true);

    // A fresh sync from the server agrees: the message left the INBOX there too.
    await service.syncNow(account.id);
    const inboxAfter = await service.pageMessages({
      accountId: account.id,
      folder: 'INBOX',
      offset: 0,
      limit: 500,
    });
    expect(inboxAfter.total).toBe(seeded - 1);
    expect(inboxAfter.messages.some((m) => m.subject === target.subject && m.id === target.id)).toBe(false);
    const moved = await service.pageMessages({
      accountId: account.id,
      folder: dest!.path,
      offset: 0,
      limit: 500,
    });
    const there = moved.messages.find((m) => m.subject === target.subject);
    expect(there?.flags.flagged).toBe(true);

    // A draft goes to the server's Drafts folder (queued, then appended).
    const draft = await service.saveDraft(account.id, {
      to: ['carol@example.test'],
      cc: [],
      bcc: [],
      subject: 'Draft over IMAP',
      text: 'not yet',
    });
    expect(draft.subject).toBe('Draft over IMAP');
    const draftsFolder = folders.find((f) => f.specialUse === 'drafts')!;
    const onServer = await mailboxMessages('bob', draftsFolder.path);
    expect(onServer.filter((m) => m.includes('Draft over IMAP'))).toHaveLength(1);

    expect((await service.protocolLog(account.id)).some((l) => l.protocol === 'imap')).toBe(true);
    await expectNoPasswordAnywhere(h, [env.users.bob.password]);
  });
});

describe('mailbox service, IMAP in the background', () => {
  it('IDLE on the inbox: mail delivered later arrives as new-mail without asking; sent mail is filed in Sent', async () => {
    await resetMailbox('bob', { seed: true });
    h = await openHarness({ background: true });
    const { service, seen } = h;
    const account = await service.addAccount(testAccount('bob', 'imap'));
    await service.setPassword(account.id, env.users.bob.password);
    // The background starts with the account (and fails for want of a password); the
    // password kicks it again. A sync asked for now runs after those and settles the cache.
    await service.syncNow(account.id);
    expect(seen('account-error').some((e) => e.error.code === 'NO_PASSWORD')).toBe(true);
    const token = `idle-${Date.now().toString(36)}`;
    await deliver(
      'bob',
      `From: Dee <dee@example.test>\r\nTo: bob@example.test\r\nSubject: ${token}\r\n\r\nhi\r\n`,
    );
    const arrived = await eventually(
      async () => {
        service.flushEvents();
        return seen('new-mail').flatMap((n) => n.messages.map((m) => m.subject));
      },
      (subjects) => subjects.includes(token),
    );
    expect(arrived).toContain(token);

    const sentToken = `sent-${Date.now().toString(36)}`;
    await service.send(account.id, {
      to: ['carol@example.test'],
      cc: [],
      bcc: [],
      subject: sentToken,
      text: 'filed in Sent\n',
    });
    const folders = flat(await service.listFolders(account.id));
    const sentFolder = folders.find((f) => f.specialUse === 'sent');
    expect(sentFolder).toBeDefined();
    const onServer = await eventually(
      async () =>
        (await mailboxMessages('bob', sentFolder!.path)).filter((m) => m.includes(sentToken)).length,
      (n) => n > 0,
    );
    expect(onServer).toBe(1);
    expect((await service.listOutbox(account.id)).map((e) => e.status)).toEqual(['sent']);
  });
});
