import { describe, expect, it } from 'vitest';
import { alternate, compare, formatTable, median } from './harness';

describe('bench harness', () => {
  it('takes medians of odd and even sample counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('alternates ours and the peer, settling untimed before every run of either', async () => {
    const log: string[] = [];
    let n = 0;
    const out = await alternate(
      2,
      async () => (log.push('ours'), ++n),
      async () => (log.push('peer'), 10 + ++n),
      async () => void log.push('settle'),
    );
    expect(log).toEqual(['settle', 'ours', 'settle', 'peer', 'settle', 'ours', 'settle', 'peer']);
    expect(out).toEqual({ ours: [1, 3], peer: [12, 14] });
  });

  it('compares medians as ours / peer and checks the target in the right direction', () => {
    const time = compare('t', {
      ours: [8, 9, 10],
      peer: [10, 10, 12],
      unit: 'ms',
      peerName: 'p',
      target: 0.8,
    });
    expect(time.ratio).toBeCloseTo(0.9);
    expect(time.meetsTarget).toBe(false);
    const rate = compare('r', {
      ours: [2e6],
      peer: [1e6],
      unit: 'ops/s',
      peerName: 'p',
      better: 'higher',
      target: 1,
    });
    expect(rate.ratio).toBe(2);
    expect(rate.meetsTarget).toBe(true);
    expect(formatTable([time, rate])).toMatch(/t\s+9\.00\s+10\.0\s+p\s+0\.90×\s+≤0\.8× MISSED/);
  });
});
