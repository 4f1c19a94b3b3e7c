import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageDetail } from '../../src-main/model';
import { fakeBackend, summary } from '../test/fake-backend';
import { MessageView, Reader, type ReaderActions } from './Reader';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

const actions: ReaderActions = {
  compose: vi.fn(),
  flag: vi.fn(),
  markUnread: vi.fn(),
  move: vi.fn(),
  remove: vi.fn(),
  downloadFull: vi.fn(),
};

function detail(patch: Partial<MessageDetail>): MessageDetail {
  return {
    summary: summary(1, {
      subject: 'Quarterly report',
      from: [{ name: 'Bob', address: 'bob@example.test' }],
    }),
    cc: [{ name: null, address: 'carol@example.test' }],
    replyTo: [],
    headers: [],
    text: null,
    html: null,
    attachments: [],
    references: [],
    ...patch,
  };
}

const HTML =
  '<p>Hello</p><script>document.body.dataset.pwned="1"</script>' +
  '<img src="https://tracker.example/pixel.gif" onerror="document.body.dataset.pwned=2">' +
  '<a href="https://real.example/login">https://bank.example/</a>';

function frame(): HTMLIFrameElement {
  return screen.getByTitle('Message content') as HTMLIFrameElement;
}

describe('Reader', () => {
  it('shows the headers', () => {
    const { backend } = fakeBackend();
    render(
      <MessageView
        backend={backend}
        m={detail({ text: 'Hi' })}
        folders={[]}
        dark={false}
        actions={actions}
        openLink={() => {}}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Quarterly report' })).toBeTruthy();
    expect(screen.getByText('Bob')).toBeTruthy();
    expect(screen.getByText('carol@example.test')).toBeTruthy();
    expect(screen.getByText('ada@example.test')).toBeTruthy();
  });

  it('puts HTML in a sandbox without scripts, sanitised, remote content out', () => {
    const { backend } = fakeBackend();
    render(
      <MessageView
        backend={backend}
        m={detail({ html: HTML })}
        folders={[]}
        dark={false}
        actions={actions}
        openLink={() => {}}
      />,
    );
    const f = frame();
    expect(f.getAttribute('sandbox')).toBe('allow-same-origin');
    const doc = f.getAttribute('srcdoc') ?? '';
    expect(doc).toContain('<p>Hello</p>');
    expect(doc).not.toMatch(/<script|onerror|\ssrc="https:/i);
    expect(doc).toContain("script-src 'none'");
    expect(document.body.dataset.pwned).toBeUndefined();
  });

  it('blocks remote images until Load, then fetches them through the main process', async () => {
    const fetchImage = vi.fn(async () => ({
      ok: true as const,
      value: { dataUrl: 'data:image/gif;base64,R0lG' },
    }));
    const { backend } = fakeBackend({ fetchImage });
    render(
      <MessageView
        backend={backend}
        m={detail({ html: HTML })}
        folders={[]}
        dark={false}
        actions={actions}
        openLink={() => {}}
      />,
    );
    const bar = screen.getByRole('region', { name: 'Remote content' });
    expect(within(bar).getByText('Remote content blocked')).toBeTruthy();
    expect(fetchImage).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(within(bar).getByRole('button', { name: 'Load' })));
    expect(fetchImage).toHaveBeenCalledWith('https://tracker.example/pixel.gif');
    expect(screen.queryByRole('region', { name: 'Remote content' })).toBeNull();
    expect(localStorage.getItem('mailwright.remote-senders')).toBeNull();
  });

  it('"always for this sender" loads now and next time without asking', async () => {
    const fetchImage = vi.fn(async () => ({
      ok: true as const,
      value: { dataUrl: 'data:image/gif;base64,R0lG' },
    }));
    const { backend } = fakeBackend({ fetchImage });
    const view = render(
      <MessageView
        backend={backend}
        m={detail({ html: HTML })}
        folders={[]}
        dark={false}
        actions={actions}
        openLink={() => {}}
      />,
    );
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Always load from bob@example.test' })),
    );
    expect(fetchImage).toHaveBeenCalledTimes(1);
    view.unmount();
    await act(async () => {
      render(
        <MessageView
          backend={backend}
          m={detail({ html: HTML })}
          folders={[]}
          dark={false}
          actions={actions}
          openLink={() => {}}
        />,
      );
    });
    expect(fetchImage).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('region', { name: 'Remote content' })).toBeNull();
  });

  it('a link shows its real target and opens only after a second click', () => {
    const { backend } = fakeBackend();
    const openLink = vi.fn();
    render(
      <MessageView
        backend={backend}
        m={detail({ text: 'Pay at https://real.example/pay now' })}
        folders={[]}
        dark={false}
        actions={actions}
        openLink={openLink}
      />,
    );
    const link = screen.getByRole('link', { name: 'https://real.example/pay' });
    expect(link.getAttribute('title')).toBe('https://real.example/pay');
    fireEvent.click(link);
    expect(openLink).not.toHaveBeenCalled();
    const bar = screen.getByRole('region', { name: 'Open link' });
    expect(bar.textContent).toContain('https://real.example/pay');
    fireEvent.click(within(bar).getByRole('button', { name: 'Open link' }));
    expect(openLink).toHaveBeenCalledWith('https://real.example/pay');
  });

  it('lists attachments with name, type and size and saves one on request', async () => {
    const attachment = vi.fn(async () => ({
      ok: true as const,
      value: { filename: 'report.pdf', contentType: 'application/pdf', base64: 'JVBERg==' },
    }));
    const { backend } = fakeBackend({ attachment });
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    const m = detail({
      text: 'See attached',
      attachments: [
        { index: 0, filename: 'report.pdf', contentType: 'application/pdf', size: 2048, inline: false },
        { index: 1, filename: 'logo.png', contentType: 'image/png', size: 10, inline: true },
      ],
    });
    render(
      <MessageView backend={backend} m={m} folders={[]} dark={false} actions={actions} openLink={() => {}} />,
    );
    const list = screen.getByRole('region', { name: 'Attachments' });
    expect(list.textContent).toContain('report.pdf');
    expect(list.textContent).toContain('application/pdf · 2 KB');
    expect(list.textContent).not.toContain('logo.png');
    await act(async () => fireEvent.click(within(list).getByRole('button', { name: 'Save report.pdf' })));
    expect(attachment).toHaveBeenCalledWith({ accountId: 'a1', folder: 'INBOX', id: 'm1' }, 0);
    expect(URL.createObjectURL).toHaveBeenCalled();
  });

  it('toolbar buttons call the actions', () => {
    const { backend } = fakeBackend();
    const m = detail({ text: 'x' });
    render(
      <MessageView backend={backend} m={m} folders={[]} dark={false} actions={actions} openLink={() => {}} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Reply all' }));
    expect(actions.compose).toHaveBeenCalledWith('reply-all', m);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(actions.remove).toHaveBeenCalledWith(m);
  });
});

