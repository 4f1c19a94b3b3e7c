/**
 * The App against a scripted contract client. A stand-in is right here: this checks
 * the component's reaction to answers and events; the real transport is covered by the
 * Playwright suite through the browser shell.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account } from '../src-main/model';
import type { Events, Result } from '../src-main/ipc/contract';
import { App } from './App';
import { buildApi } from './api/build-api';
import type { Connection } from './api/connect';

afterEach(cleanup);

function scripted(answers: Record<string, Result<unknown>>) {
  const listeners = new Map<string, (payload: never) => void>();
  const api = buildApi(
    async (channel) => answers[channel] ?? { ok: false, error: { kind: 'internal', message: 'unscripted' } },
    (event, listener) => {
      listeners.set(event, listener as (payload: never) => void);
      return () => listeners.delete(event);
    },
  );
  const connection: Connection = { kind: 'ready', api, watch: (l) => (l('open'), () => {}) };
  const emit = <E extends keyof Events>(event: E, payload: Events[E]) =>
    listeners.get(event)?.(payload as never);
  return { connection, emit };
}

const account = { id: 'a1', address: 'ada@example.test', displayName: 'Ada' } as Account;

describe('App', () => {
  it('shows the empty state when there are no accounts', async () => {
    const { connection } = scripted({ 'accounts.list': { ok: true, value: [] } });
    render(<App connection={connection} />);
    expect(await screen.findByRole('heading', { name: 'No accounts yet' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add account' })).toBeTruthy();
  });

  it('follows accounts-changed events', async () => {
    const { connection, emit } = scripted({ 'accounts.list': { ok: true, value: [] } });
    render(<App connection={connection} />);
    await screen.findByRole('heading', { name: 'No accounts yet' });
    act(() => emit('accounts-changed', { accounts: [account] }));
    expect(screen.queryByRole('heading', { name: 'No accounts yet' })).toBeNull();
    expect(screen.getByText('ada@example.test')).toBeTruthy();
  });

  it('shows the error message when the list fails', async () => {
    const { connection } = scripted({
      'accounts.list': {
        ok: false,
        error: { kind: 'keychain', message: 'The keychain is locked; unlock it.' },
      },
    });
    render(<App connection={connection} />);
    expect((await screen.findByRole('alert')).textContent).toBe('The keychain is locked; unlock it.');
  });

  it('explains a missing token instead of showing the app', () => {
    render(<App connection={{ kind: 'no-token' }} />);
    expect(screen.getByRole('alert').textContent).toContain('This address is missing its key');
  });

  it('opens the Add account dialog', async () => {
    // jsdom lacks showModal; give the element the minimal behaviour the dialog needs.
    HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
      this.open = true;
    };
    const { connection } = scripted({ 'accounts.list': { ok: true, value: [] } });
    render(<App connection={connection} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add account' }));
    expect(await screen.findByRole('dialog', { name: 'Add an account' })).toBeTruthy();
  });
});
