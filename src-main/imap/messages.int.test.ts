import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxMessages, seededMessages } from '../../e2e/servers/env';
import type { ImapClient } from './client';
import { append } from './commands/append';
import { uidMove } from './commands/copy-move';
import { uidFetch } from './commands/fetch';
import { createMailbox, deleteMailbox } from './commands/mailboxes';
import { uidSearch } from './commands/search';
import { select } from './commands/select';
import { uidStore } from './commands/store';
import { parseInternalDate } from './display';
import { openAs, sampleMessage, uniqueName } from './int-helpers';
import { raw } from './serialize';

describe('IMAP messages against Dovecot', () => {
  let carol: ImapClient;
  let other: ImapClient;
  const base = uniqueName('Msgs');
  const folderA = `${base}/A`;
  const folderB = `${base}/B`;

  beforeAll(async () => {
    carol = await openAs('carol', { enable: ['CONDSTORE'] });
    other = await openAs('carol');
    await createMailbox(carol, folderA);
    await createMailbox(carol, folderB);
  });
  afterAll(async () => {
    for (const f of [folderA, folderB, base]) await deleteMailbox(carol, f).catch(() => undefined);
    await carol?.logout();
    await other?.logout();
  });

  it('APPENDs (pipelined) and FETCHes back every seeded message byte for byte', async () => {
    const seeds = seededMessages();
    expect(seeds.length).toBeGreaterThanOrEqual(5);
    // All APPENDs go out without waiting for each other (LITERAL+ on Dovecot).
    const results = await Promise.all(seeds.map((s) => append(carol, folderA, s.raw, { flags: ['\\Seen'] })));
    expect(results.every((r) => r.uid !== null && r.uidValidity !== null)).toBe(true);
    const uids = results.map((r) => r.uid!);
    expect(new Set(uids).size).toBe(seeds.length);

    await select(carol, folderA);
    expect(carol.mailbox?.exists).toBe(seeds.length);
    expect(carol.mailbox?.uidValidity).toBe(results[0]?.uidValidity);
    const fetched = await uidFetch(carol, '1:*', [
      'BODY.PEEK[]',
      'RFC822.SIZE',
      'ENVELOPE',
      'BODYSTRUCTURE',
      'FLAGS',
    ]);
    expect(fetched).toHaveLength(seeds.length);
    fetched.sort((a, b) => a.uid - b.uid);
    seeds.forEach((seed, i) => {
      const m = fetched[i]!;
      expect(m.uid).toBe(uids[i]);
      expect(m.attributes.sections?.[0]?.data?.equals(seed.raw), seed.name).toBe(true);
      expect(m.attributes.rfc822Size).toBe(seed.raw.length);
      expect(m.attributes.flags).toContain('\\Seen');
      expect(m.attributes.bodyStructure).toBeDefined();
      expect(m.attributes.envelope?.from?.[0]?.host).toBe('example.test');
    });
    // What Dovecot stored on disk is what we sent.
    const onDisk = await mailboxMessages('carol', folderA);
    expect(onDisk.map((b) => b.length).sort()).toEqual(seeds.map((s) => s.raw.length).sort());
  });

  it('pipelined UID FETCHes of different ranges each get their own messages', async () => {
    await select(carol, folderA);
    const all = await uidSearch(carol, [raw('ALL')]);
    const [first, second] = await Promise.all([
      uidFetch(carol, String(all[0]), ['FLAGS']),
      uidFetch(carol, `${all[1]}:${all[all.length - 1]}`, ['FLAGS']),
    ]);
    expect(first.map((m) => m.uid)).toEqual([all[0]]);
    // Pipelined searches get their own answers, with ESEARCH (tagged) and without (run alone).
    for (const esearch of [true, false]) {
      if (!esearch) carol.capabilities.delete('ESEARCH');
      try {
        const [everything, none] = await Promise.all([
          uidSearch(carol, [raw('ALL')]),
          uidSearch(carol, [raw('KEYWORD'), raw('NoSuchKeyword')]),
        ]);
        expect(everything).toEqual(all);
        expect(none).toEqual([]);
      } finally {
        carol.capabilities.add('ESEARCH');
      }
    }
    expect(second.map((m) => m.uid).sort((a, b) => a - b)).toEqual(all.slice(1));
  });

  it('flags round-trip, and another session sees them', async () => {
    await select(carol, folderA);
    const [uid] = await uidSearch(carol, [raw('ALL')]);
    await uidStore(carol, String(uid), 'add', ['\\Flagged', '\\Answered', '$Label1']);
    await uidStore(carol, String(uid), 'remove', ['\\Seen']);
    const [mine] = await uidFetch(carol, String(uid), ['FLAGS', 'MODSEQ']);
    expect(mine?.attributes.flags).toEqual(expect.arrayContaining(['\\Flagged', '\\Answered', '$Label1']));
    expect(mine?.attributes.flags).not.toContain('\\Seen');
    expect(typeof mine?.attributes.modseq).toBe('bigint');

    await select(other, folderA, { readOnly: true });
    const [theirs] = await uidFetch(other, String(uid), ['FLAGS']);
    expect(theirs?.attributes.flags?.slice().sort()).toEqual(mine?.attributes.flags?.slice().sort());
    expect(await uidSearch(other, [raw('FLAGGED')])).toEqual([uid]);
    expect(await uidSearch(other, [raw('UNSEEN')])).toEqual([uid]);
    expect(await uidSearch(other, [raw('ANSWERED')])).toEqual([uid]);
    // Replacing the whole set (STORE FLAGS) drops what is not named.
    await uidStore(carol, String(uid), 'replace', ['\\Seen']);
    const [replaced] = await uidFetch(carol, String(uid), ['FLAGS']);
    expect(replaced?.attributes.flags?.filter((f) => f !== '\\Recent')).toEqual(['\\Seen']); // \Recent is the server's to set
  });

  it('MOVEs with MOVE, and with the COPY + STORE + UID EXPUNGE fallback', async () => {
    await select(carol, folderA);
    const before = await uidSearch(carol, [raw('ALL')]);
    const moved = await uidMove(carol, `${before[0]}:${before[1]}`, folderB);
    expect(moved.sourceUids).toBe(`${before[0]}:${before[1]}`);
    expect(moved.destinationUids).not.toBeNull();
    expect(await uidSearch(carol, [raw('ALL')])).toEqual(before.slice(2));

    // Same server, MOVE hidden: the fallback must leave the same result.
    carol.capabilities.delete('MOVE');
    try {
      const fallback = await uidMove(carol, String(before[2]), folderB);
      expect(fallback.destinationUids).not.toBeNull();
    } finally {
      carol.capabilities.add('MOVE');
    }
    expect(await uidSearch(carol, [raw('ALL')])).toEqual(before.slice(3));

    await select(carol, folderB);
    expect(carol.mailbox?.exists).toBe(3);
    const subjects = (await uidFetch(carol, '1:*', ['ENVELOPE'])).map((m) => m.attributes.envelope?.subject);
    expect(subjects).toHaveLength(3);
  });

  it('APPEND of a message with 8-bit text and a date, read back the same', async () => {
    const msg = sampleMessage('Grüße', 'Ünïcødé body — 日本語\r\n');
    const date = new Date('2026-01-02T03:04:05Z');
    const r = await append(carol, folderB, msg, { date, flags: ['$Custom'] });
    await select(carol, folderB);
    const [m] = await uidFetch(carol, String(r.uid), ['BODY.PEEK[]', 'INTERNALDATE', 'FLAGS']);
    expect(m?.attributes.sections?.[0]?.data?.equals(msg)).toBe(true);
    expect(parseInternalDate(m?.attributes.internalDate ?? '')?.toISOString()).toBe(date.toISOString());
    expect(m?.attributes.flags).toContain('$Custom');
  });

  it('APPEND with a synchronising literal (LITERAL+ hidden) waits for "+" and works', async () => {
    const msg = sampleMessage('Synchronising literal');
    carol.capabilities.delete('LITERAL+');
    let r;
    try {
      r = await append(carol, folderB, msg);
    } finally {
      carol.capabilities.add('LITERAL+');
    }
    await select(carol, folderB, { readOnly: true });
    const [m] = await uidFetch(carol, String(r.uid), ['BODY.PEEK[]']);
    expect(m?.attributes.sections?.[0]?.data?.equals(msg)).toBe(true);
  });

  it('CONDSTORE: UID FETCH CHANGEDSINCE returns only what another session changed', async () => {
    expect(carol.enabled.has('CONDSTORE')).toBe(true);
    await select(carol, folderB, { readOnly: true });
    const since = carol.mailbox?.highestModseq;
    expect(typeof since).toBe('bigint');
    // A first sync learns every message's UID and flags (and the client its seq → UID map).
    const uids = (await uidFetch(carol, '1:*', ['FLAGS'])).map((m) => m.uid).sort((a, b) => a - b);
    expect(uids.length).toBeGreaterThan(1);
    await select(other, folderB);
    await uidStore(other, String(uids[1]), 'add', ['$ChangedElsewhere']);
    const changed = await uidFetch(carol, '1:*', ['FLAGS'], { changedSince: since! });
    expect(changed.map((m) => m.uid)).toEqual([uids[1]]);
    expect(changed[0]?.attributes.flags).toContain('$ChangedElsewhere');
    expect(changed[0]?.attributes.modseq).toBeGreaterThan(since!);
  });
});