describe('Reader, headers-only message', () => {
  it('offers to download the whole message', () => {
    const { backend } = fakeBackend();
    const m = detail({ text: '', summary: summary(2, { partial: true }) });
    render(
      <MessageView backend={backend} m={m} folders={[]} dark={false} actions={actions} openLink={() => {}} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download the whole message' }));
    expect(actions.downloadFull).toHaveBeenCalledWith(m);
  });
});

describe('Reader loading', () => {
  it('fetches a message once, however often the parent renders', async () => {
    const m = detail({ text: 'Hello' });
    const { backend, calls } = fakeBackend({ message: async () => ({ ok: true as const, value: m }) });
    const view = render(
      <Reader
        backend={backend}
        target={{ accountId: 'a1', folder: 'INBOX', id: 'm1' }}
        folders={[]}
        dark={false}
        actions={actions}
        openLink={() => {}}
      />,
    );
    await screen.findByRole('heading', { name: 'Quarterly report' });
    view.rerender(
      <Reader
        backend={backend}
        target={{ accountId: 'a1', folder: 'INBOX', id: 'm1' }}
        folders={[]}
        dark
        actions={actions}
        openLink={() => {}}
      />,
    );
    await act(async () => {});
    expect(calls.message).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Quarterly report' })).toBeTruthy();
  });
});
