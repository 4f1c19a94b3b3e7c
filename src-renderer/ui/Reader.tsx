import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentInfo, Folder, MessageDetail, MessageRef } from '../../src-main/model';
import type { Backend } from '../state/backend';
import { displayName, formatAddresses } from '../lib/addresses';
import { formatCount, formatFullDate, formatSize } from '../lib/format';
import { linkify } from '../lib/sanitize';
import { MessageFrame } from './MessageFrame';
import { isTrustedSender, trustSender } from './remote-senders';
import { Icon } from './icons';
import { allFolders } from './folder-order';
import type { ReplyMode } from '../lib/quote';

export interface ReaderActions {
  compose(mode: ReplyMode, m: MessageDetail): void;
  flag(m: MessageDetail): void;
  markUnread(m: MessageDetail): void;
  move(m: MessageDetail, to: string): void;
  remove(m: MessageDetail): void;
  /** Fetch the rest of a headers-only message; the list then opens the full copy. */
  downloadFull(m: MessageDetail): void;
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; m: MessageDetail };

export function Reader({
  backend,
  target,
  folders,
  dark,
  actions,
  openLink,
  onShown,
}: {
  backend: Backend;
  target: MessageRef;
  /** Called once the message is loaded and shown (the list then marks it read). */
  onShown?: (m: MessageDetail) => void;
  folders: Folder[];
  dark: boolean;
  actions: ReaderActions;
  openLink: (href: string) => void;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  const shownRef = useRef(onShown);
  shownRef.current = onShown;
  // Keyed by the values, not the object: a parent re-render must not fetch it again.
  const { accountId, folder, id } = target;
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    void backend.message({ accountId, folder, id }).then((r) => {
      if (!live) return;
      setLoaded(r.ok ? { state: 'ok', m: r.value } : { state: 'error', message: r.error.message });
      if (r.ok) shownRef.current?.(r.value);
    });
    return () => {
      live = false;
    };
  }, [backend, accountId, folder, id]);

  if (loaded.state === 'loading') {
    return (
      <p className="muted reader-note" role="status">
        Opening the message…
      </p>
    );
  }
  if (loaded.state === 'error') {
    return (
      <p className="error reader-note" role="alert">
        {loaded.message}
      </p>
    );
  }
  return (
    <MessageView
      key={target.id}
      backend={backend}
      m={loaded.m}
      folders={folders}
      dark={dark}
      actions={actions}
      openLink={openLink}
    />
  );
}

