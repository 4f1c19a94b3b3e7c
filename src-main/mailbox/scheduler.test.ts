/** The scheduler's state machine with fake timers; the watch is a stand-in (no server needed to decide when to sync). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MailwrightError } from '../model/errors';
import type { InboxWatch } from './imap-runner';
import { Scheduler } from './scheduler';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Lets promise callbacks run between timer steps. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function watchStandIn() {
  const opened: {
    onChange: () => void;
    onEnd: (e: MailwrightError | undefined) => void;
    stopped: boolean;
  }[] = [];
  let fail: MailwrightError | undefined;
  const watch = (
    onChange: () => void,
    onEnd: (e: MailwrightError | undefined) => void,
  ): Promise<InboxWatch> => {
    if (fail !== undefined) return Promise.reject(fail);
    const w = { onChange, onEnd, stopped: false };
    opened.push(w);
    return Promise.resolve({
      stop: async () => {
        w.stopped = true;
      },
    });
  };
  return { watch, opened, failNext: (e: MailwrightError | undefined) => (fail = e) };
}

describe('Scheduler', () => {
  it('syncs at start and every interval, reading the interval afresh each round', async () => {
    let minutes = 1;
    const sync = vi.fn(async () => undefined);
    const s = new Scheduler({ sync, intervalMinutes: () => minutes, onError: () => {} });
    s.start();
    await settle();
    expect(sync).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sync).toHaveBeenCalledTimes(2);
    minutes = 0; // the person turned interval sync off
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(sync).toHaveBeenCalledTimes(2);
    minutes = 5; // and on again: planned from now
    s.reschedule();
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(sync).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sync).toHaveBeenCalledTimes(3);
    await s.stop();
  });

  it('one sync for a burst of changes, and one when the watch comes up', async () => {
    const sync = vi.fn(async () => undefined);
    const w = watchStandIn();
    const s = new Scheduler({ sync, intervalMinutes: () => 0, watch: w.watch, onError: () => {} });
    s.start();
    await settle();
    await vi.advanceTimersByTimeAsync(300);
    expect(w.opened).toHaveLength(1);
    expect(sync).toHaveBeenCalledTimes(2); // the start, and the watch's catch-up
    for (let i = 0; i < 50; i++) w.opened[0]!.onChange();
    await vi.advanceTimersByTimeAsync(300);
    expect(sync).toHaveBeenCalledTimes(3);
    await s.stop();
    expect(w.opened[0]!.stopped).toBe(true);
  });

  it('a watch that fails is reported and opened again later, or at once on kick', async () => {
    const sync = vi.fn(async () => undefined);
    const errors: string[] = [];
    const w = watchStandIn();
    w.failNext(new MailwrightError('auth', 'No password.'));
    const s = new Scheduler({
      sync,
      intervalMinutes: () => 0,
      watch: w.watch,
      onError: (e) => errors.push(e.kind),
      rewatchMs: 60_000,
    });
    s.start();
    await settle();
    expect(errors).toEqual(['auth']);
    expect(w.opened).toHaveLength(0);
    w.failNext(undefined);
    s.kick(); // a password was entered
    await settle();
    expect(w.opened).toHaveLength(1);
    // The connection drops: reported, and a new watch a minute later.
    w.opened[0]!.onEnd(new MailwrightError('network', 'Connection reset.'));
    expect(errors).toEqual(['auth', 'network']);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(w.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.opened).toHaveLength(2);
    await s.stop();
  });

  it('after stop nothing runs any more', async () => {
    const sync = vi.fn(async () => undefined);
    const w = watchStandIn();
    const s = new Scheduler({ sync, intervalMinutes: () => 1, watch: w.watch, onError: () => {} });
    s.start();
    await settle();
    await s.stop();
    const calls = sync.mock.calls.length;
    w.opened[0]?.onChange();
    s.kick();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(sync).toHaveBeenCalledTimes(calls);
    expect(s.running).toBe(false);
  });
});
