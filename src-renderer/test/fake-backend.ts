/**
 * A scripted Backend for component tests: a stand-in is right here, because these tests
 * check how screens react to answers and events; the real main process behind the same
 * contract is exercised by the Playwright suite against the real servers.
 */
import type { EventName, Events } from '../../src-main/ipc/contract';
import type { MessageSummary } from '../../src-main/model';
import type { Backend, Result } from '../state/backend';

type Calls = Record<string, unknown[][]>;

export function fakeBackend(overrides: Partial<Backend> = {}): {
  backend: Backend;
  calls: Calls;
  emit: <E extends EventName>(event: E, payload: Events[E]) => void;
} {
  const calls: Calls = {};
  const listeners = new Map<string, Set<(p: never) => void>>();
  const no = <T>(): Promise<Result<T>> =>
    Promise.resolve({ ok: false, error: { kind: 'internal', message: 'unscripted' } });
  const base: Backend = {
    info: no,
    listAccounts: () => Promise.resolve({ ok: true, value: [] }),
    addAccount: no,
    updateAccount: no,
    setPassword: no,
    removeAccount: no,
    autoconfigure: no,
    passwordStore: () => Promise.resolve({ ok: true, value: { kind: 'keychain' } }),
    testAccount: no,
    setPop3Mode: no,
    sync: no,
    listFolders: () => Promise.resolve({ ok: true, value: [] }),
    page: () => Promise.resolve({ ok: true, value: { messages: [], total: 0, nextOffset: null } }),
    message: no,
    attachment: no,
    downloadFull: no,
    setFlag: () => Promise.resolve({ ok: true, value: [] }),
    move: () => Promise.resolve({ ok: true, value: null }),
    remove: () => Promise.resolve({ ok: true, value: null }),
    send: no,
    saveDraft: no,
    fetchImage: no,
    protocolLog: () => Promise.resolve({ ok: true, value: [] }),
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(listener as (p: never) => void);
      return () => set.delete(listener as (p: never) => void);
    },
  };
  const merged = { ...base, ...overrides };
  const backend = Object.fromEntries(
    Object.entries(merged).map(([name, fn]) => [
      name,
      name === 'on'
        ? fn
        : (...args: unknown[]) => {
            (calls[name] ??= []).push(args);
            return (fn as (...a: unknown[]) => unknown)(...args);
          },
    ]),
  ) as unknown as Backend;
  const emit = <E extends EventName>(event: E, payload: Events[E]) => {
    for (const l of listeners.get(event) ?? []) l(payload as never);
  };
  return { backend, calls, emit };
}

export function summary(i: number, patch: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id: `m${i}`,
    accountId: 'a1',
    folder: 'INBOX',
    source: { protocol: 'imap', uidValidity: 1, uid: i + 1 },
    messageId: `id${i}@example.test`,
    date: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    from: [{ name: `Sender ${i}`, address: `sender${i}@example.test` }],
    to: [{ name: null, address: 'ada@example.test' }],
    subject: `Subject ${i}`,
    snippet: `Snippet ${i}`,
    flags: { seen: i % 3 !== 0, flagged: i % 5 === 0, answered: false, draft: false, keywords: [] },
    size: 1000 + i,
    hasAttachments: i % 7 === 0,
    partial: false,
    ...patch,
  };
}
