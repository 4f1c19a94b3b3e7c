/** The logged querier over a scripted Querier (the real resolver's own tests cover DNS itself). */
import { describe, expect, it } from 'vitest';
import type { Querier, QueryResult } from '../dns/resolver';
import type { TranscriptLine } from '../net/types';
import { loggedQuerier } from './dns-log';

function scripted(fromCache: boolean, fail = false): Querier {
  return {
    async query(name, _type, opts = {}) {
      opts.trace?.push({
        server: '127.0.53.53:53',
        name,
        type: 'A',
        kind: 'answer',
        detail: 'A 127.0.1.1',
        ms: 1,
      });
      if (fail) throw new Error('SERVFAIL');
      return { fromCache } as QueryResult;
    },
  };
}

describe('loggedQuerier', () => {
  it('logs the question and each step, and passes the caller its own trace too', async () => {
    const lines: TranscriptLine[] = [];
    const q = loggedQuerier(
      scripted(false),
      (l) => lines.push(l),
      () => 7,
    );
    const mine: never[] = [];
    await q.query('mail.example.test', 1, { trace: mine });
    expect(lines.map((l) => [l.direction, l.text])).toEqual([
      ['client', 'mail.example.test A?'],
      ['server', '127.0.53.53:53  mail.example.test A  A 127.0.1.1  1 ms'],
    ]);
    expect(mine).toHaveLength(1);
  });

  it('says when the answer came from the cache, and logs the steps of a failure', async () => {
    const lines: TranscriptLine[] = [];
    await loggedQuerier(scripted(true), (l) => lines.push(l)).query('a.test', 1);
    expect(lines.map((l) => l.text)).toContain('a.test A: from the cache');
    const failed: TranscriptLine[] = [];
    await expect(
      loggedQuerier(scripted(false, true), (l) => failed.push(l)).query('b.test', 1),
    ).rejects.toThrow();
    expect(failed.map((l) => l.direction)).toEqual(['client', 'server']);
  });
});
