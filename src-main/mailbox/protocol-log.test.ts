import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProtocolLog, RingBuffer } from './protocol-log';

describe('RingBuffer', () => {
  it('keeps the last N items in order, for any pushes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.array(fc.integer(), { maxLength: 60 }), (n, items) => {
        const ring = new RingBuffer<number>(n);
        for (const i of items) ring.push(i);
        expect(ring.toArray()).toEqual(n === 0 ? [] : items.slice(-n));
      }),
    );
  });
});

describe('ProtocolLog', () => {
  it('numbers lines per account, keeps the newest, and tells the listener', () => {
    const told: number[] = [];
    const log = new ProtocolLog(3, (_id, line) => told.push(line.seq));
    for (let i = 0; i < 5; i++) log.sink('a', 'imap')({ direction: 'client', text: `A${i} NOOP`, time: i });
    log.add('b', 'smtp', { direction: 'server', text: '250 OK', time: 9 });
    expect(log.lines('a').map((l) => l.text)).toEqual(['A2 NOOP', 'A3 NOOP', 'A4 NOOP']);
    expect(log.lines('a').map((l) => l.seq)).toEqual([3, 4, 5]);
    expect(log.lines('b')).toEqual([
      { seq: 1, protocol: 'smtp', direction: 'server', text: '250 OK', time: 9 },
    ]);
    expect(told).toEqual([1, 2, 3, 4, 5, 1]);
  });

  it('leaves out a line holding a known secret (the fence behind the net layer redaction)', () => {
    const log = new ProtocolLog(10, undefined, () => ['hunter2']);
    log.add('a', 'pop3', { direction: 'client', text: 'PASS hunter2', time: 0 });
    expect(JSON.stringify(log.lines('a'))).not.toContain('hunter2');
    expect(log.lines('a')[0]?.text).toMatch(/left out/);
  });

  it('shortens huge lines, and a new capacity keeps the newest lines', () => {
    const log = new ProtocolLog(10);
    log.add('a', 'imap', { direction: 'server', text: 'x'.repeat(10_000), time: 0 });
    expect(log.lines('a')[0]?.text.length).toBeLessThan(2100);
    for (let i = 0; i < 5; i++) log.add('a', 'imap', { direction: 'server', text: String(i), time: 0 });
    log.setCapacity(2);
    expect(log.lines('a').map((l) => l.text)).toEqual(['3', '4']);
    log.forget('a');
    expect(log.lines('a')).toEqual([]);
  });
});
