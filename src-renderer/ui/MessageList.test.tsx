import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PagedList, PAGE_SIZE } from '../state/message-list';
import { fakeBackend, summary } from '../test/fake-backend';
import type { PageRequest } from '../state/backend';
import { MessageList, ROW_HEIGHT } from './MessageList';

afterEach(cleanup);

const TOTAL = 100_000;

function folderOf(total: number) {
  const pages: PageRequest[] = [];
  const fake = fakeBackend({
    page: async (req) => {
      pages.push(req);
      const messages = [];
      for (let i = req.offset; i < Math.min(total, req.offset + req.limit); i++) messages.push(summary(i));
      return {
        ok: true,
        value: {
          messages,
          total,
          nextOffset: req.offset + req.limit < total ? req.offset + req.limit : null,
        },
      };
    },
  });
  const list = new PagedList(fake.backend, {
    accountId: 'a1',
    folder: 'INBOX',
    sort: { by: 'date', direction: 'desc' },
    search: '',
  });
  return { list, pages, ...fake };
}

/** The list as the window renders it, with inert handlers unless a test passes its own. */
function listView(list: PagedList, props: Partial<ComponentProps<typeof MessageList>> = {}) {
  return (
    <MessageList
      list={list}
      selected={new Set()}
      onSelect={() => {}}
      onAction={() => {}}
      label="Messages"
      {...props}
    />
  );
}

async function settle() {
  // Page answers are promises: let them and React's updates land.
  for (let i = 0; i < 5; i++) await act(async () => {});
}

