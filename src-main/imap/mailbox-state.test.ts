import { describe, expect, it } from 'vitest';
import { applyUntagged, emptyMailbox } from './mailbox-state';
import { countSet } from './sequence-set';
import { parseResponse } from './parse-response';
import type { UntaggedData } from './types';

const u = (line: string): UntaggedData => {
  const r = parseResponse(Buffer.from(`${line}\r\n`));
  if (r.kind !== 'untagged') throw new Error('untagged expected');
  return r.data;
};

describe('selected mailbox state', () => {
  it('follows a SELECT and later changes (RFC 9051 §6.3.2 example)', () => {
    const m = emptyMailbox('INBOX', false);
    for (const line of [
      '* 172 EXISTS',
      '* 1 RECENT',
      '* OK [UNSEEN 12] Message 12 is first unseen',
      '* OK [UIDVALIDITY 3857529045] UIDs valid',
      '* OK [UIDNEXT 4392] Predicted next UID',
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
      '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited',
      '* OK [HIGHESTMODSEQ 715194045007] Highest',
    ]) {
      applyUntagged(m, u(line));
    }
    expect(m).toMatchObject({
      exists: 172,
      recent: 1,
      uidValidity: 3857529045,
      uidNext: 4392,
      highestModseq: 715194045007n,
      permanentFlags: ['\\Deleted', '\\Seen', '\\*'],
    });
    expect(m.flags).toHaveLength(5);
    applyUntagged(m, u('* 3 EXPUNGE'));
    expect(m.exists).toBe(171);
    applyUntagged(m, u('* VANISHED 10:12,20'));
    expect(m.exists).toBe(167);
    applyUntagged(m, u('* VANISHED (EARLIER) 1:100'));
    expect(m.exists).toBe(167);
    applyUntagged(m, u('* 5 FETCH (FLAGS (\\Seen) MODSEQ (715194045010))'));
    expect(m.highestModseq).toBe(715194045010n);
    applyUntagged(m, u('* 180 EXISTS'));
    expect(m.exists).toBe(180);
    applyUntagged(m, u('* OK [READ-ONLY] now'));
    expect(m.readOnly).toBe(true);
  });

  it('keeps the sequence-number → UID map through EXISTS, FETCH, EXPUNGE and VANISHED', () => {
    const m = emptyMailbox('INBOX', false);
    applyUntagged(m, u('* 4 EXISTS'));
    for (const [seq, uid] of [
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
    ])
      applyUntagged(m, u(`* ${seq} FETCH (UID ${uid})`));
    applyUntagged(m, u('* 2 EXPUNGE'));
    expect(m.uids).toEqual([10, 30, 40]);
    const unsolicited = u('* 2 FETCH (FLAGS (\\Seen))');
    applyUntagged(m, unsolicited);
    expect(unsolicited.type === 'fetch' && unsolicited.attributes.uid).toBe(30);
    applyUntagged(m, u('* 5 EXISTS'));
    expect(m.uids).toEqual([10, 30, 40, undefined, undefined]);
    applyUntagged(m, u('* VANISHED 30'));
    expect(m.uids).toEqual([10, 40, undefined, undefined]);
    expect(m.exists).toBe(4);
    // A FETCH for a sequence number beyond EXISTS is not trusted to grow the map.
    applyUntagged(m, u('* 99 FETCH (UID 990)'));
    expect(m.uids).toHaveLength(4);
  });

  it('counts sequence sets without expanding them', () => {
    expect(countSet('1:3,7,10:9')).toBe(6);
    expect(countSet('4000000000:4000000009')).toBe(10);
  });
});