export function MessageView({
  backend,
  m,
  folders,
  dark,
  actions,
  openLink,
}: {
  backend: Backend;
  m: MessageDetail;
  folders: Folder[];
  dark: boolean;
  actions: ReaderActions;
  openLink: (href: string) => void;
}) {
  const s = m.summary;
  const sender = s.from[0]?.address;
  const [blocked, setBlocked] = useState<{ count: number; urls: string[] }>({ count: 0, urls: [] });
  const [images, setImages] = useState<Map<string, string> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pendingLink, setPendingLink] = useState<string | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);

  const load = useCallback(
    async (urls: string[]) => {
      const map = new Map<string, string>();
      for (const url of urls) {
        const r = await backend.fetchImage(url);
        if (r.ok) map.set(url, r.value.dataUrl);
        else setLoadError(r.error.message);
      }
      setImages(map);
    },
    [backend],
  );

  const onBlocked = useCallback(
    (count: number, urls: string[]) => {
      setBlocked({ count, urls });
      if (urls.length > 0 && isTrustedSender(sender)) void load(urls);
    },
    [sender, load],
  );

  async function save(a: AttachmentInfo) {
    setSaveError(null);
    const r = await backend.attachment({ accountId: s.accountId, folder: s.folder, id: s.id }, a.index);
    if (!r.ok) {
      setSaveError(r.error.message);
      return;
    }
    const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: r.value.contentType }));
    const link = document.createElement('a');
    link.href = url;
    link.download = r.value.filename ?? a.filename ?? 'attachment';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // Inline parts (cid: images of the HTML) are part of the body, not files to save.
  const files = m.attachments.filter((a) => !a.inline);
  const targets = allFolders(folders).filter((f) => f.selectable && f.path !== s.folder);

  return (
    <article className="reader" aria-labelledby="reader-subject">
      <div className="reader-toolbar" role="toolbar" aria-label="Message actions">
        <button type="button" onClick={() => actions.compose('reply', m)}>
          Reply
        </button>
        <button type="button" onClick={() => actions.compose('reply-all', m)}>
          Reply all
        </button>
        <button type="button" onClick={() => actions.compose('forward', m)}>
          Forward
        </button>
        <button type="button" aria-pressed={s.flags.flagged} onClick={() => actions.flag(m)}>
          {s.flags.flagged ? 'Unflag' : 'Flag'}
        </button>
        <button type="button" onClick={() => actions.markUnread(m)}>
          Mark unread
        </button>
        <select
          aria-label="Move to folder"
          value=""
          onChange={(e) => {
            if (e.target.value !== '') actions.move(m, e.target.value);
          }}
        >
          <option value="">Move to…</option>
          {targets.map((f) => (
            <option key={f.path} value={f.path}>
              {f.path}
            </option>
          ))}
        </select>
        <button type="button" className="danger" onClick={() => actions.remove(m)}>
          Delete
        </button>
      </div>

      <header className="reader-head">
        <h1 id="reader-subject" tabIndex={-1}>
          {s.subject || '(no subject)'}
        </h1>
        <dl className="reader-meta">
          <dt>From</dt>
          <dd>
            <strong>{displayName(s.from)}</strong> <span className="muted">{s.from[0]?.address}</span>
          </dd>
          <dt>To</dt>
          <dd>{formatAddresses(s.to) || '—'}</dd>
          {m.cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{formatAddresses(m.cc)}</dd>
            </>
          )}
          <dt>Date</dt>
          <dd>
            <time dateTime={s.date}>{formatFullDate(s.date)}</time>
          </dd>
        </dl>
      </header>

      {blocked.urls.length > 0 && images === null && (
        <div className="remote-bar" role="region" aria-label="Remote content">
          <span>Remote content blocked</span>
          <span className="muted small">
            {formatCount(blocked.urls.length, 'image')} from the internet could tell the sender you read this.
          </span>
          <button type="button" onClick={() => void load(blocked.urls)}>
            Load
          </button>
          {sender !== undefined && (
            <button
              type="button"
              onClick={() => {
                trustSender(sender);
                void load(blocked.urls);
              }}
            >
              Always load from {sender}
            </button>
          )}
        </div>
      )}
      {loadError !== null && (
        <p className="error small" role="alert">
          {loadError}
        </p>
      )}

      {pendingLink !== null && (
        <div className="link-bar" role="region" aria-label="Open link">
          <span>
            Open <code className="link-target">{pendingLink}</code>?
          </span>
          <button
            type="button"
            className="primary"
            onClick={() => {
              openLink(pendingLink);
              setPendingLink(null);
            }}
          >
            Open link
          </button>
          <button type="button" onClick={() => setPendingLink(null)}>
            Cancel
          </button>
        </div>
      )}

      <div className="reader-body">
        {m.html !== null ? (
          <MessageFrame
            html={m.html}
            dark={dark}
            images={images}
            onBlocked={onBlocked}
            onLink={setPendingLink}
            onHover={setHover}
          />
        ) : (
          <pre className="plain-body">
            {linkify(m.text ?? '').map((p, i) =>
              p.kind === 'text' ? (
                p.text
              ) : (
                <a
                  key={i}
                  href={p.href}
                  title={p.href}
                  onClick={(e) => {
                    e.preventDefault();
                    setPendingLink(p.href);
                  }}
                >
                  {p.text}
                </a>
              ),
            )}
          </pre>
        )}
        {s.partial && (
          <p className="note">
            Only the headers of this large message were downloaded.{' '}
            <button type="button" onClick={() => actions.downloadFull(m)}>
              Download the whole message
            </button>
          </p>
        )}
      </div>

      {files.length > 0 && (
        <section className="attachments" aria-label="Attachments">
          <h2 className="section-title">
            <Icon name="paperclip" size={14} /> {formatCount(files.length, 'attachment')}
          </h2>
          <ul>
            {files.map((a) => (
              <li key={a.index}>
                <span className="att-name">{a.filename ?? '(unnamed)'}</span>
                <span className="muted small">
                  {a.contentType} · {formatSize(a.size)}
                </span>
                <button
                  type="button"
                  onClick={() => void save(a)}
                  aria-label={`Save ${a.filename ?? 'attachment'}`}
                >
                  Save
                </button>
              </li>
            ))}
          </ul>
          {saveError !== null && (
            <p className="error small" role="alert">
              {saveError}
            </p>
          )}
        </section>
      )}
      <div className="hover-target" aria-live="polite">
        {hover !== null ? hover : ''}
      </div>
    </article>
  );
}
