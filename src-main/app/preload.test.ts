/**
 * The preload against a recording stand-in for `electron` (its binary cannot run here,
 * so there is no real peer): what it exposes to the page, and what that reaches.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { requestChannels, splitChannel, type MailwrightApi } from '../ipc/contract';

const recorded = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as [string, unknown][],
  onEvent: undefined as undefined | ((event: unknown, message: unknown) => void),
  channelsListened: [] as string[],
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => recorded.exposed.set(key, value) },
  ipcRenderer: {
    invoke: async (channel: string, arg: unknown) => {
      recorded.invoked.push([channel, arg]);
      return { ok: true, value: null };
    },
    on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
      recorded.channelsListened.push(channel);
      recorded.onEvent = listener;
    },
  },
}));

let api: MailwrightApi;
beforeAll(async () => {
  await import('./preload');
  api = recorded.exposed.get('mailwright') as MailwrightApi;
});

describe('preload', () => {
  it('exposes one object, window.mailwright, with exactly the contract methods and on()', () => {
    expect([...recorded.exposed.keys()]).toEqual(['mailwright']);
    const methods = Object.entries(api).flatMap(([group, value]) =>
      typeof value === 'function' ? [group] : Object.keys(value as object).map((m) => `${group}.${m}`),
    );
    expect(methods.sort()).toEqual([...requestChannels, 'on'].sort());
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/invoke|send|ipc/i);
  });

  it('sends each method on its own named IPC channel', async () => {
    for (const channel of requestChannels) {
      const [group, method] = splitChannel(channel);
      const fn = (api as unknown as Record<string, Record<string, (a?: unknown) => Promise<unknown>>>)[
        group
      ]?.[method];
      await fn?.({ probe: channel });
    }
    expect(recorded.invoked.map(([c]) => c)).toEqual(requestChannels.map((c) => `mailwright:${c}`));
  });

  it('listens on the one event channel and hands events to subscribers', async () => {
    expect(recorded.channelsListened).toEqual(['mailwright:event']);
    const draft = { to: ['a@x.example'], cc: [], bcc: [], subject: '', body: '' };
    // A mailto: launch before the page subscribed is held, then delivered.
    recorded.onEvent?.({}, { event: 'compose', payload: draft });
    const got: unknown[] = [];
    api.on('compose', (p) => got.push(p));
    api.on('accounts-changed', (p) => got.push(p));
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    recorded.onEvent?.({}, { event: 'accounts-changed', payload: { accounts: [] } });
    expect(got).toEqual([draft, { accounts: [] }]);
    expect(() => api.on('nope' as 'compose', () => {})).toThrow(/no event named nope/);
  });
});