describe('MessageList', () => {
  it('shows 100,000 messages with only the visible rows in the DOM and one page fetched', async () => {
    const { list, pages } = folderOf(TOTAL);
    render(listView(list, { label: 'Messages in Inbox' }));
    await settle();
    const box = screen.getByRole('listbox', { name: 'Messages in Inbox' });
    const options = within(box).getAllByRole('option');
    expect(options.length).toBeGreaterThan(5);
    expect(options.length).toBeLessThan(40);
    expect(options[0]!.getAttribute('aria-setsize')).toBe(String(TOTAL));
    expect(options[0]!.getAttribute('aria-label')).toContain('Subject 0');
    expect(pages.map((p) => p.offset)).toEqual([0]);
    expect(pages[0]!.limit).toBe(PAGE_SIZE);
  });

  it('fetches the page under the scroll position, not the pages in between', async () => {
    const { list, pages } = folderOf(TOTAL);
    render(listView(list));
    await settle();
    const box = screen.getByRole('listbox');
    box.scrollTop = 50_100 * ROW_HEIGHT;
    fireEvent.scroll(box);
    await settle();
    expect(pages.map((p) => p.offset)).toEqual([0, 50_000]);
    const options = within(box).getAllByRole('option');
    expect(options.some((o) => o.getAttribute('aria-label')?.includes('Subject 50100,'))).toBe(true);
    expect(options.length).toBeLessThan(40);
  });

  it('marks unread, flagged and attachments', async () => {
    const { list } = folderOf(30);
    render(listView(list));
    await settle();
    const row0 = screen.getAllByRole('option')[0]!; // i=0: unread, flagged, attachment
    expect(row0.className).toContain('unread');
    expect(row0.getAttribute('aria-label')).toMatch(/^Unread, .*flagged, with attachments$/);
    expect(within(row0).getByTitle('Flagged')).toBeTruthy();
    expect(within(row0).getByTitle('Has attachments')).toBeTruthy();
    const row1 = screen.getAllByRole('option')[1]!; // i=1: read, nothing
    expect(row1.className).not.toContain('unread');
    expect(within(row1).queryByTitle('Flagged')).toBeNull();
  });

  it('selects with clicks (Ctrl toggles, Shift extends) and moves with j/k and arrows', async () => {
    const { list } = folderOf(30);
    const onSelect = vi.fn();
    const { rerender } = render(listView(list, { onSelect }));
    await settle();
    const options = () => screen.getAllByRole('option');
    fireEvent.click(options()[2]!);
    expect([...onSelect.mock.lastCall![0]]).toEqual(['m2']);
    expect(onSelect.mock.lastCall![1].id).toBe('m2');
    rerender(listView(list, { selected: new Set(['m2']), onSelect }));
    fireEvent.click(options()[4]!, { ctrlKey: true });
    expect([...onSelect.mock.lastCall![0]].sort()).toEqual(['m2', 'm4']);
    fireEvent.click(options()[6]!, { shiftKey: true });
    expect([...onSelect.mock.lastCall![0]]).toEqual(['m4', 'm5', 'm6']);

    const box = screen.getByRole('listbox');
    fireEvent.keyDown(box, { key: 'j' });
    expect(onSelect.mock.lastCall![1].id).toBe('m7');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(onSelect.mock.lastCall![1].id).toBe('m8');
    fireEvent.keyDown(box, { key: 'k' });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(onSelect.mock.lastCall![1].id).toBe('m6');
    expect(box.getAttribute('aria-activedescendant')).toBe('msg-row-6');
  });

  it('turns the action keys into actions', async () => {
    const { list } = folderOf(5);
    const onAction = vi.fn();
    render(listView(list, { onAction }));
    await settle();
    const box = screen.getByRole('listbox');
    for (const key of ['Enter', 'Delete', 'r', 'a', 'f', 's', 'u']) fireEvent.keyDown(box, { key });
    expect(onAction.mock.calls.map((c) => c[0])).toEqual([
      'open',
      'delete',
      'reply',
      'reply-all',
      'forward',
      'flag',
      'unread',
    ]);
  });

  it('applies an update diff in place and refetches after an addition', async () => {
    const { list, pages, emit, backend } = folderOf(10);
    const off = backend.on('message-list-diff', (d) => list.applyDiff(d));
    render(listView(list));
    await settle();
    act(() =>
      emit('message-list-diff', {
        accountId: 'a1',
        folder: 'INBOX',
        added: [],
        removed: [],
        updated: [summary(1, { subject: 'Changed subject' })],
      }),
    );
    expect(screen.getAllByRole('option')[1]!.getAttribute('aria-label')).toContain('Changed subject');
    expect(pages).toHaveLength(1);
    act(() =>
      emit('message-list-diff', {
        accountId: 'a1',
        folder: 'INBOX',
        added: [summary(99)],
        removed: [],
        updated: [],
      }),
    );
    await settle();
    expect(pages).toHaveLength(2);
    // A diff of another folder changes nothing.
    act(() =>
      emit('message-list-diff', {
        accountId: 'a1',
        folder: 'Sent',
        added: [summary(98)],
        removed: [],
        updated: [],
      }),
    );
    await settle();
    expect(pages).toHaveLength(2);
    off();
  });

  it('says so when a folder is empty or a search finds nothing', async () => {
    const { list } = folderOf(0);
    render(listView(list));
    await settle();
    expect(screen.getByText('No messages in this folder.')).toBeTruthy();
  });
});

describe('MessageList search notes', () => {
  function searched(localOnly: boolean) {
    const fake = fakeBackend({
      page: async () => ({
        ok: true,
        value: { messages: [summary(1)], total: 1, nextOffset: null, ...(localOnly ? { localOnly } : {}) },
      }),
    });
    return new PagedList(fake.backend, {
      accountId: 'a1',
      folder: 'INBOX',
      sort: { by: 'date', direction: 'desc' },
      search: 'invoice',
    });
  }

  it('says so when the server could not be searched, and not otherwise', async () => {
    for (const localOnly of [true, false]) {
      cleanup();
      render(listView(searched(localOnly)));
      await settle();
      expect(within(screen.getByRole('listbox', { name: 'Messages' })).getAllByRole('option')).toHaveLength(
        1,
      );
      const note = screen.queryByRole('status');
      if (localOnly) expect(note?.textContent).toMatch(/server could not be searched/);
      else expect(note).toBeNull();
    }
  });
});
