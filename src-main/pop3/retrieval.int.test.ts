import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliver, mailboxMessages, resetMailbox, seededMessages } from '../../e2e/servers/env';
import { Maildir } from '../store/maildir/maildir';
import type { FetchProgress } from './retrieval/fetch';
import { Ledger, LEDGER_FILE } from './retrieval/ledger';
import { downloadFull } from './retrieval/on-demand';
import { openPop3 } from './session';
import {
  bulkDeliver,
  digests,
  fetchInto,
  makeMessage,
  serverCount,
  sessionOptions,
  storedMessages,
  tempDir,
} from './testing/int-helpers';

// Against the real Dovecot from e2e/servers (start it with `bash e2e/servers/start.sh`).
const seeded = () => seededMessages().map((m) => m.raw);
let dir: string;

beforeEach(async () => {
  dir = await tempDir('mw-pop3-int-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('POP3 retrieval against Dovecot', () => {
  it('keep mode twice: everything once, nothing the second time, the server unchanged', async () => {
    await resetMailbox('pop1', { seed: true });
    const n = seeded().length;
    expect(n).toBeGreaterThan(3);
    const progress: FetchProgress[] = [];
    const first = await fetchInto(dir, 'pop1', 'keep', { onProgress: (p) => progress.push(p) });
    expect(first).toMatchObject({
      downloaded: n,
      deletedOnServer: 0,
      alreadyHad: 0,
      usedFingerprints: false,
    });
    expect(progress.at(-1)).toMatchObject({ phase: 'download', done: n, total: n });
    expect(progress.at(-1)?.bytes).toBe(progress.at(-1)?.totalBytes);
    const second = await fetchInto(dir, 'pop1', 'keep');
    expect(second).toMatchObject({ downloaded: 0, deletedOnServer: 0, alreadyHad: n });
    expect(await serverCount('pop1')).toBe(n);
    expect(digests(await storedMessages(dir))).toEqual(digests(seeded()));
  });

  it('delete mode: the server ends empty, every message stored once and byte-identical', async () => {
    await resetMailbox('pop1', { seed: true });
    const raw = seeded();
    // The seed holds what makes POP3 hard: dot lines, 8-bit, a big attachment, an empty body.
    expect(raw.some((m) => m.includes('\r\n.'))).toBe(true);
    expect(raw.some((m) => m.length > 2_000_000)).toBe(true);
    expect(raw.some((m) => m.some((byte) => byte > 0x7f))).toBe(true);
    expect(raw.some((m) => m.subarray(m.indexOf('\r\n\r\n') + 4).length === 0)).toBe(true);
    const r = await fetchInto(dir, 'pop1', 'delete');
    expect(r).toMatchObject({ downloaded: raw.length, deletedOnServer: raw.length, alreadyHad: 0 });
    expect(await serverCount('pop1')).toBe(0);
    expect(await mailboxMessages('pop1')).toEqual([]);
    expect(digests(await storedMessages(dir))).toEqual(digests(raw));
    // Nothing left to do the next time.
    expect(await fetchInto(dir, 'pop1', 'delete')).toMatchObject({
      downloaded: 0,
      deletedOnServer: 0,
      onServer: 0,
    });
  });

  it('switching keep → delete deletes what is stored without storing it again', async () => {
    await resetMailbox('pop2', { seed: true });
    const raw = seeded();
    await fetchInto(dir, 'pop2', 'keep');
    await deliver('pop2', makeMessage(1));
    const r = await fetchInto(dir, 'pop2', 'delete');
    expect(r).toMatchObject({ downloaded: 1, deletedOnServer: raw.length + 1, alreadyHad: raw.length });
    expect(await serverCount('pop2')).toBe(0);
    expect(digests(await storedMessages(dir))).toEqual(
      digests([...raw, makeMessageFrom(await storedMessages(dir), 'bulk 1')]),
    );
  });

  it('a message moved to another local folder counts as stored: keep → delete does not download it again', async () => {
    await resetMailbox('pop2', { seed: true });
    const raw = seeded();
    await fetchInto(dir, 'pop2', 'keep');
    const inbox = await Maildir.open(dir);
    const archive = await Maildir.open(join(dir, '.Archive'));
    const [moved] = await inbox.list();
    await inbox.moveTo(moved?.id ?? '', archive);
    // Moving is not deleting: with the option on, keep mode leaves the moved one on the server.
    expect(
      await fetchInto(dir, 'pop2', 'keep', { deleteWhenDeletedLocally: true, storedElsewhere: [archive] }),
    ).toMatchObject({ downloaded: 0, deletedOnServer: 0 });
    expect(await fetchInto(dir, 'pop2', 'delete', { storedElsewhere: [archive] })).toMatchObject({
      downloaded: 0,
      deletedOnServer: raw.length,
      alreadyHad: raw.length,
    });
    expect(await serverCount('pop2')).toBe(0);
    const everywhere = [...(await storedMessages(dir)), ...(await storedMessages(join(dir, '.Archive')))];
    expect(digests(everywhere)).toEqual(digests(raw));
  });

  it('switching delete → keep leaves later mail on the server and never downloads it twice', async () => {
    await resetMailbox('pop2');
    await deliver('pop2', makeMessage(1));
    expect(await fetchInto(dir, 'pop2', 'delete')).toMatchObject({ downloaded: 1, deletedOnServer: 1 });
    await deliver('pop2', makeMessage(2));
    await deliver('pop2', makeMessage(3));
    expect(await fetchInto(dir, 'pop2', 'keep')).toMatchObject({ downloaded: 2, deletedOnServer: 0 });
    expect(await fetchInto(dir, 'pop2', 'keep')).toMatchObject({ downloaded: 0, alreadyHad: 2 });
    expect(await serverCount('pop2')).toBe(2);
    expect((await storedMessages(dir)).length).toBe(3);
  });

  it('keep mode deletes after N days and when deleted locally, only what is stored or asked for', async () => {
    await resetMailbox('pop2');
    for (let i = 0; i < 3; i++) await deliver('pop2', makeMessage(i));
    await fetchInto(dir, 'pop2', 'keep');
    // Not old enough yet: nothing goes.
    expect(await fetchInto(dir, 'pop2', 'keep', { deleteAfterDays: 30 })).toMatchObject({
      deletedOnServer: 0,
    });
    // Delete one local copy: with the option, its server copy goes at the next fetch.
    const md = await Maildir.open(dir);
    const [first] = await md.list();
    await md.delete(first?.id ?? '');
    expect(await fetchInto(dir, 'pop2', 'keep', { deleteWhenDeletedLocally: true })).toMatchObject({
      downloaded: 0,
      deletedOnServer: 1,
    });
    expect(await serverCount('pop2')).toBe(2);
    const later = Date.now() + 31 * 86_400_000;
    expect(await fetchInto(dir, 'pop2', 'keep', { deleteAfterDays: 30, now: () => later })).toMatchObject({
      deletedOnServer: 2,
    });
    expect(await serverCount('pop2')).toBe(0);
    expect((await storedMessages(dir)).length).toBe(2);
  });

  it('stores headers only above a size limit and never deletes such a message', async () => {
    await resetMailbox('pop3', { seed: true });
    const raw = seeded();
    const big = raw.filter((m) => m.length > 1_000_000).length;
    expect(big).toBeGreaterThan(0);
    const r = await fetchInto(dir, 'pop3', 'delete', { headersOnlyOver: 1_000_000 });
    expect(r).toMatchObject({ downloaded: raw.length, headersOnly: big, deletedOnServer: raw.length - big });
    expect(await serverCount('pop3')).toBe(big);
    const partial = (await storedMessages(dir)).filter((m) =>
      m.includes('X-Mailwright-Partial: headers only'),
    );
    expect(partial).toHaveLength(big);
    expect(partial.every((m) => m.length < 100_000)).toBe(true);
    // On demand: one partial copy becomes the whole message; the server keeps it.
    const ledger = Ledger.open(join(dir, LEDGER_FILE), 'pop3@test');
    const md = await Maildir.open(dir);
    const partialRow = [...ledger.all().values()].find((r) => r.headersOnly);
    expect(partialRow).toBeDefined();
    const entry = await downloadFull(await openPop3(sessionOptions('pop3')), {
      ledger,
      maildir: md,
      uid: partialRow?.uid ?? '',
    });
    expect(raw.some((m) => m.equals(readFileSync(entry.path)))).toBe(true);
    expect(ledger.get(partialRow?.uid ?? '')).toMatchObject({ headersOnly: false, state: 'kept' });
    expect(await md.find(partialRow?.maildirId ?? '')).toBeUndefined();
    ledger.close();
    expect(await serverCount('pop3')).toBe(big);
    // Without the limit, whatever is still partial comes whole, and everything stored goes.
    expect(await fetchInto(dir, 'pop3', 'delete')).toMatchObject({
      downloaded: big - 1,
      deletedOnServer: big,
    });
    expect(await serverCount('pop3')).toBe(0);
    expect(digests(await storedMessages(dir))).toEqual(digests(raw));
  });

  it('1,000 messages: keep, keep again, then delete', async () => {
    await resetMailbox('pop4');
    const messages = Array.from({ length: 1000 }, (_, i) => makeMessage(i, 2000));
    await bulkDeliver('pop4', messages);
    expect(await fetchInto(dir, 'pop4', 'keep')).toMatchObject({ downloaded: 1000, onServer: 1000 });
    expect(await fetchInto(dir, 'pop4', 'keep')).toMatchObject({ downloaded: 0, alreadyHad: 1000 });
    expect(await fetchInto(dir, 'pop4', 'delete')).toMatchObject({ downloaded: 0, deletedOnServer: 1000 });
    expect(await serverCount('pop4')).toBe(0);
    expect(digests(await storedMessages(dir))).toEqual(digests(messages));
  });
});

/** The one stored message whose subject says `subject` (for messages built per run). */
function makeMessageFrom(stored: Buffer[], subject: string): Buffer {
  const found = stored.filter((m) => m.includes(`Subject: ${subject}\r\n`));
  expect(found).toHaveLength(1);
  return found[0] as Buffer;
}
