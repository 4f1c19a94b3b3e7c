import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import type { Account, ComposeDraft, MailAddress, MessageSummary, SyncProgress } from '../../src-main/model';
import type { Backend } from '../state/backend';
import type { ComposeSeed } from '../lib/quote';
import { formatAddresses, parseAddresses } from '../lib/addresses';
import { sendProblems, sendWarnings, type ComposeFields } from '../lib/compose-check';
import { formatSize } from '../lib/format';
import { AddressField } from './AddressField';
import { useModal } from './useModal';

interface FileItem {
  filename: string;
  contentType: string;
  base64: string;
  size: number;
}

export const AUTOSAVE_MS = 3000;

function readFile(file: File): Promise<FileItem> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({
        filename: file.name,
        contentType: file.type || 'application/octet-stream',
        base64: url.slice(url.indexOf(',') + 1),
        size: file.size,
      });
    };
    reader.readAsDataURL(file);
  });
}

export function Composer({
  backend,
  accounts,
  accountId: initialAccount,
  seed,
  known,
  progress,
  onClose,
  onSent,
}: {
  backend: Backend;
  accounts: Account[];
  accountId: string;
  seed: ComposeSeed | null;
  known: readonly MailAddress[];
  progress: SyncProgress | undefined;
  onClose: () => void;
  onSent: (text: string) => void;
}) {
  const ref = useModal<HTMLDialogElement>(onClose);
  const ids = { from: useId(), subject: useId(), body: useId(), files: useId() };
  const [accountId, setAccountId] = useState(initialAccount);
  const [fields, setFields] = useState<ComposeFields>({
    to: seed === null ? '' : formatAddresses(seed.to),
    cc: seed === null ? '' : formatAddresses(seed.cc),
    bcc: '',
    subject: seed?.subject ?? '',
    text: seed?.text ?? '',
  });
  const [showCc, setShowCc] = useState((seed?.cc.length ?? 0) > 0);
  const [files, setFiles] = useState<FileItem[]>([]);
  const [tried, setTried] = useState(false);
  const [state, setState] = useState<
    { kind: 'editing' } | { kind: 'sending' } | { kind: 'failed'; message: string; serverText?: string }
  >({ kind: 'editing' });
  const [draftNote, setDraftNote] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const lastDraft = useRef<MessageSummary | null>(null);
  const dirty = useRef(false);

  const set = (patch: Partial<ComposeFields>) => {
    dirty.current = true;
    setFields((f) => ({ ...f, ...patch }));
  };

  function draft(): ComposeDraft {
    const list = (text: string) =>
      parseAddresses(text).valid.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address));
    return {
      to: list(fields.to),
      cc: list(fields.cc),
      bcc: list(fields.bcc),
      subject: fields.subject,
      text: fields.text,
      ...(seed?.inReplyTo ? { inReplyTo: seed.inReplyTo } : {}),
      ...(seed !== null && seed.references.length > 0 ? { references: seed.references } : {}),
      ...(files.length > 0
        ? {
            attachments: files.map(({ filename, contentType, base64 }) => ({
              filename,
              contentType,
              base64,
            })),
          }
        : {}),
    };
  }

  async function saveDraft(): Promise<void> {
    if (!dirty.current) return;
    dirty.current = false;
    const r = await backend.saveDraft(accountId, draft());
    if (!r.ok) {
      setDraftNote(`Draft not saved: ${r.error.message}`);
      return;
    }
    // The service stores a new draft each time; the previous one goes.
    const old = lastDraft.current;
    lastDraft.current = r.value;
    if (old !== null) void backend.remove({ accountId: old.accountId, folder: old.folder, ids: [old.id] });
    setDraftNote(
      `Draft saved at ${new Date().toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`,
    );
  }

  // Drafts save themselves a moment after the typing stops.
  useEffect(() => {
    if (!dirty.current || state.kind === 'sending') return;
    const timer = setTimeout(() => void saveDraft(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  });

  async function send() {
    setTried(true);
    if (sendProblems(fields).length > 0) return;
    setState({ kind: 'sending' });
    const r = await backend.send(accountId, draft());
    if (!r.ok) {
      setState({
        kind: 'failed',
        message: r.error.message,
        ...(r.error.serverText ? { serverText: r.error.serverText } : {}),
      });
      return;
    }
    const item = r.value;
    if (item.status === 'failed') {
      setState({
        kind: 'failed',
        message:
          item.lastError?.message ?? 'The server refused the message; check the recipients and send again.',
        ...(item.lastError?.serverText ? { serverText: item.lastError.serverText } : {}),
      });
      return;
    }
    const old = lastDraft.current;
    if (old !== null) void backend.remove({ accountId: old.accountId, folder: old.folder, ids: [old.id] });
    dirty.current = false;
    onSent(
      item.status === 'sent'
        ? 'Message sent.'
        : item.status === 'queued'
          ? `Message queued: Mailwright will try again${item.lastError ? ` (${item.lastError.message})` : ''}.`
          : 'Message handed over; delivery is being confirmed.',
    );
  }

  async function addFiles(list: FileList | null) {
    if (list === null) return;
    const read = await Promise.all([...list].map(readFile));
    dirty.current = true;
    setFiles((f) => [...f, ...read]);
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void addFiles(e.dataTransfer.files);
  }

  const problems = tried ? sendProblems(fields) : [];
  const warnings = sendWarnings(fields);
  const sending = state.kind === 'sending';
  const title = seed === null ? 'New message' : fields.subject || 'Reply';

  return (
    <dialog
      ref={ref}
      className={`dialog composer${dragging ? ' dragging' : ''}`}
      aria-labelledby="composer-title"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <h2 id="composer-title">{title}</h2>
        {accounts.length > 1 && (
          <div className="field">
            <label htmlFor={ids.from}>From</label>
            <select id={ids.from} value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.displayName ? `${a.displayName} <${a.address}>` : a.address}
                </option>
              ))}
            </select>
          </div>
        )}
        <AddressField
          label="To"
          value={fields.to}
          onChange={(to) => set({ to })}
          known={known}
          showErrors={tried}
        />
        {showCc ? (
          <>
            <AddressField
              label="Cc"
              value={fields.cc}
              onChange={(cc) => set({ cc })}
              known={known}
              showErrors={tried}
            />
            <AddressField
              label="Bcc"
              value={fields.bcc}
              onChange={(bcc) => set({ bcc })}
              known={known}
              showErrors={tried}
            />
          </>
        ) : (
          <button type="button" className="link-button" onClick={() => setShowCc(true)}>
            Add Cc and Bcc
          </button>
        )}
        <div className="field">
          <label htmlFor={ids.subject}>Subject</label>
          <input
            id={ids.subject}
            type="text"
            value={fields.subject}
            onChange={(e) => set({ subject: e.target.value })}
          />
        </div>
        <div className="field grow">
          <label htmlFor={ids.body}>Message</label>
          <textarea
            id={ids.body}
            rows={12}
            value={fields.text}
            onChange={(e) => set({ text: e.target.value })}
          />
        </div>
        <div className="attach-row">
          <label className="file-button" htmlFor={ids.files}>
            Attach files
          </label>
          <input
            id={ids.files}
            type="file"
            multiple
            className="visually-hidden"
            onChange={(e) => {
              void addFiles(e.target.files);
              e.target.value = '';
            }}
          />
          <span className="muted small">or drop files here</span>
        </div>
        {files.length > 0 && (
          <ul className="file-list" aria-label="Attached files">
            {files.map((f, i) => (
              <li key={`${f.filename}-${i}`}>
                <span>{f.filename}</span>
                <span className="muted small">{formatSize(f.size)}</span>
                <button
                  type="button"
                  aria-label={`Remove ${f.filename}`}
                  onClick={() => {
                    dirty.current = true;
                    setFiles((all) => all.filter((_, j) => j !== i));
                  }}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        {problems.length > 0 && (
          <div role="alert" className="form-error">
            {problems.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
        )}
        {state.kind === 'failed' && (
          <div role="alert" className="form-error">
            <p>{state.message}</p>
            {state.serverText !== undefined && (
              <p>
                The server said: <q className="server-text">{state.serverText}</q>
              </p>
            )}
          </div>
        )}
        {sending && (
          <div className="send-progress" role="status">
            <progress
              aria-label="Sending"
              {...(progress?.phase === 'sending' && progress.total !== null
                ? { value: progress.done, max: progress.total }
                : {})}
            />
            <span>Sending…</span>
          </div>
        )}
        <div className="dialog-actions composer-actions">
          <span className="muted small" role="status">
            {draftNote ?? (warnings.length > 0 && tried ? warnings.join(' ') : '')}
          </span>
          <button
            type="button"
            onClick={() => {
              void saveDraft().finally(() => ref.current?.close());
            }}
          >
            Close
          </button>
          <button type="submit" className="primary" disabled={sending}>
            Send
          </button>
        </div>
      </form>
    </dialog>
  );
}
