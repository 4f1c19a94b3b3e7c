import { describe, expect, it } from 'vitest';
import { applyUntagged, countSet, emptyMailbox } from './mailbox-state';
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

  it('counts sequence sets without expanding them', () => {
    expect(countSet('1:3,7,10:9')).toBe(6);
    expect(countSet('4000000000:4000000009')).toBe(10);
  });
});
