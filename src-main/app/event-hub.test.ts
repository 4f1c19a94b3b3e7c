import { describe, expect, it } from 'vitest';
import type { ComposeEvent, EventName } from '../ipc/contract';
import { createEventHub } from './event-hub';

const draft: ComposeEvent = { to: ['a@x.example'], cc: [], bcc: [], subject: 's', body: '' };
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('createEventHub', () => {
  it('delivers each message to the listeners of its event only', () => {
    const hub = createEventHub([]);
    const got: unknown[] = [];
    const off = hub.on('accounts-changed', (p) => got.push(p));
    hub.on('new-mail', () => got.push('wrong'));
    hub.dispatch({ event: 'accounts-changed', payload: { accounts: [] } });
    off();
    hub.dispatch({ event: 'accounts-changed', payload: { accounts: [1] } });
    expect(got).toEqual([{ accounts: [] }]);
  });

  it('drops live events nobody listens to', async () => {
    const hub = createEventHub(['compose']);
    hub.dispatch({ event: 'counts-changed', payload: 1 });
    const got: unknown[] = [];
    hub.on('counts-changed', (p) => got.push(p));
    await tick();
    expect(got).toEqual([]);
  });

  it('holds a compose request until the first listener subscribes, then hands it over once', async () => {
    const hub = createEventHub(['compose']);
    hub.dispatch({ event: 'compose', payload: draft });
    const first: unknown[] = [];
    const second: unknown[] = [];
    hub.on('compose', (p) => first.push(p));
    expect(first).toEqual([]); // not during `on` itself
    await tick();
    expect(first).toEqual([draft]);
    hub.on('compose', (p) => second.push(p));
    await tick();
    expect(second).toEqual([]);
  });

  it('keeps only the last 20 held messages', async () => {
    const hub = createEventHub(['compose']);
    for (let i = 0; i < 25; i++) hub.dispatch({ event: 'compose', payload: i });
    const got: unknown[] = [];
    hub.on('compose', (p) => got.push(p));
    await tick();
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
  });

  it('ignores malformed messages and refuses unknown event names', () => {
    const hub = createEventHub(['compose']);
    for (const m of [null, 1, 'x', {}, { event: 'constructor' }, { event: '__proto__', payload: 1 }]) {
      expect(() => hub.dispatch(m)).not.toThrow();
    }
    expect(() => hub.on('nope' as EventName, () => {})).toThrow('There is no event named nope.');
  });
});
