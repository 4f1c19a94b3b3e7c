import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexFile, localFolderDir } from '../../src-main/mailbox/layout';
import { MessageIndex } from '../../src-main/store/index/message-index';
import { Maildir } from '../../src-main/store/maildir/maildir';
import { makeProfile, type BenchProfile } from './profile';

// The bench's fixture writes index rows itself (in one transaction, for speed): they must be
// exactly the rows the store makes when it indexes the same Maildir files.
describe('bench/ui profile', () => {
  let profile: BenchProfile | undefined;
  afterEach(async () => {
    if (profile !== undefined) await rm(profile.home, { recursive: true, force: true });
  });

  it("writes the rows the store's own rebuild makes from the same Maildir files", async () => {
    profile = await makeProfile(40);
    const file = indexFile(profile.home, profile.accountId);
    const written = MessageIndex.open(file);
    const ours = written.list('INBOX');
    const oursSearch = written.search('topic 7').map((m) => m.maildirId);
    written.close();
    expect(ours).toHaveLength(40);
    for (const m of ours) expect(existsSync(m.path)).toBe(true);

    const maildir = await Maildir.open(localFolderDir(profile.home, profile.accountId, 'INBOX'), {
      create: false,
    });
    const rebuiltFile = join(profile.home, 'rebuilt.sqlite');
    expect(await MessageIndex.rebuildFile(rebuiltFile, [{ name: 'INBOX', maildir }])).toBe(40);
    const rebuilt = MessageIndex.open(rebuiltFile);
    const theirs = rebuilt.list('INBOX');
    const theirSearch = rebuilt.search('topic 7').map((m) => m.maildirId);
    rebuilt.close();
    expect(ours).toEqual(theirs);
    expect(oursSearch).toEqual(theirSearch);
    expect(oursSearch.length).toBeGreaterThan(0);
  });

  it('holds the messages newest first, every fourth unread and some flagged', async () => {
    profile = await makeProfile(40);
    const index = MessageIndex.open(indexFile(profile.home, profile.accountId));
    try {
      const rows = index.list('INBOX');
      expect(rows.slice(0, 3).map((r) => r.subject)).toEqual(
        [39, 38, 37].map((i) => `Message number ${i} about topic ${i % 113}`),
      );
      expect(rows.filter((r) => !r.flags.includes('S'))).toHaveLength(10); // 0, 4, …, 36
      expect(rows.filter((r) => r.flags.includes('F')).map((r) => r.subject)).toEqual([
        'Message number 29 about topic 29',
      ]);
    } finally {
      index.close();
    }
  });
});
