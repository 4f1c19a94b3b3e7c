/**
 * A throwaway profile (MAILWRIGHT_HOME) holding one POP3 account whose INBOX, a local
 * folder, has `count` messages: a Maildir file and an index row each, laid out as the
 * mailbox service's layout says. The account points at a closed loopback port, so the
 * shell's one sync at start fails at once (no password is stored) and nothing leaves the
 * machine.
 *
 * Speed, not durability: the files are written without fsync and the rows go into the
 * store's schema (created by MessageIndex itself) in one transaction. MessageIndex.put
 * commits (and fsyncs) once per row, which made 100,000 rows take a minute; a fixture
 * needs neither, and the rows are exactly those put() writes (the FTS row included).
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SessionSecretStore } from '../../src-main/accounts/secrets/secret-store';
import { parseEndpoint } from '../../src-main/dns/endpoint';
import { Resolver } from '../../src-main/dns/resolver';
import { createMailboxService } from '../../src-main/mailbox';
import { indexFile, localFolderDir } from '../../src-main/mailbox/layout';
import { MessageIndex } from '../../src-main/store/index/message-index';
import { Maildir } from '../../src-main/store/maildir/maildir';
import { formatName, uniqueName, type MaildirFlag } from '../../src-main/store/maildir/names';

export interface BenchProfile {
  home: string;
  accountId: string;
  count: number;
  /** How long writing the files and rows took. */
  fillMs: number;
}

/** One small message and the facts its index row holds (what extractFacts would find). */
export function benchMessage(i: number, base = Date.UTC(2020, 0, 1)) {
  const date = base + i * 60_000;
  const sender = i % 997;
  const from = `Sender ${sender} <sender${sender}@example.test>`;
  const to = 'Bench <bench@example.test>';
  // The row holds addresses as mailparser writes them back (the display name quoted).
  const subject = `Message number ${i} about topic ${i % 113}`;
  const body = `The body of message ${i}, a few words to fill the second line.\r\n`;
  const raw = Buffer.from(
    `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${new Date(date).toUTCString()}\r\n` +
      `Message-ID: <bench-${i}@example.test>\r\nMIME-Version: 1.0\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}`,
  );
  const flags: MaildirFlag[] = i % 4 === 0 ? [] : i % 29 === 0 ? ['F', 'S'] : ['S'];
  return {
    raw,
    flags,
    facts: {
      messageId: `<bench-${i}@example.test>`,
      date,
      from: `"Sender ${sender}" <sender${sender}@example.test>`,
      to: '"Bench" <bench@example.test>',
      subject,
      snippet: body.trim(),
      bodyText: body.trim(),
      hasAttachments: false,
      size: raw.length,
    },
  };
}

export async function makeProfile(count: number): Promise<BenchProfile> {
  const home = await mkdtemp(join(tmpdir(), 'mw-bench-ui-'));
  // The real service creates the account (settings file, folders, empty index), then closes.
  const service = await createMailboxService({
    home,
    secrets: new SessionSecretStore(),
    resolver: new Resolver({ servers: [parseEndpoint('127.0.0.1:9')], budgetMs: 1000 }),
    background: false,
  });
  let accountId: string;
  try {
    const account = await service.addAccount(
      {
        address: 'bench@example.test',
        displayName: 'Bench',
        incoming: {
          protocol: 'pop3',
          server: { host: '127.0.0.1', port: 1, security: 'none', user: 'bench', auth: 'auto' },
          pop3: {
            mode: 'keep',
            leaveDays: null,
            deleteWhenDeletedLocally: false,
            headersOnlyOverBytes: null,
          },
        },
        outgoing: { kind: 'direct' },
        syncIntervalMinutes: 0,
      },
      'not-a-real-password',
    );
    accountId = account.id;
  } finally {
    await service.close();
  }

  const start = performance.now();
  const maildir = await Maildir.open(localFolderDir(home, accountId, 'INBOX'));
  MessageIndex.open(indexFile(home, accountId)).close(); // the schema, by the store itself
  const db = new Database(indexFile(home, accountId));
  try {
    const insert = db.prepare(
      `INSERT INTO messages (folder, maildir_id, source_id, message_id, date, from_addr, to_addr, subject, snippet,
         flags, size, has_attachments, path) VALUES ('INBOX', ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const fts = db.prepare('INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const m = benchMessage(i);
        const id = uniqueName();
        const path = join(maildir.dir, 'cur', formatName(id, m.flags));
        writeFileSync(path, m.raw, { mode: 0o600 });
        const f = m.facts;
        const row = insert.run(
          id,
          f.messageId,
          f.date,
          f.from,
          f.to,
          f.subject,
          f.snippet,
          m.flags.join(''),
          f.size,
          f.hasAttachments ? 1 : 0,
          path,
        );
        fts.run(row.lastInsertRowid, f.subject, `${f.from} ${f.to}`, f.bodyText);
      }
    })();
  } finally {
    db.close();
  }
  return { home, accountId, count, fillMs: performance.now() - start };
}
