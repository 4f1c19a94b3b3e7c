import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Account, OutboxItem } from '../../src-main/model';
import { fakeBackend } from '../test/fake-backend';
import { AUTOSAVE_MS, Composer } from './Composer';

beforeAll(() => {
  // jsdom has no modal dialogs; the minimal behaviour the composer needs.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event('close'));
  };
});
afterEach(cleanup);

const account = { id: 'a1', address: 'ada@example.test', displayName: 'Ada' } as Account;
const sent: OutboxItem = {
  id: 'o1',
  accountId: 'a1',
  messageId: '<x@example.test>',
  status: 'sent',
  recipients: [],
  attempts: 1,
  nextAttemptAt: null,
};

function open(
  overrides: Parameters<typeof fakeBackend>[0] = {},
  seed: Parameters<typeof Composer>[0]['seed'] = null,
) {
  const fake = fakeBackend({ send: vi.fn(async () => ({ ok: true as const, value: sent })), ...overrides });
  const onSent = vi.fn();
  render(
    <Composer
      backend={fake.backend}
      accounts={[account]}
      accountId="a1"
      seed={seed}
      known={[{ name: 'Bob Builder', address: 'bob@example.test' }]}
      progress={undefined}
      onClose={() => {}}
      onSent={onSent}
    />,
  );
  return { ...fake, onSent };
}

const field = (name: string) => screen.getByRole('combobox', { name }) as HTMLInputElement;

describe('Composer', () => {
  it('refuses to send without a recipient', async () => {
    const { calls } = open();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    expect(screen.getByRole('alert').textContent).toContain('Add at least one recipient.');
    expect(calls.send).toBeUndefined();
  });

  it('marks a wrong address when leaving the field and refuses to send it', async () => {
    const { calls } = open();
    fireEvent.change(field('To'), { target: { value: 'bob@example.test, not-an-address' } });
    fireEvent.blur(field('To'));
    expect(field('To').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/“not-an-address” is not an email address/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    expect(screen.getByRole('alert').textContent).toContain('Fix the address “not-an-address”.');
    expect(calls.send).toBeUndefined();
  });

  it('sends a valid message with the reply headers and reports it', async () => {
    const { calls, onSent } = open(
      {},
      {
        to: [{ name: 'Bob', address: 'bob@example.test' }],
        cc: [],
        subject: 'Re: Plans',
        text: '\n\n> hi',
        inReplyTo: '<p1@example.test>',
        references: ['<p0@example.test>', '<p1@example.test>'],
      },
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), {
      target: { value: 'Sounds good.\n\n> hi' },
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    expect(calls.send).toEqual([
      [
        'a1',
        {
          to: ['Bob <bob@example.test>'],
          cc: [],
          bcc: [],
          subject: 'Re: Plans',
          text: 'Sounds good.\n\n> hi',
          inReplyTo: '<p1@example.test>',
          references: ['<p0@example.test>', '<p1@example.test>'],
        },
      ],
    ]);
    expect(onSent).toHaveBeenCalledWith('Message sent.');
  });

  it("shows the server's words and what to do when sending fails", async () => {
    open({
      send: async () => ({
        ok: false as const,
        error: {
          kind: 'server-said-no' as const,
          message: 'The server refused the recipient bob@example.test; check the address and send again.',
          serverText: '550 5.1.1 <bob@example.test>: Recipient address rejected',
        },
      }),
    });
    fireEvent.change(field('To'), { target: { value: 'bob@example.test' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('check the address and send again');
    expect(alert.textContent).toContain('550 5.1.1 <bob@example.test>: Recipient address rejected');
  });

  it('suggests known addresses and takes one with Enter', () => {
    open();
    fireEvent.change(field('To'), { target: { value: 'bui' } });
    expect(screen.getByRole('listbox', { name: 'To suggestions' })).toBeTruthy();
    fireEvent.keyDown(field('To'), { key: 'Enter' });
    expect(field('To').value).toBe('Bob Builder <bob@example.test>, ');
  });

  it('attaches files from the picker', async () => {
    open();
    const input = screen.getByLabelText('Attach files') as HTMLInputElement;
    const file = new File(['hello'], 'notes.txt', { type: 'text/plain' });
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
    });
    const list = await screen.findByRole('list', { name: 'Attached files' });
    expect(list.textContent).toContain('notes.txt');
  });
});

describe('Composer drafts', () => {
  it('saves a draft by itself after typing stops, replacing the previous one', async () => {
    vi.useFakeTimers();
    try {
      let n = 0;
      const { calls } = open({
        saveDraft: vi.fn(async () => ({
          ok: true as const,
          value: { id: `d${++n}`, accountId: 'a1', folder: 'Drafts' } as never,
        })),
      });
      fireEvent.change(screen.getByRole('textbox', { name: 'Subject' }), { target: { value: 'Plans' } });
      expect(calls.saveDraft).toBeUndefined();
      await act(async () => vi.advanceTimersByTime(AUTOSAVE_MS));
      expect(calls.saveDraft).toHaveLength(1);
      expect((calls.saveDraft![0]![1] as { subject: string }).subject).toBe('Plans');
      fireEvent.change(screen.getByRole('textbox', { name: 'Subject' }), { target: { value: 'Plans 2' } });
      await act(async () => vi.advanceTimersByTime(AUTOSAVE_MS));
      expect(calls.saveDraft).toHaveLength(2);
      // The first draft is removed once the second is saved.
      expect(calls.remove).toEqual([[{ accountId: 'a1', folder: 'Drafts', ids: ['d1'] }]]);
      expect(screen.getByText(/^Draft saved at/)).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Composer attachments', () => {
  it('takes files dropped on it', async () => {
    open();
    const file = new File(['%PDF'], 'plan.pdf', { type: 'application/pdf' });
    await act(async () => {
      fireEvent.drop(screen.getByRole('dialog'), { dataTransfer: { files: [file] } });
    });
    const list = await screen.findByRole('list', { name: 'Attached files' });
    expect(list.textContent).toContain('plan.pdf');
  });
});
